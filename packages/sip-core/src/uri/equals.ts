/**
 * URI comparison: RFC 3261 section 19.1.4 for SIP/SIPS, RFC 3966 section 4
 * for tel, simple case-insensitive-scheme string comparison for the rest.
 */
import { unescapeUriComponent } from '../grammar/escape.js';
import { isSipUri, isTelUri } from './format.js';
import { isVisualSeparator } from './tel-uri.js';
import type { SipUri, TelUri, Uri, UriParam } from './types.js';

/** Reserved characters (RFC 3261 section 25.1) stay escaped: `%3B` is not `;`. */
const RESERVED = ';/?:@&=+$,';

const norm = (s: string | undefined): string | undefined =>
  s === undefined ? undefined : unescapeUriComponent(s, RESERVED);

const normLower = (s: string | undefined): string | undefined => norm(s)?.toLowerCase();

/** Expands an IPv6 reference to eight groups so that `[::1]` equals `[0:0::1]`. */
const canonicalHost = (host: string): string => {
  const h = host.toLowerCase();
  if (h.charCodeAt(0) !== 0x5b) return h.endsWith('.') ? h.slice(0, -1) : h;
  let a = h.slice(1, -1).replace(/:::(?=[0-9]{1,3}\.)/, '::');
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (v4) {
    const [b0, b1, b2, b3] = v4.slice(1).map(Number) as [number, number, number, number];
    a = `${a.slice(0, v4.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const dbl = a.indexOf('::');
  const head = (dbl >= 0 ? a.slice(0, dbl) : a).split(':').filter((g) => g !== '');
  const tail =
    dbl >= 0
      ? a
          .slice(dbl + 2)
          .split(':')
          .filter((g) => g !== '')
      : [];
  const zeros = new Array<string>(Math.max(0, 8 - head.length - tail.length)).fill('0');
  return [...head, ...zeros, ...tail].map((g) => Number.parseInt(g, 16).toString(16)).join(':');
};

const findParam = (params: readonly UriParam[], lname: string): UriParam | undefined => {
  for (const p of params) if (p.name.toLowerCase() === lname) return p;
  return undefined;
};

/** Parameters that must match when present in either URI (section 19.1.4). */
const STRICT_PARAMS = ['user', 'ttl', 'method', 'maddr', 'transport'];

const paramsEqual = (a: readonly UriParam[], b: readonly UriParam[]): boolean => {
  for (const name of STRICT_PARAMS) {
    const pa = findParam(a, name);
    const pb = findParam(b, name);
    if ((pa === undefined) !== (pb === undefined)) return false;
    if (pa && pb && normLower(pa.value) !== normLower(pb.value)) return false;
  }
  for (const pa of a) {
    const lname = pa.name.toLowerCase();
    if (STRICT_PARAMS.includes(lname)) continue;
    const pb = findParam(b, lname);
    if (pb && normLower(pa.value) !== normLower(pb.value)) return false;
  }
  return true;
};

const headersEqual = (a: readonly UriParam[], b: readonly UriParam[]): boolean => {
  if (a.length !== b.length) return false;
  for (const ha of a) {
    const hb = findParam(b, ha.name.toLowerCase());
    if (!hb || norm(ha.value) !== norm(hb.value)) return false;
  }
  return true;
};

const sipEquals = (a: SipUri, b: SipUri): boolean =>
  a.scheme === b.scheme &&
  norm(a.user) === norm(b.user) &&
  norm(a.password) === norm(b.password) &&
  canonicalHost(a.host) === canonicalHost(b.host) &&
  a.port === b.port &&
  paramsEqual(a.params, b.params) &&
  headersEqual(a.headers, b.headers);

/** A tel number or phone-context without visual separators, lower-cased. */
const telDigits = (s: string): string => {
  let out = '';
  for (let i = 0; i < s.length; i++) if (!isVisualSeparator(s.charCodeAt(i))) out += s[i];
  return out.toLowerCase();
};

const telEquals = (a: TelUri, b: TelUri): boolean => {
  if (telDigits(a.number) !== telDigits(b.number)) return false;
  if (a.params.length !== b.params.length) return false;
  for (const pa of a.params) {
    const lname = pa.name.toLowerCase();
    const pb = findParam(b.params, lname);
    if (!pb) return false;
    const va = normLower(pa.value);
    const vb = normLower(pb.value);
    // phone-context and ext compare without visual separators (RFC 3966 section 4).
    if (va !== undefined && vb !== undefined && (lname === 'phone-context' || lname === 'ext')) {
      if (telDigits(va) !== telDigits(vb)) return false;
    } else if (va !== vb) return false;
  }
  return true;
};

/** True when two URIs are equal under the comparison rules of their scheme. */
export const uriEquals = (a: Uri, b: Uri): boolean => {
  if (isSipUri(a)) return isSipUri(b) && sipEquals(a, b);
  if (isTelUri(a)) return isTelUri(b) && telEquals(a, b);
  if (isSipUri(b) || isTelUri(b)) return false;
  return a.scheme.toLowerCase() === b.scheme.toLowerCase() && a.opaque === b.opaque;
};
