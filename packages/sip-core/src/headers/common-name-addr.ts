/**
 * The common form of From and To (`Alice <sip:alice@host>;tag=x`) matched by
 * one native regular expression and cut out with indexOf, for the hot path of
 * every received message. Everything the form admits is valid for the full
 * parser in name-addr.ts and gives the same value there (fast-path.test.ts
 * compares the two); anything else, and any value the full parser must judge,
 * goes to the full parser.
 */
import { GEN_VALUE_RE, TOKEN_RE } from '../grammar/chars.js';
import { readUint } from '../grammar/scan.js';
import { HOSTNAME_RE, IPV4_RE } from '../uri/host.js';
import type { SipUri, UriParam } from '../uri/types.js';
import { cutParams } from './cut-params.js';
import { nameIs } from './params.js';
import type { FromTo } from './types.js';

const EMPTY: readonly UriParam[] = Object.freeze([]);

/** user characters without escapes, `;`, `?` and `/` (a subset of RFC 3261 `user`). */
const USER_RE = "[A-Za-z0-9\\-_.!~*'()&=+$,]";
/** paramchar without escapes (a subset of RFC 3261 `paramchar`). */
const PARAM_RE = "[A-Za-z0-9\\-_.!~*'()\\[\\]/:&+$]";

/**
 * An optional display name (tokens separated by single spaces, or a quoted
 * string without escapes or controls), `<sip:` or `<sips:`, an optional user
 * without password, a host name or IPv4 address, an optional port, URI
 * parameters without escapes, `>`, and header parameters without quotes or
 * white space.
 */
const COMMON_FROM_TO = new RegExp(
  `(?:"[^"\\\\\\x00-\\x1f\\x7f]*" *|${TOKEN_RE}+(?: ${TOKEN_RE}+)* *)?` +
    `<sips?:(?:${USER_RE}+@)?(?:${HOSTNAME_RE}|${IPV4_RE})(?::\\d{1,5})?(?:;${PARAM_RE}+(?:=${PARAM_RE}+)?)*>` +
    `(?:;${TOKEN_RE}+(?:=${GEN_VALUE_RE}+)?)*`,
  'y',
);

/**
 * Parses From or To in `text[start, end)` when it has the common form;
 * undefined otherwise (the full parser then decides, with its own errors).
 */
export function parseCommonFromTo(text: string, start: number, end: number): FromTo | undefined {
  COMMON_FROM_TO.lastIndex = start;
  if (!COMMON_FROM_TO.test(text) || COMMON_FROM_TO.lastIndex !== end) return undefined;
  let displayName: string | undefined;
  let lt: number;
  if (text.charCodeAt(start) === 0x22) {
    const q = text.indexOf('"', start + 1);
    displayName = text.slice(start + 1, q);
    lt = text.indexOf('<', q);
  } else {
    lt = text.indexOf('<', start);
    if (lt > start) {
      let e = lt;
      while (text.charCodeAt(e - 1) === 0x20) e--;
      displayName = text.slice(start, e);
    }
  }
  const gt = text.indexOf('>', lt);
  const secure = text.charCodeAt(lt + 4) === 0x73;
  const userStart = lt + (secure ? 6 : 5);
  let user: string | undefined;
  let hostStart = userStart;
  const at = text.indexOf('@', userStart);
  if (at >= 0 && at < gt) {
    user = text.slice(userStart, at);
    hostStart = at + 1;
  }
  let semi = text.indexOf(';', hostStart);
  if (semi < 0 || semi > gt) semi = gt;
  let hostEnd = text.indexOf(':', hostStart);
  let port: number | undefined;
  if (hostEnd < 0 || hostEnd > semi) hostEnd = semi;
  else {
    port = readUint(text, hostEnd + 1, semi, 65535);
    if (port < 0) return undefined; // out of range: the full parser reports it
  }
  const uri: SipUri = {
    scheme: secure ? 'sips' : 'sip',
    user,
    password: undefined,
    host: text.slice(hostStart, hostEnd),
    port,
    params: semi < gt ? cutParams(text, semi, gt) : EMPTY,
    headers: EMPTY,
  };
  const params = gt + 1 < end ? cutParams(text, gt + 1, end) : EMPTY;
  let tag: string | undefined;
  for (let k = 0; k < params.length; k++) {
    const p = params[k]!;
    if (nameIs(p.name, 'tag')) {
      if (p.value === undefined) return undefined; // `tag` without a value: an error of the full parser
      tag = p.value;
      break;
    }
  }
  return { displayName, uri, bracketed: true, params, tag };
}
