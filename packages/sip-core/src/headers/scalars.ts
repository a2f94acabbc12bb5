/**
 * Single-value headers made of numbers and tokens: CSeq, Call-ID, Expires and
 * other delta-seconds, Max-Forwards, RSeq, RAck (RFC 3262), Timestamp.
 */
import { DIGIT, isClass, TOKEN, WORD } from '../grammar/chars.js';
import { fail, ok, type Result } from '../grammar/result.js';
import { readUint, scanClass, skipWs, UINT32_MAX } from '../grammar/scan.js';
import type { CSeq, RAck, Timestamp } from './types.js';

/** Reads digits at `pos`; returns their end. */
const scanDigits = (text: string, pos: number, end: number): number => {
  while (pos < end && isClass(text.charCodeAt(pos), DIGIT)) pos++;
  return pos;
};

/** A number that is all digits but too large is `out-of-range`; anything else is a syntax error. */
const numberError = (code: string, what: string, start: number, stop: number) =>
  stop > start ? fail('out-of-range', `${what} out of range`, start) : fail(code, `bad ${what}`, start);

/** Parses CSeq: `1*DIGIT LWS Method`, the number at most 2**32-1 (RFC 4475 scalar02). */
export const parseCSeq = (value: string): Result<CSeq> => parseCSeqRange(value, 0, value.length);

/**
 * CSeq held in `text[from, end)` when it is well formed, else undefined
 * ({@link parseCSeqRange} says why): the typed header reads it this way,
 * without a result object around the value.
 */
export const cseqAt = (value: string, from: number, end: number): CSeq | undefined => {
  const start = skipWs(value, from, end);
  // Digits and their value in one pass.
  let dEnd = start;
  let seq = 0;
  while (dEnd < end) {
    const d = value.charCodeAt(dEnd) - 0x30;
    if (d < 0 || d > 9) break;
    seq = seq * 10 + d;
    dEnd++;
  }
  const mStart = skipWs(value, dEnd, end);
  if (dEnd === start || seq > UINT32_MAX || mStart === dEnd) return undefined;
  const mEnd = scanClass(value, mStart, end, TOKEN);
  if (mEnd === mStart || skipWs(value, mEnd, end) !== end) return undefined;
  return { seq, method: value.slice(mStart, mEnd) };
};

/** Parses CSeq held in `text[from, end)`; error offsets are positions in `text`. */
export const parseCSeqRange = (value: string, from: number, end: number): Result<CSeq> => {
  const cseq = cseqAt(value, from, end);
  if (cseq !== undefined) return ok(cseq);
  // Not a CSeq: find where it goes wrong, for the error.
  const start = skipWs(value, from, end);
  const dEnd = scanDigits(value, start, end);
  if (dEnd === start || readUint(value, start, dEnd, UINT32_MAX) < 0)
    return numberError('bad-cseq', 'CSeq number', start, dEnd);
  const mStart = skipWs(value, dEnd, end);
  if (mStart === dEnd) return fail('bad-cseq', 'bad CSeq', dEnd);
  const mEnd = scanClass(value, mStart, end, TOKEN);
  if (mEnd === mStart) return fail('bad-cseq', 'missing CSeq method', mStart);
  return fail('bad-cseq', 'bad CSeq method', mEnd);
};

/** Parses Call-ID: `word [ "@" word ]`. Returns the value as written. */
export const parseCallId = (value: string): Result<string> => parseCallIdRange(value, 0, value.length);

