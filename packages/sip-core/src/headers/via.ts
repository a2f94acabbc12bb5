/**
 * Via (RFC 3261 sections 18.2.2 and 20.42; RFC 3581 rport; RFC 5118 section 4.5
 * for IPv6 `received` values).
 */
import { DIGIT, GEN_VALUE_RE, isClass, TOKEN, TOKEN_RE } from '../grammar/chars.js';
import { fail, ok, type Result } from '../grammar/result.js';
import { readUint, skipWs } from '../grammar/scan.js';
import { HOSTNAME_RE, hostError, IPV4_RE, isHostnameOrIpv4At, isIpv6, scanHost } from '../uri/host.js';
import type { UriParam } from '../uri/types.js';
import { cutParams } from './cut-params.js';
import { formatParamsWith, nameIs, paramsError, scanParams } from './params.js';
import type { Via } from './types.js';

const CODE = 'bad-via';
const EMPTY: readonly UriParam[] = Object.freeze([]);

/**
 * The constant for the usual upper-case transports (UDP, TCP, TLS, WS, WSS) in
 * `text[start, end)`, so that the common case allocates no string.
 */
const knownTransport = (text: string, start: number, end: number): string | undefined => {
  const n = end - start;
  const a = text.charCodeAt(start);
  const b = text.charCodeAt(start + 1);
  if (n === 3) {
    const c = text.charCodeAt(start + 2);
    if (a === 0x55 && b === 0x44 && c === 0x50) return 'UDP';
    if (a === 0x54 && b === 0x43 && c === 0x50) return 'TCP';
    if (a === 0x54 && b === 0x4c && c === 0x53) return 'TLS';
    if (a === 0x57 && b === 0x53 && c === 0x53) return 'WSS';
  } else if (n === 2 && a === 0x57 && b === 0x53) return 'WS';
  return undefined;
};

/** received = IPv4address / IPv6address; brackets tolerated (RFC 5118 section 4.5), host names too. */
const isReceived = (v: string): boolean => {
  if (v.charCodeAt(0) === 0x5b) return v.charCodeAt(v.length - 1) === 0x5d && isIpv6(v.slice(1, -1));
  return v.indexOf(':') >= 0 ? isIpv6(v) : isHostnameOrIpv4At(v, 0, v.length);
};

/** Where the last via-parm {@link parseViaAt} parsed ended: at a `,` before the next one, or at the end. */
export const viaCursor = { end: 0 };

/**
 * The common form of a Via line, as one native match: `SIP/2.0/transport`,
 * one SP, a host name or IPv4 address, an optional port, and parameters
 * without quotes or white space; one via-parm. Every line it matches is valid
 * for the full parser below and parses to the same value (via.test.ts
 * compares the two); anything else takes the full parser.
 */
const COMMON_VIA = new RegExp(
  `SIP/2\\.0/${TOKEN_RE}+ (?:${HOSTNAME_RE}|${IPV4_RE})(?::\\d{1,5})?(?:;${TOKEN_RE}+(?:=${GEN_VALUE_RE}+)?)*`,
  'y',
);

/**
 * Parses a Via line of the {@link COMMON_VIA} form in `text[start, end)`;
 * undefined when it is not of that form or holds a value the full parser
 * must judge (port or rport out of range, received, ttl).
 */
