/**
 * Replaces (RFC 3891 section 6.1), also as embedded in a Refer-To URI (section 7.1).
 */
import { isClass, WORD } from '../grammar/chars.js';
import { unescapeUriComponent } from '../grammar/escape.js';
import { fail, ok, type Result } from '../grammar/result.js';
import { isSipUri, uriHeader } from '../uri/format.js';
import type { Uri } from '../uri/types.js';
import { findParam, formatParamsWith } from './params.js';
import { parseLeadWithParams } from './token-params.js';
import type { Replaces } from './types.js';

const CODE = 'bad-replaces';
const isCallIdChar = (c: number): boolean => c === 0x40 || isClass(c, WORD);

/** Parses Replaces: `callid *(SEMI replaces-param)` with required `to-tag` and `from-tag`. */
export const parseReplaces = (value: string): Result<Replaces> => {
  const r = parseLeadWithParams(value, CODE, isCallIdChar);
  if (!r.ok) return r;
  const callId = r.value.value;
  const at = callId.indexOf('@');
  if (at === 0 || at === callId.length - 1 || (at >= 0 && callId.indexOf('@', at + 1) >= 0))
    return fail(CODE, 'bad Call-ID', 0);
  const { params } = r.value;
  const toTag = findParam(params, 'to-tag');
  const fromTag = findParam(params, 'from-tag');
  if (toTag == null || fromTag == null) return fail(CODE, 'missing to-tag or from-tag', 0);
  const earlyOnly = findParam(params, 'early-only');
  return ok({ callId, toTag, fromTag, earlyOnly: earlyOnly !== null, params });
};

/**
 * The Replaces carried, escaped, in the headers of a Refer-To URI
 * (RFC 3891 section 7.1: `?Replaces=12345%40h%3Bto-tag%3D1%3Bfrom-tag%3D2`),
 * or undefined when there is none or it does not parse.
 */
export const replacesFromReferTo = (uri: Uri): Replaces | undefined => {
  if (!isSipUri(uri)) return undefined;
  const raw = uriHeader(uri, 'replaces');
  if (raw === undefined) return undefined;
  const r = parseReplaces(unescapeUriComponent(raw));
  return r.ok ? r.value : undefined;
};

/** Serializes Replaces; the fields win over parameters of the same name. */
export const formatReplaces = (v: Replaces): string =>
  v.callId +
  formatParamsWith(v.params, [
    ['to-tag', v.toTag],
    ['from-tag', v.fromTag],
    ['early-only', v.earlyOnly ? true : undefined],
  ]);
