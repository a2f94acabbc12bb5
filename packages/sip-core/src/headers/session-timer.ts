/**
 * Session-Expires and Min-SE (RFC 4028 sections 4 and 5).
 */
import { DIGIT, isClass } from '../grammar/chars.js';
import { fail, ok, type Result } from '../grammar/result.js';
import { readUint, UINT32_MAX } from '../grammar/scan.js';
import { findParam, formatParamsWith } from './params.js';
import { parseLeadWithParams } from './token-params.js';
import type { SessionExpires } from './types.js';

const CODE = 'bad-session-expires';
const isDigit = (c: number): boolean => isClass(c, DIGIT);

/** Parses Session-Expires: `delta-seconds *( SEMI se-params )`, `refresher` = `uac` / `uas`. */
export const parseSessionExpires = (value: string): Result<SessionExpires> => {
  const r = parseLeadWithParams(value, CODE, isDigit);
  if (!r.ok) return r;
  const d = r.value.value;
  const deltaSeconds = readUint(d, 0, d.length, UINT32_MAX);
  if (deltaSeconds < 0) return fail('out-of-range', 'Session-Expires out of range', 0);
  const refresher = findParam(r.value.params, 'refresher');
  let who: 'uac' | 'uas' | undefined;
  if (refresher !== null) {
    const l = refresher?.toLowerCase();
    if (l !== 'uac' && l !== 'uas') return fail(CODE, 'bad refresher parameter', 0);
    who = l;
  }
  return ok({ deltaSeconds, refresher: who, params: r.value.params });
};

/** Serializes Session-Expires; `refresher` wins over the parameter. */
export const formatSessionExpires = (v: SessionExpires): string =>
  `${v.deltaSeconds}${formatParamsWith(v.params, [['refresher', v.refresher]])}`;

/** Parses Min-SE (RFC 4028 section 5): `delta-seconds *( SEMI generic-param )`; gives the seconds. */
export const parseMinSe = (value: string): Result<number> => {
  const r = parseLeadWithParams(value, 'bad-min-se', isDigit);
  if (!r.ok) return r;
  const d = r.value.value;
  const n = readUint(d, 0, d.length, UINT32_MAX);
  return n < 0 ? fail('out-of-range', 'Min-SE out of range', 0) : ok(n);
};
