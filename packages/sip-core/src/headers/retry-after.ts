/**
 * Retry-After (RFC 3261 section 20.33): `delta-seconds [ comment ] *( SEMI retry-param )`.
 */
import { DIGIT, isClass } from '../grammar/chars.js';
import { fail, ok, type Result } from '../grammar/result.js';
import { readUint, skipWs, UINT32_MAX } from '../grammar/scan.js';
import type { UriParam } from '../uri/types.js';
import { findParam, paramsError, scanParams } from './params.js';
import type { RetryAfter } from './types.js';

const CODE = 'bad-retry-after';

/** Scans a comment `( ... )` with nesting and quoted-pairs from `pos`; returns its end or -1. */
const scanComment = (text: string, pos: number, end: number): number => {
  let depth = 0;
  for (let i = pos; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return i + 1;
  }
  return -1;
};

/** Parses Retry-After; the comment is returned without its parentheses. */
export const parseRetryAfter = (value: string): Result<RetryAfter> => {
  const end = value.length;
  let i = skipWs(value, 0, end);
  const dStart = i;
  while (i < end && isClass(value.charCodeAt(i), DIGIT)) i++;
  if (i === dStart) return fail(CODE, 'bad Retry-After', i);
  const seconds = readUint(value, dStart, i, UINT32_MAX);
  // RFC 4475 scalarlg: 949302838503028349304023988.
  if (seconds < 0) return fail('out-of-range', 'Retry-After out of range', dStart);
  i = skipWs(value, i, end);
  let comment: string | undefined;
  if (i < end && value.charCodeAt(i) === 0x28) {
    const c = scanComment(value, i, end);
    if (c < 0) return fail(CODE, 'unterminated comment', i);
    comment = value.slice(i + 1, c - 1);
    i = skipWs(value, c, end);
  }
  const params: UriParam[] = [];
  if (i < end) {
    if (value.charCodeAt(i) !== 0x3b) return fail(CODE, 'unexpected character', i);
    const pEnd = scanParams(value, i, end, params);
    if (pEnd < 0) return fail(CODE, paramsError.reason, ~pEnd);
    if (pEnd < end) return fail(CODE, 'unexpected character in parameters', pEnd);
  }
  const d = findParam(params, 'duration');
  let duration: number | undefined;
  if (d !== null) {
    duration = d === undefined ? -1 : readUint(d, 0, d.length, UINT32_MAX);
    if (duration < 0) return fail(CODE, 'bad duration parameter', 0);
  }
  return ok({ seconds, comment, duration, params });
};
