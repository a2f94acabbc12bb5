/**
 * URI parsing entry point: dispatches on the scheme (RFC 3261 section 19.1,
 * RFC 3966, RFC 3986 absolute URIs for everything else).
 */
import { isClass, SCHEME } from '../grammar/chars.js';
import { fail, ok, type Result } from '../grammar/result.js';
import { parseSipUriAt } from './sip-uri.js';
import { parseTelUriAt } from './tel-uri.js';
import type { Uri } from './types.js';

const lower = (c: number): number => c | 0x20;

/**
 * Parses the URI in `text[start, end)` without copying it out first (header
 * parsers use this); error offsets are positions in `text`.
 */
export const parseUriAt = (text: string, start: number, end: number): Result<Uri> => {
  const c0 = start < end ? text.charCodeAt(start) : 0;
  if (!((c0 >= 0x41 && c0 <= 0x5a) || (c0 >= 0x61 && c0 <= 0x7a)))
    return fail('bad-uri', 'missing URI scheme', start);
  let colon = start + 1;
  while (colon < end && isClass(text.charCodeAt(colon), SCHEME)) colon++;
  if (colon >= end || text.charCodeAt(colon) !== 0x3a) return fail('bad-uri', 'missing URI scheme', colon);
  const len = colon - start;
  if (len <= 4) {
    const c1 = lower(text.charCodeAt(start + 1));
    const c2 = lower(text.charCodeAt(start + 2));
    if (lower(c0) === 0x73 && c1 === 0x69 && c2 === 0x70) {
      if (len === 3) return parseSipUriAt(text, colon + 1, end, false);
      if (len === 4 && lower(text.charCodeAt(start + 3)) === 0x73)
        return parseSipUriAt(text, colon + 1, end, true);
    }
    if (len === 3 && lower(c0) === 0x74 && c1 === 0x65 && c2 === 0x6c)
      return parseTelUriAt(text, colon + 1, end);
  }
  if (colon + 1 >= end) return fail('bad-uri', 'empty URI', colon + 1);
  for (let i = colon + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x3c || c === 0x3e || c === 0x22)
      return fail('bad-uri', 'invalid character in URI', i);
  }
  return ok({ scheme: text.slice(start, colon), opaque: text.slice(colon + 1, end) });
};

/**
 * Parses a URI. SIP and SIPS URIs get the full RFC 3261 grammar, tel URIs
 * RFC 3966; any other scheme is kept as an {@link OpaqueUri} after a check
 * that it holds no white space, controls, `<`, `>` or `"`.
 * Schemes are case-insensitive (`SIP:` parses as `sip`).
 */
export const parseUri = (text: string): Result<Uri> => parseUriAt(text, 0, text.length);