/** callid = word [ "@" word ] (RFC 3261 section 25.1), tested in one native pass. */
const CALL_ID = /^[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+(?:@[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+)?$/;

/** Call-ID held in `text[start, end)`, cut out, when it is well formed; else undefined. */
export const callIdAt = (value: string, start: number, end: number): string | undefined => {
  const id = start === 0 && end === value.length ? value : value.slice(start, end);
  return CALL_ID.test(id) ? id : undefined;
};

/**
 * Parses Call-ID held in `text[start, end)` and returns it cut out; error
 * offsets are positions in `text`.
 */
export const parseCallIdRange = (value: string, start: number, end: number): Result<string> => {
  const id = callIdAt(value, start, end);
  if (id !== undefined) return ok(id);
  // Not a Call-ID: find where it goes wrong, for the error offset.
  let i = start;
  while (i < end && isClass(value.charCodeAt(i), WORD)) i++;
  if (i === start) return fail('bad-call-id', 'empty Call-ID', start);
  if (i < end && value.charCodeAt(i) === 0x40) {
    const s = ++i;
    while (i < end && isClass(value.charCodeAt(i), WORD)) i++;
    if (i === s) return fail('bad-call-id', 'bad Call-ID', i);
  }
  return fail('bad-call-id', 'invalid character in Call-ID', i);
};

const parseBoundedUint = (value: string, max: number, code: string, what: string): Result<number> => {
  const end = value.length;
  const dEnd = scanDigits(value, 0, end);
  if (dEnd < end || dEnd === 0) return fail(code, `bad ${what}`, dEnd);
  const n = readUint(value, 0, dEnd, max);
  return n < 0 ? fail('out-of-range', `${what} out of range`, 0) : ok(n);
};

/**
 * Parses delta-seconds (Expires, Min-Expires, Min-SE, Content-Length):
 * digits only, at most 2**32-1.
 */
export const parseDeltaSeconds = (value: string): Result<number> =>
  parseBoundedUint(value, UINT32_MAX, 'bad-number', 'number');

/** Parses Max-Forwards: 0 to 255 (RFC 4475 scalar02 has 300). */
export const parseMaxForwards = (value: string): Result<number> =>
  parseBoundedUint(value, 255, 'bad-max-forwards', 'Max-Forwards');

/** Parses RSeq (RFC 3262 section 7.1): 1 to 2**32-1. */
export const parseRSeq = (value: string): Result<number> => {
  const r = parseBoundedUint(value, UINT32_MAX, 'bad-rseq', 'RSeq');
  return r.ok && r.value === 0 ? fail('out-of-range', 'RSeq out of range', 0) : r;
};

/** Parses RAck (RFC 3262 section 7.2): `response-num LWS CSeq-num LWS Method`. */
export const parseRAck = (value: string): Result<RAck> => {
  const end = value.length;
  const start = skipWs(value, 0, end);
  const rEnd = scanDigits(value, start, end);
  const rseq = readUint(value, start, rEnd, UINT32_MAX);
  if (rseq <= 0)
    return rseq === 0
      ? fail('out-of-range', 'RSeq out of range', start)
      : numberError('bad-rack', 'RAck', start, rEnd);
  const cStart = skipWs(value, rEnd, end);
  if (cStart === rEnd) return fail('bad-rack', 'bad RAck', rEnd);
  const r = parseCSeq(value.slice(cStart));
  if (!r.ok)
    return fail(r.error.code === 'bad-cseq' ? 'bad-rack' : r.error.code, 'bad RAck', cStart + r.error.offset);
  return ok({ rseq, cseq: r.value.seq, method: r.value.method });
};

const DECIMAL = /^\d+(\.\d*)?$/;

/** Parses Timestamp (RFC 3261 section 20.38): `1*DIGIT ["." *DIGIT] [LWS delay]`. */
export const parseTimestamp = (value: string): Result<Timestamp> => {
  const parts = value.trim().split(/[ \t\r\n]+/);
  if (parts.length > 2 || !DECIMAL.test(parts[0]!)) return fail('bad-timestamp', 'bad Timestamp', 0);
  const delay = parts[1];
  if (delay !== undefined && !DECIMAL.test(delay))
    return fail('bad-timestamp', 'bad Timestamp delay', value.indexOf(delay));
  return ok({ value: Number(parts[0]), delay: delay === undefined ? undefined : Number(delay) });
};

/** Serializes CSeq. */
export const formatCSeq = (v: CSeq): string => `${v.seq} ${v.method}`;

/** Serializes RAck. */
export const formatRAck = (v: RAck): string => `${v.rseq} ${v.cseq} ${v.method}`;
