/**
 * Event, Allow-Events elements and Subscription-State (RFC 6665 sections 8.2.1 and 8.2.3),
 * Content-Disposition (RFC 3261 section 20.11).
 */
import { fail, ok, type Result } from '../grammar/result.js';
import { readUint, UINT32_MAX, unquoteValue } from '../grammar/scan.js';
import { findParam } from './params.js';
import { parseLeadWithParams } from './token-params.js';
import type { ContentDisposition, SubscriptionState, TokenWithParams } from './types.js';

/**
 * Parses Event: `event-type *( SEMI event-param )`, the type a package name with
 * optional `.template` parts (a token, kept as written: package names are
 * compared case-sensitively), `id` among the parameters.
 */
export const parseEvent = (value: string): Result<TokenWithParams> => {
  const r = parseLeadWithParams(value, 'bad-event');
  if (!r.ok) return r;
  const id = findParam(r.value.params, 'id');
  if (id === undefined) return fail('bad-event', 'id without value', 0);
  return r;
};

/** The `id` parameter of an Event value, unquoted, or undefined. */
export const eventId = (e: TokenWithParams): string | undefined => {
  const id = findParam(e.params, 'id');
  return id == null ? undefined : unquoteValue(id);
};

const delta = (v: string | undefined | null): number | undefined | -1 => {
  if (v === null) return undefined;
  if (v === undefined) return -1;
  return readUint(v, 0, v.length, UINT32_MAX);
};

/**
 * Parses Subscription-State: `substate-value *( SEMI subexp-params )` with
 * `expires`, `retry-after` (delta-seconds) and `reason`. The state is
 * lower-cased (`active`, `pending`, `terminated` or an extension).
 */
export const parseSubscriptionState = (value: string): Result<SubscriptionState> => {
  const r = parseLeadWithParams(value, 'bad-subscription-state');
  if (!r.ok) return r;
  const { params } = r.value;
  const expires = delta(findParam(params, 'expires'));
  const retryAfter = delta(findParam(params, 'retry-after'));
  if (expires === -1 || retryAfter === -1)
    return fail('bad-subscription-state', 'bad delta-seconds parameter', 0);
  const reason = findParam(params, 'reason');
  if (reason === undefined) return fail('bad-subscription-state', 'reason without value', 0);
  return ok({ state: r.value.value.toLowerCase(), expires, retryAfter, reason: reason ?? undefined, params });
};

/** Parses Content-Disposition: `disp-type *( SEMI disp-param )`, the type lower-cased. */
export const parseContentDisposition = (value: string): Result<ContentDisposition> => {
  const r = parseLeadWithParams(value, 'bad-content-disposition');
  return r.ok ? ok({ value: r.value.value.toLowerCase(), params: r.value.params }) : r;
};
