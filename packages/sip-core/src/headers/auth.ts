/**
 * WWW-Authenticate, Proxy-Authenticate, Authorization, Proxy-Authorization
 * (RFC 3261 sections 20.27, 20.44, 20.7, 20.28 and 25.1; RFC 7616 digest).
 */
import { isClass, TOKEN } from '../grammar/chars.js';
import { fail, ok, type ParseError, type Result } from '../grammar/result.js';
import { quoteString, scanQuoted, skipWs, unquote } from '../grammar/scan.js';
import type { Challenge, Credentials } from './types.js';

const CODE = 'bad-auth';

/**
 * Parses `auth-param *(COMMA auth-param)` from `pos` into `params`. Names are
 * lower-cased; quoted values are unquoted. Unquoted values run to the next
 * comma or white space, which also admits base64 nonces some servers send
 * unquoted. A repeated parameter is an error. Returns undefined on success.
 */
const parseAuthParams = (
  value: string,
  pos: number,
  params: Record<string, string>,
): { readonly ok: false; readonly error: ParseError } | undefined => {
  const end = value.length;
  let i = pos;
  while (i < end) {
    const nStart = i;
    while (i < end && isClass(value.charCodeAt(i), TOKEN)) i++;
    if (i === nStart) return fail(CODE, 'bad auth-param name', i);
    const name = value.slice(nStart, i).toLowerCase();
    i = skipWs(value, i, end);
    if (i >= end || value.charCodeAt(i) !== 0x3d) return fail(CODE, 'expected "=" in auth-param', i);
    i = skipWs(value, i + 1, end);
    let v: string;
    if (i < end && value.charCodeAt(i) === 0x22) {
      const q = scanQuoted(value, i, end);
      if (q < 0) return fail(CODE, 'unterminated quoted string', i);
      v = unquote(value, i, q);
      i = q;
    } else {
      const vStart = i;
      while (i < end) {
        const c = value.charCodeAt(i);
        if (c === 0x2c || c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x22) break;
        i++;
      }
      if (i === vStart) return fail(CODE, 'empty auth-param value', i);
      v = value.slice(vStart, i);
    }
    if (Object.hasOwn(params, name)) return fail(CODE, `repeated auth-param ${name}`, nStart);
    params[name] = v;
    i = skipWs(value, i, end);
    if (i < end) {
      if (value.charCodeAt(i) !== 0x2c) return fail(CODE, 'expected "," between auth-params', i);
      i = skipWs(value, i + 1, end);
      if (i >= end) return fail(CODE, 'trailing ","', i);
    }
  }
  return undefined;
};

/** Parses `auth-scheme LWS auth-param *(COMMA auth-param)`. */
const parseAuth = (value: string): Result<Challenge> => {
  const end = value.length;
  let i = skipWs(value, 0, end);
  const sStart = i;
  while (i < end && isClass(value.charCodeAt(i), TOKEN)) i++;
  if (i === sStart) return fail(CODE, 'missing auth scheme', i);
  const scheme = value.slice(sStart, i);
  // No prototype: a parameter named __proto__ must stay a plain entry.
  const params = Object.create(null) as Record<string, string>;
  const afterScheme = i;
  i = skipWs(value, i, end);
  if (i < end && i === afterScheme) return fail(CODE, 'expected white space after auth scheme', i);
  const e = parseAuthParams(value, i, params);
  return e ?? ok({ scheme, params });
};

/**
 * Parses Authentication-Info (RFC 3261 section 20.6, RFC 7616 section 3.5):
 * auth-params without a scheme (`nextnonce`, `qop`, `rspauth`, `cnonce`, `nc`).
 */
export const parseAuthenticationInfo = (value: string): Result<Readonly<Record<string, string>>> => {
  const params = Object.create(null) as Record<string, string>;
  const i = skipWs(value, 0, value.length);
  if (i >= value.length) return fail(CODE, 'empty Authentication-Info', i);
  const e = parseAuthParams(value, i, params);
  return e ?? ok(params);
};

/** Parses WWW-Authenticate / Proxy-Authenticate. Unknown schemes are accepted generically. */
export const parseChallenge = (value: string): Result<Challenge> => parseAuth(value);

/** Parses Authorization / Proxy-Authorization (RFC 4475 regaut01's unknown scheme parses). */
export const parseCredentials = (value: string): Result<Credentials> => parseAuth(value);

const isToken = (s: string): boolean => {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isClass(s.charCodeAt(i), TOKEN)) return false;
  return true;
};

/** Digest parameters the grammar writes as tokens in a challenge (RFC 7616 section 3.3). */
const CHALLENGE_TOKENS = new Set(['stale', 'algorithm', 'charset', 'userhash']);
/** Digest parameters the grammar writes as tokens in credentials (RFC 7616 section 3.4; nc is LHEX). */
const CREDENTIAL_TOKENS = new Set(['algorithm', 'qop', 'nc', 'userhash']);

const formatAuth = (v: Challenge, tokens: ReadonlySet<string>): string => {
  const digest = v.scheme.toLowerCase() === 'digest';
  const parts = Object.entries(v.params).map(([name, value]) => {
    const bare = digest ? tokens.has(name) && isToken(value) : isToken(value);
    return `${name}=${bare ? value : quoteString(value)}`;
  });
  return parts.length === 0 ? v.scheme : `${v.scheme} ${parts.join(', ')}`;
};

/** Serializes a challenge; Digest values are quoted except `stale`, `algorithm`, `charset`, `userhash`. */
export const formatChallenge = (v: Challenge): string => formatAuth(v, CHALLENGE_TOKENS);

/** Serializes credentials; Digest values are quoted except `algorithm`, `qop`, `nc`, `userhash`. */
export const formatCredentials = (v: Credentials): string => formatAuth(v, CREDENTIAL_TOKENS);
