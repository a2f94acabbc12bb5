/**
 * Via (RFC 3261 sections 18.2.2 and 20.42; RFC 3581 rport; RFC 5118 section 4.5
 * for IPv6 `received` values).
 */
import { DIGIT, isClass, TOKEN } from '../grammar/chars.js';
import { fail, ok, type Result } from '../grammar/result.js';
import { readUint, skipWs } from '../grammar/scan.js';
import { hostError, isHostnameOrIpv4At, isIpv6, scanHost } from '../uri/host.js';
import type { UriParam } from '../uri/types.js';
import { formatParamsWith, nameIs, paramsError, scanParams } from './params.js';
import { splitCommaList } from './split.js';
import type { Via } from './types.js';

const CODE = 'bad-via';
const EMPTY: readonly UriParam[] = Object.freeze([]);

const isUpper = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) return false;
  }
  return true;
};

/** received = IPv4address / IPv6address; brackets tolerated (RFC 5118 section 4.5), host names too. */
const isReceived = (v: string): boolean => {
  if (v.charCodeAt(0) === 0x5b) return v.charCodeAt(v.length - 1) === 0x5d && isIpv6(v.slice(1, -1));
  return v.indexOf(':') >= 0 ? isIpv6(v) : isHostnameOrIpv4At(v, 0, v.length);
};

/** Parses one via-parm in `text[start, end)`. */
export const parseViaAt = (text: string, start: number, end: number): Result<Via> => {
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport, SLASH = SWS "/" SWS
  let i = skipWs(text, start, end);
  const pStart = i;
  while (i < end && isClass(text.charCodeAt(i), TOKEN)) i++;
  if (i === pStart) return fail(CODE, 'missing protocol name', i);
  const protocol = text.slice(pStart, i);
  i = skipWs(text, i, end);
  if (i >= end || text.charCodeAt(i) !== 0x2f) return fail(CODE, 'expected "/" in sent-protocol', i);
  i = skipWs(text, i + 1, end);
  const vStart = i;
  while (i < end && isClass(text.charCodeAt(i), TOKEN)) i++;
  if (i === vStart) return fail(CODE, 'missing protocol version', i);
  const version = text.slice(vStart, i);
  i = skipWs(text, i, end);
  if (i >= end || text.charCodeAt(i) !== 0x2f) return fail(CODE, 'expected "/" in sent-protocol', i);
  i = skipWs(text, i + 1, end);
  const tStart = i;
  while (i < end && isClass(text.charCodeAt(i), TOKEN)) i++;
  if (i === tStart) return fail(CODE, 'missing transport', i);
  const rawTransport = text.slice(tStart, i);
  const transport = isUpper(rawTransport) ? rawTransport : rawTransport.toUpperCase();
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
  if (i < end) {
    if (text.charCodeAt(i) !== 0x3b) return fail(CODE, 'unexpected character after sent-by', i);
    const list: UriParam[] = [];
    const pEnd = scanParams(text, i, end, list);
    if (pEnd < 0) return fail(CODE, paramsError.reason, ~pEnd);
    if (pEnd < end) return fail(CODE, 'unexpected character in parameters', pEnd);
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
  return ok({ protocol, version, transport, host, port, branch, received, rport, maddr, ttl, params });
};

/** Parses one Via header line into its via-parms (comma-separated values). */
export const parseVia = (value: string): Result<Via[]> => {
  if (value.indexOf(',') < 0) {
    const r = parseViaAt(value, 0, value.length);
    return r.ok ? ok([r.value]) : r;
  }
  const parts = splitCommaList(value);
  const out: Via[] = [];
  let offset = 0;
  for (const part of parts) {
    const base = value.indexOf(part, offset);
    offset = base + part.length;
    if (part === '') return fail(CODE, 'empty Via value', base);
    const r = parseViaAt(part, 0, part.length);
    if (!r.ok) return fail(r.error.code, r.error.reason, base + r.error.offset);
    out.push(r.value);
  }
  return ok(out);
};

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