export const parseCommonVia = (text: string, start: number, end: number): Via | undefined => {
  COMMON_VIA.lastIndex = start;
  if (!COMMON_VIA.test(text) || COMMON_VIA.lastIndex !== end) return undefined;
  // `SIP/2.0/` is 8 characters; a three-letter transport (UDP, TCP, TLS) is followed by the SP.
  const sp = text.charCodeAt(start + 11) === 0x20 ? start + 11 : text.indexOf(' ', start + 8);
  const transport = knownTransport(text, start + 8, sp) ?? text.slice(start + 8, sp).toUpperCase();
  let semi = text.indexOf(';', sp);
  if (semi < 0 || semi > end) semi = end;
  let hostEnd = text.indexOf(':', sp);
  let port: number | undefined;
  if (hostEnd < 0 || hostEnd > semi) hostEnd = semi;
  else {
    port = readUint(text, hostEnd + 1, semi, 65535);
    if (port < 0) return undefined;
  }
  const host = text.slice(sp + 1, hostEnd);
  let params = EMPTY;
  let branch: string | undefined;
  let received: string | undefined;
  let rport: number | true | undefined;
  let maddr: string | undefined;
  let ttl: number | undefined;
  if (semi < end) {
    const list = cutParams(text, semi, end);
    for (let k = 0; k < list.length; k++) {
      const { name, value } = list[k]!;
      // The same rules as the full parser; a value it would reject sends the line there.
      const c = name.charCodeAt(0) | 0x20;
      if (c === 0x62 && nameIs(name, 'branch')) {
        if (value === undefined) return undefined;
        branch = value;
      } else if (c === 0x72 && nameIs(name, 'received')) {
        if (value === undefined || !isReceived(value)) return undefined;
        received = value;
      } else if (c === 0x72 && nameIs(name, 'rport')) {
        if (value === undefined) rport = true;
        else {
          const n = readUint(value, 0, value.length, 65535);
          if (n < 0) return undefined;
          rport = n;
        }
      } else if (c === 0x6d && nameIs(name, 'maddr')) {
        if (value === undefined) return undefined;
        maddr = value;
      } else if (c === 0x74 && nameIs(name, 'ttl')) {
        const n = value === undefined ? -1 : readUint(value, 0, value.length, 255);
        if (n < 0) return undefined;
        ttl = n;
      }
    }
    params = list;
  }
  return {
    protocol: 'SIP',
    version: '2.0',
    transport,
    host,
    port,
    branch,
    received,
    rport,
    maddr,
    ttl,
    params,
  };
};

/** Parses one via-parm from `text[start, end)`, stopping at a `,` that starts another (see {@link viaCursor}). */
export const parseViaAt = (text: string, start: number, end: number): Result<Via> => {
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport, SLASH = SWS "/" SWS
  let i = skipWs(text, start, end);
  let protocol: string;
  let version: string;
  let transport: string;
  if (
    text.charCodeAt(i) === 0x53 &&
    text.charCodeAt(i + 1) === 0x49 &&
    text.charCodeAt(i + 2) === 0x50 &&
    text.charCodeAt(i + 3) === 0x2f &&
    text.charCodeAt(i + 4) === 0x32 &&
    text.charCodeAt(i + 5) === 0x2e &&
    text.charCodeAt(i + 6) === 0x30 &&
    text.charCodeAt(i + 7) === 0x2f &&
    i + 8 <= end
  ) {
    // The common case, without allocating: constants for SIP/2.0 and the usual transports.
    protocol = 'SIP';
    version = '2.0';
    i += 8;
    const tStart = i;
    while (i < end && isClass(text.charCodeAt(i), TOKEN)) i++;
    if (i === tStart) return fail(CODE, 'missing transport', i);
    transport = knownTransport(text, tStart, i) ?? text.slice(tStart, i).toUpperCase();
  } else {
    const pStart = i;
    while (i < end && isClass(text.charCodeAt(i), TOKEN)) i++;
    if (i === pStart) return fail(CODE, 'missing protocol name', i);
    protocol = text.slice(pStart, i);
    i = skipWs(text, i, end);
    if (i >= end || text.charCodeAt(i) !== 0x2f) return fail(CODE, 'expected "/" in sent-protocol', i);
    i = skipWs(text, i + 1, end);
    const vStart = i;
    while (i < end && isClass(text.charCodeAt(i), TOKEN)) i++;
    if (i === vStart) return fail(CODE, 'missing protocol version', i);
    version = text.slice(vStart, i);
    i = skipWs(text, i, end);
    if (i >= end || text.charCodeAt(i) !== 0x2f) return fail(CODE, 'expected "/" in sent-protocol', i);
    i = skipWs(text, i + 1, end);
    const tStart = i;
    while (i < end && isClass(text.charCodeAt(i), TOKEN)) i++;
    if (i === tStart) return fail(CODE, 'missing transport', i);
    transport = text.slice(tStart, i).toUpperCase();
  }
  const hStart = skipWs(text, i, end);
  if (hStart === i) return fail(CODE, 'expected white space before sent-by', i);
  const hEnd = scanHost(text, hStart, end);
  if (hEnd < 0) return fail(CODE, hostError(text, ~hEnd, end), ~hEnd);
  const host = text.slice(hStart, hEnd);
  i = skipWs(text, hEnd, end);
  let port: number | undefined;
  if (i < end && text.charCodeAt(i) === 0x3a) {
    const dStart = skipWs(text, i + 1, end);
    let d = dStart;
    while (d < end && isClass(text.charCodeAt(d), DIGIT)) d++;
    const p = readUint(text, dStart, d, 65535);
    if (p < 0) return fail(d > dStart ? 'out-of-range' : CODE, 'bad port', dStart);
    port = p;
    i = skipWs(text, d, end);
  }
  let params = EMPTY;
  let branch: string | undefined;
  let received: string | undefined;
  let rport: number | true | undefined;
  let maddr: string | undefined;
  let ttl: number | undefined;
  if (i < end && text.charCodeAt(i) !== 0x2c) {
    if (text.charCodeAt(i) !== 0x3b) return fail(CODE, 'unexpected character after sent-by', i);
    const list: UriParam[] = [];
    const pEnd = scanParams(text, i, end, list);
    if (pEnd < 0) return fail(CODE, paramsError.reason, ~pEnd);
    if (pEnd < end && text.charCodeAt(pEnd) !== 0x2c)
      return fail(CODE, 'unexpected character in parameters', pEnd);
    i = pEnd;
    for (let k = 0; k < list.length; k++) {
      const { name, value } = list[k]!;
      const c = name.charCodeAt(0) | 0x20;
      if (c === 0x62 && nameIs(name, 'branch')) {
        if (value === undefined) return fail(CODE, 'branch without value', i);
        branch = value;
      } else if (c === 0x72 && nameIs(name, 'received')) {
        if (value === undefined || !isReceived(value)) return fail(CODE, 'bad received parameter', i);
        received = value;
      } else if (c === 0x72 && nameIs(name, 'rport')) {
        if (value === undefined) rport = true;
        else {
          const n = readUint(value, 0, value.length, 65535);
          if (n < 0) return fail(CODE, 'bad rport parameter', i);
          rport = n;
        }
      } else if (c === 0x6d && nameIs(name, 'maddr')) {
        if (value === undefined) return fail(CODE, 'maddr without value', i);
        maddr = value;
      } else if (c === 0x74 && nameIs(name, 'ttl')) {
        const n = value === undefined ? -1 : readUint(value, 0, value.length, 255);
        if (n < 0)
          return fail(value !== undefined && /^\d+$/.test(value) ? 'out-of-range' : CODE, 'bad ttl', i);
        ttl = n;
      }
    }
    params = list;
  }
  viaCursor.end = i;
  return ok({ protocol, version, transport, host, port, branch, received, rport, maddr, ttl, params });
};

