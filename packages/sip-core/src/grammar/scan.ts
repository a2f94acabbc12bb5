/**
 * Low-level scanners over a range of a string. Each takes the text and a
 * position and returns a new position; none allocates. Ranges are half-open.
 */
import { isClass, WS } from './chars.js';

/** Skips SP, HTAB and leftover CR/LF (LWS after unfolding) from `pos`. */
export const skipWs = (text: string, pos: number, end: number): number => {
  while (pos < end && isClass(text.charCodeAt(pos), WS)) pos++;
  return pos;
};

/** Skips white space backwards: returns the end of the range trimmed on the right. */
export const trimWsEnd = (text: string, start: number, end: number): number => {
  while (end > start && isClass(text.charCodeAt(end - 1), WS)) end--;
  return end;
};

/** Scans characters of class `flags` from `pos`; returns the first position outside the class. */
export const scanClass = (text: string, pos: number, end: number, flags: number): number => {
  while (pos < end && isClass(text.charCodeAt(pos), flags)) pos++;
  return pos;
};

/**
 * Scans a quoted-string starting at the opening `"` at `pos`. Returns the
 * position after the closing quote, or -1 when the string is unterminated
 * (RFC 4475 quotbal) or a quoted-pair escapes CR or LF (section 25.1).
 * Other characters are taken as they are: a header value arrives unfolded,
 * and RFC 4475 intmeth puts escaped control characters inside quotes.
 */
export const scanQuoted = (text: string, pos: number, end: number): number => {
  pos++;
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c === 0x22) return pos + 1;
    if (c === 0x5c) {
      // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F); section 25.1
      if (pos + 1 >= end) return -1;
      const n = text.charCodeAt(pos + 1);
      if (n === 0x0a || n === 0x0d) return -1;
      pos += 2;
      continue;
    }
    pos++;
  }
  return -1;
};

/** The content of the quoted-string `text[start, end)` (quotes included) with quoted-pairs undone. */
export const unquote = (text: string, start: number, end: number): string => {
  const inner = text.slice(start + 1, end - 1);
  if (inner.indexOf('\\') < 0) return inner;
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c === '\\' && i + 1 < inner.length) {
      out += inner[i + 1];
      i++;
    } else out += c;
  }
  return out;
};

/** Wraps `s` in double quotes, escaping `"` and `\` (RFC 3261 section 25.1 quoted-pair). */
export const quoteString = (s: string): string => {
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) {
      plain = false;
      break;
    }
  }
  return plain ? `"${s}"` : `"${s.replace(/["\\]/g, '\\$&')}"`;
};

/** If `value` is a quoted-string, its unquoted content; otherwise `value` itself. */
export const unquoteValue = (value: string): string =>
  value.length >= 2 && value.charCodeAt(0) === 0x22 && value.charCodeAt(value.length - 1) === 0x22
    ? unquote(value, 0, value.length)
    : value;

/**
 * Reads decimal digits in `[start, end)` as an unsigned integer no larger than
 * `max`. Returns -1 if the range is empty, holds a non-digit, or overflows.
 * Leading zeros are allowed (RFC 4475 wsinv: `0068`).
 */
export const readUint = (text: string, start: number, end: number, max: number): number => {
  if (start >= end) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
    if (n > max) return -1;
  }
  return n;
};

/** Largest value of a 32-bit unsigned field (CSeq, delta-seconds, RSeq). */
export const UINT32_MAX = 0xffffffff;
