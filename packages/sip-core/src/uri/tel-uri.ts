/**
 * tel URIs (RFC 3966 section 3).
 */
import { ALNUM, DIGIT, HEX, isClass, PARAM } from '../grammar/chars.js';
import { scanEscaped } from '../grammar/escape.js';
import { fail, ok, type Result } from '../grammar/result.js';
import type { TelUri, UriParam } from './types.js';

const EMPTY: readonly UriParam[] = Object.freeze([]);

const bad = (reason: string, offset: number) => fail('bad-uri', reason, offset);

/** visual-separator = "-" / "." / "(" / ")" */
export const isVisualSeparator = (c: number): boolean => c === 0x2d || c === 0x2e || c === 0x28 || c === 0x29;

/**
 * Checks a telephone-subscriber number in `text[start, end)`: a global number
 * (`+` then digits and separators) or a local number (hex digits, `*`, `#`
 * and separators). Returns the offset of the first bad character, or -1.
 */
const checkNumber = (text: string, start: number, end: number): number => {
  const global = text.charCodeAt(start) === 0x2b;
  let digits = 0;
  for (let i = global ? start + 1 : start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (global ? isClass(c, DIGIT) : isClass(c, HEX) || c === 0x2a || c === 0x23) digits++;
    else if (!isVisualSeparator(c)) return i;
  }
  return digits > 0 ? -1 : end;
};

/**
 * Parses the part of a tel URI after `tel:` (`pos` points after the colon) up to `end`.
 * A local number without `phone-context` is accepted (RFC 3966 requires the
 * parameter, but such URIs are common and unambiguous inside one network).
 */
export const parseTelUriAt = (text: string, pos: number, end: number): Result<TelUri> => {
  let i = pos;
  while (i < end && text.charCodeAt(i) !== 0x3b) i++;
  if (i === pos) return bad('empty telephone number', pos);
  const badAt = checkNumber(text, pos, i);
  if (badAt >= 0) return bad('invalid character in telephone number', badAt);
  const number = text.slice(pos, i);
  let params = EMPTY;
  if (i < end) {
    const list: UriParam[] = [];
    while (i < end && text.charCodeAt(i) === 0x3b) {
      const nameStart = i + 1;
      let nameEnd = nameStart;
      // pname = 1*( alphanum / "-" )
      while (nameEnd < end && (isClass(text.charCodeAt(nameEnd), ALNUM) || text.charCodeAt(nameEnd) === 0x2d))
        nameEnd++;
      if (nameEnd === nameStart) return bad('bad tel URI parameter', nameStart);
      let value: string | undefined;
      i = nameEnd;
      if (i < end && text.charCodeAt(i) === 0x3d) {
        const valueEnd = scanEscaped(text, i + 1, end, PARAM);
        if (valueEnd === i + 1) return bad('bad tel URI parameter value', i + 1);
        value = text.slice(i + 1, valueEnd);
        i = valueEnd;
      }
      list.push({ name: text.slice(nameStart, nameEnd), value });
    }
    if (i < end) return bad('invalid character in tel URI', i);
    params = list;
  }
  return ok({ scheme: 'tel', number, params });
};