/**
 * Parses the via-parms of one Via line held in `text[start, end)`. The message
 * parses straight from its header text this way, without cutting the value
 * out first; error offsets are positions in `text`.
 */
export const parseViaRange = (text: string, start: number, end: number): Result<Via[]> => {
  const common = parseCommonVia(text, start, end);
  if (common !== undefined) return ok([common]);
  return parseViaList(text, start, end);
};

/** The full parser of {@link parseViaRange}, for any Via line (exported for tests that compare the two). */
export const parseViaList = (text: string, start: number, end: number): Result<Via[]> => {
  const out: Via[] = [];
  let i = start;
  for (;;) {
    const r = parseViaAt(text, i, end);
    if (!r.ok) return r;
    out.push(r.value);
    i = viaCursor.end;
    if (i >= end) return ok(out);
    i = skipWs(text, i + 1, end);
    if (i >= end || text.charCodeAt(i) === 0x2c) return fail(CODE, 'empty Via value', i);
  }
};

/** Parses one Via header line into its via-parms (comma-separated values). */
export const parseVia = (value: string): Result<Via[]> => parseViaRange(value, 0, value.length);

/**
 * Serializes one via-parm. `params` keeps every parameter in its place; the
 * fields `branch`, `received`, `rport`, `maddr` and `ttl` win over the
 * parameters of the same name (undefined drops one), and any that `params`
 * lacks are appended in that order.
 */
export const formatVia = (v: Via): string => {
  const hostport = v.port === undefined ? v.host : `${v.host}:${v.port}`;
  return `${v.protocol}/${v.version}/${v.transport} ${hostport}${formatParamsWith(v.params, [
    ['branch', v.branch],
    ['received', v.received],
    ['rport', v.rport],
    ['maddr', v.maddr],
    ['ttl', v.ttl],
  ])}`;
};
