/**
 * `%HH` escaping of URI components (RFC 3261 section 19.1.2, RFC 3986 section 2.1).
 */
import { HEX, isClass, USER } from './chars.js';

/**
 * Scans characters of class `flags` and valid `%HH` escapes from `pos`.
 * Returns the first position that is neither; a `%` there means a bad escape.
 */
export const scanEscaped = (text: string, pos: number, end: number, flags: number): number => {
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c < 128 && isClass(c, flags)) {
      pos++;
    } else if (
      c === 0x25 &&
      pos + 2 < end &&
      isClass(text.charCodeAt(pos + 1), HEX) &&
      isClass(text.charCodeAt(pos + 2), HEX)
    ) {
      pos += 3;
    } else break;
  }
  return pos;
};

const hexValue = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/**
 * Undoes `%HH` escapes. Escaped octets are decoded as UTF-8 (invalid sequences
 * become U+FFFD); a `%` that does not start a valid escape is kept as it is.
 * `keep` lists characters that stay escaped (section 19.1.4: an escaped
 * reserved character is not equal to the character itself).
 */
export const unescapeUriComponent = (s: string, keep?: string): string => {
  if (s.indexOf('%') < 0) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (
      c === 0x25 &&
      i + 2 < s.length &&
      isClass(s.charCodeAt(i + 1), HEX) &&
      isClass(s.charCodeAt(i + 2), HEX)
    ) {
      const bytes: number[] = [];
      let j = i;
      while (
        j + 2 < s.length &&
        s.charCodeAt(j) === 0x25 &&
        isClass(s.charCodeAt(j + 1), HEX) &&
        isClass(s.charCodeAt(j + 2), HEX)
      ) {
        const b = hexValue(s.charCodeAt(j + 1)) * 16 + hexValue(s.charCodeAt(j + 2));
        if (keep !== undefined && b < 128 && keep.indexOf(String.fromCharCode(b)) >= 0) {
          if (bytes.length > 0) out += utf8.decode(Uint8Array.from(bytes));
          bytes.length = 0;
          out += `%${s.slice(j + 1, j + 3).toUpperCase()}`;
        } else bytes.push(b);
        j += 3;
      }
      if (bytes.length > 0) out += utf8.decode(Uint8Array.from(bytes));
      i = j;
    } else {
      out += s[i];
      i++;
    }
  }
  return out;
};

const HEX_DIGITS = '0123456789ABCDEF';

/**
 * Escapes every character of `s` outside the character class `flags` (by
 * default the `user` class) as `%HH` of its UTF-8 octets. `%` itself is
 * always escaped, so the result unescapes back to `s`.
 */
export const escapeUriComponent = (s: string, flags: number = USER): string => {
  let i = 0;
  while (i < s.length && isClass(s.charCodeAt(i), flags)) i++;
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (const ch of s.slice(i)) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && isClass(c, flags)) {
      out += ch;
      continue;
    }
    for (const b of encoder.encode(ch)) out += `%${HEX_DIGITS[b >> 4]}${HEX_DIGITS[b & 15]}`;
  }
  return out;
};
