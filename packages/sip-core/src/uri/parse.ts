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
 * Parses a URI. SIP and SIPS URIs get the full RFC 3261 grammar, tel URIs
 * RFC 3966; any other scheme is kept as an {@link OpaqueUri} after a check
 * that it holds no white space, controls, `<`, `>` or `"`.
 * Schemes are case-insensitive (`SIP:` parses as `sip`).
 */
export const parseUri = (text: string): Result<Uri> => {
  const end = text.length;
  const c0 = end > 0 ? text.charCodeAt(0) : 0;
  if (!((c0 >= 0x41 && c0 <= 0x5a) || (c0 >= 0x61 && c0 <= 0x7a)))
    return fail('bad-uri', 'missing URI scheme', 0);
  let colon = 1;
  while (colon < end && isClass(text.charCodeAt(colon), SCHEME)) colon++;
  if (colon >= end || text.charCodeAt(colon) !== 0x3a) return fail('bad-uri', 'missing URI scheme', colon);
  if (
    colon === 3 &&
    lower(c0) === 0x73 &&
    lower(text.charCodeAt(1)) === 0x69 &&
    lower(text.charCodeAt(2)) === 0x70
  )
    return parseSipUriAt(text, 4, false);
  if (
    colon === 4 &&
    lower(c0) === 0x73 &&
    lower(text.charCodeAt(1)) === 0x69 &&
    lower(text.charCodeAt(2)) === 0x70 &&
    lower(text.charCodeAt(3)) === 0x73
  )
    return parseSipUriAt(text, 5, true);
  if (
    colon === 3 &&
    lower(c0) === 0x74 &&
    lower(text.charCodeAt(1)) === 0x65 &&
    lower(text.charCodeAt(2)) === 0x6c
  )
    return parseTelUriAt(text, 4);
  if (colon + 1 >= end) return fail('bad-uri', 'empty URI', colon + 1);
  for (let i = colon + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x3c || c === 0x3e || c === 0x22)
      return fail('bad-uri', 'invalid character in URI', i);
  }
  return ok({ scheme: text.slice(0, colon), opaque: text.slice(colon + 1) });
};
