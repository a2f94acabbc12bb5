/**
 * Address helpers shared by the transports: canonical IP text for comparison,
 * IPv4-mapped IPv6 unwrapped, brackets for header use.
 */
import { isIP } from 'node:net';

/** Without the brackets of an IPv6 reference. */
export const stripBrackets = (host: string): string =>
  host.charCodeAt(0) === 0x5b && host.charCodeAt(host.length - 1) === 0x5d ? host.slice(1, -1) : host;

/** The host as it goes into a header: IPv6 in brackets (RFC 3261 25.1, RFC 5118). */
export const headerHost = (address: string): string =>
  address.indexOf(':') >= 0 && address.charCodeAt(0) !== 0x5b ? `[${address}]` : address;

/** 4 or 6 for an IP literal (brackets allowed), 0 for a name. */
export const ipFamily = (host: string): 0 | 4 | 6 => isIP(stripBrackets(host)) as 0 | 4 | 6;

/** A socket's remote address as we report it: `::ffff:a.b.c.d` from a dual-stack socket becomes `a.b.c.d`. */
export const unmapAddress = (address: string): string =>
  address.length > 7 && address.slice(0, 7).toLowerCase() === '::ffff:' && address.indexOf('.') > 0
    ? address.slice(7)
    : address;

/** Canonical text of an IP address (IPv6 fully expanded, lower case); names lower-cased. */
export function canonicalAddress(host: string): string {
  const h = unmapAddress(stripBrackets(host)).toLowerCase();
  if (isIP(h) !== 6) return h;
  let s = h;
  const m = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (m !== null) {
    const n = m.slice(1).map(Number);
    s = `${s.slice(0, m.index)}${((n[0]! << 8) | n[1]!).toString(16)}:${((n[2]! << 8) | n[3]!).toString(16)}`;
  }
  const dbl = s.indexOf('::');
  let groups: string[];
  if (dbl < 0) groups = s.split(':');
  else {
    const l = dbl === 0 ? [] : s.slice(0, dbl).split(':');
    const r = dbl + 2 >= s.length ? [] : s.slice(dbl + 2).split(':');
    groups = [...l, ...new Array<string>(Math.max(0, 8 - l.length - r.length)).fill('0'), ...r];
  }
  return groups.map((g) => Number.parseInt(g, 16).toString(16)).join(':');
}

/** Whether two hosts name the same IP address (or the same name). */
export const sameAddress = (a: string, b: string): boolean =>
  a === b || canonicalAddress(a) === canonicalAddress(b);

/** True for 0.0.0.0 and ::. */
export const isUnspecified = (address: string): boolean => {
  const c = canonicalAddress(address);
  return c === '0.0.0.0' || c === '0:0:0:0:0:0:0:0';
};

/** True for 127/8 and ::1. */
export const isLoopback = (address: string): boolean => {
  const c = canonicalAddress(address);
  return c.startsWith('127.') || c === '0:0:0:0:0:0:0:1';
};
