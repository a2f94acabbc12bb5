/**
 * SIP and SIPS URIs (RFC 3261 section 19.1.1 and the section 25.1 grammar).
 */
import { HNV, PARAM, PASSWORD, USER } from '../grammar/chars.js';
import { scanEscaped } from '../grammar/escape.js';
import { fail, ok, type Result } from '../grammar/result.js';
import { readUint } from '../grammar/scan.js';
import { hostError, scanHost } from './host.js';
import type { SipUri, UriParam } from './types.js';

const EMPTY: readonly UriParam[] = Object.freeze([]);

const bad = (reason: string, offset: number) => fail('bad-uri', reason, offset);

const charError = (text: string, i: number, what: string) =>
  text.charCodeAt(i) === 0x25 ? bad(`bad escape in ${what}`, i) : bad(`invalid character in ${what}`, i);

/**
 * Parses the part of a SIP/SIPS URI after `scheme:` (`pos` points after the
 * colon); the URI ends at `end`. Error offsets are positions in `text`.
 */
export const parseSipUriAt = (text: string, pos: number, end: number, secure: boolean): Result<SipUri> => {
  let user: string | undefined;
  let password: string | undefined;
  let i = pos;
  // No `@` may appear unescaped after the userinfo, so the first one ends it.
  let at = text.indexOf('@', pos);
  if (at >= end) at = -1;
  if (at >= 0) {
    const userEnd = scanEscaped(text, pos, at, USER);
    if (userEnd === pos) return at === pos ? bad('empty user part', pos) : charError(text, pos, 'user part');
    user = text.slice(pos, userEnd);
    if (userEnd < at) {
      if (text.charCodeAt(userEnd) !== 0x3a) return charError(text, userEnd, 'user part');
      const pwEnd = scanEscaped(text, userEnd + 1, at, PASSWORD);
      if (pwEnd < at) return charError(text, pwEnd, 'password');
      password = text.slice(userEnd + 1, at);
    }
    i = at + 1;
  }
  const hostEnd = scanHost(text, i, end);
  if (hostEnd < 0) return bad(hostError(text, ~hostEnd, end), ~hostEnd);
  const host = text.slice(i, hostEnd);
  i = hostEnd;
  let port: number | undefined;
  if (i < end && text.charCodeAt(i) === 0x3a) {
    let j = i + 1;
    while (j < end && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
    const p = readUint(text, i + 1, j, 65535);
    if (p < 0) return fail(j > i + 1 ? 'out-of-range' : 'bad-uri', 'bad port', i + 1);
    port = p;
    i = j;
  }
  let params = EMPTY;
  if (i < end && text.charCodeAt(i) === 0x3b) {
    const list: UriParam[] = [];
    while (i < end && text.charCodeAt(i) === 0x3b) {
      const nameStart = i + 1;
      const nameEnd = scanEscaped(text, nameStart, end, PARAM);
      if (nameEnd === nameStart) return charError(text, nameStart, 'URI parameter');
      let value: string | undefined;
      i = nameEnd;
      if (i < end && text.charCodeAt(i) === 0x3d) {
        const valueEnd = scanEscaped(text, i + 1, end, PARAM);
        if (valueEnd === i + 1) return charError(text, i + 1, 'URI parameter');
        value = text.slice(i + 1, valueEnd);
        i = valueEnd;
      }
      list.push({ name: text.slice(nameStart, nameEnd), value });
    }
    params = list;
  }
  let headers = EMPTY;
  if (i < end && text.charCodeAt(i) === 0x3f) {
    const list: UriParam[] = [];
    do {
      const nameStart = i + 1;
      const nameEnd = scanEscaped(text, nameStart, end, HNV);
      if (nameEnd === nameStart) return charError(text, nameStart, 'URI header');
      if (nameEnd >= end || text.charCodeAt(nameEnd) !== 0x3d) return bad('URI header without "="', nameEnd);
      let valueEnd = scanEscaped(text, nameEnd + 1, end, HNV);
      // Liberal: an unescaped "@" in a header value (a Call-ID in an embedded
      // Replaces, RFC 3891 section 7.1, often comes so) cannot be the userinfo
      // delimiter once that is behind us.
      while (at >= 0 && valueEnd < end && text.charCodeAt(valueEnd) === 0x40)
        valueEnd = scanEscaped(text, valueEnd + 1, end, HNV);
      list.push({ name: text.slice(nameStart, nameEnd), value: text.slice(nameEnd + 1, valueEnd) });
      i = valueEnd;
    } while (i < end && text.charCodeAt(i) === 0x26);
    headers = list;
  }
  if (i < end) return charError(text, i, 'URI');
  return ok({ scheme: secure ? 'sips' : 'sip', user, password, host, port, params, headers });
};
