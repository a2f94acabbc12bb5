/**
 * Hosts of SIP URIs and Via sent-by (RFC 3261 section 25.1: hostname,
 * IPv4address, IPv6reference; RFC 5118 for the IPv6 corner cases).
 */
import { ALNUM, DIGIT, HEX, HOST, isClass } from '../grammar/chars.js';
import { scanClass } from '../grammar/scan.js';

/**
 * A host name {@link scanHostname} accepts, as a regular expression (source
 * text) for native fast paths: labels of alphanumerics, `_` and inner `-`; a
 * top label that does not start with a digit; an optional trailing dot.
 */
export const HOSTNAME_RE =
  // Each label as runs of alphanumerics joined by runs of `-`: the same
  // names as "alphanumeric, then any with `-`, ending alphanumeric", with no
  // backtracking into a label to find its last character.
  '(?:[A-Za-z0-9_]+(?:-+[A-Za-z0-9_]+)*\\.)*[A-Za-z_][A-Za-z0-9_]*(?:-+[A-Za-z0-9_]+)*\\.?';
/** A dotted-quad IPv4 address (octets 0..255, at most three digits each) as a regular expression. */
export const IPV4_RE = '(?:(?:25[0-5]|2[0-4]\\d|[01]?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|[01]?\\d?\\d)';

/** True when `text[start, end)` is a dotted-quad IPv4 address with octets 0..255. */
export const isIpv4At = (text: string, start: number, end: number): boolean => {
  let parts = 0;
  let i = start;
  while (parts < 4) {
    let n = 0;
    let digits = 0;
    while (i < end && isClass(text.charCodeAt(i), DIGIT)) {
      n = n * 10 + text.charCodeAt(i) - 0x30;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 3 || n > 255) return false;
    parts++;
    if (parts < 4) {
      if (i >= end || text.charCodeAt(i) !== 0x2e) return false;
      i++;
    }
  }
  return i === end;
};

/** The end of a dotted-quad IPv4 address at `pos` (octets 0..255, 1 to 3 digits), or -1. */
const scanIpv4 = (text: string, pos: number, end: number): number => {
  let i = pos;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (i >= end || text.charCodeAt(i) !== 0x2e) return -1;
      i++;
    }
    let n = 0;
    const start = i;
    while (i < end && i - start < 4) {
      const d = text.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
      i++;
    }
    if (i === start || i - start > 3 || n > 255) return -1;
  }
  return i;
};

/**
 * True when `text[start, end)` (without brackets) is an IPv6 address (RFC 4291
 * section 2.2), scanned without allocating. RFC 5118 section 4.10: the RFC 3261
 * ABNF admits `2001:db8:::192.0.2.1` (three colons before an IPv4 tail); we
 * tolerate it as `2001:db8::192.0.2.1`.
 */
export const isIpv6At = (text: string, start: number, end: number): boolean => {
  let groups = 0;
  let compressed = false;
  let i = start;
  if (i < end && text.charCodeAt(i) === 0x3a) {
    if (text.charCodeAt(i + 1) !== 0x3a) return false;
    compressed = true;
    i += 2;
    if (i < end && text.charCodeAt(i) === 0x3a && isIpv4At(text, i + 1, end)) i++;
  }
  while (i < end) {
    let j = i;
    while (j < end && j - i < 5 && isClass(text.charCodeAt(j), HEX)) j++;
    if (j < end && text.charCodeAt(j) === 0x2e) {
      // An IPv4 tail ends the address and counts as two groups.
      if (!isIpv4At(text, i, end)) return false;
      groups += 2;
      break;
    }
    if (j === i || j - i > 4) return false;
    groups++;
    i = j;
    if (i === end) break;
    if (text.charCodeAt(i) !== 0x3a) return false;
    i++;
    if (i === end) return false;
    if (text.charCodeAt(i) === 0x3a) {
      if (compressed) return false;
      compressed = true;
      i++;
      if (i < end && text.charCodeAt(i) === 0x3a && isIpv4At(text, i + 1, end)) i++;
    }
  }
  return compressed ? groups <= 7 : groups === 8;
};

/** True when `addr` (without brackets) is an IPv6 address; see {@link isIpv6At}. */
export const isIpv6 = (addr: string): boolean => isIpv6At(addr, 0, addr.length);

/**
 * Scans a hostname or IPv4 address at `pos` in one pass (section 25.1: labels
 * of alphanumerics with inner hyphens; a top label starting with a digit only
 * as part of an IPv4 address; a trailing dot allowed). Underscores are
 * tolerated as deployed DNS has them. Returns the end, or -1 when the host
 * characters found do not form a valid host.
 */
export const scanHostname = (text: string, pos: number, end: number): number => {
  // An IPv4 address (Via received, Contact and Via hosts) in one pass.
  if (pos < end && isClass(text.charCodeAt(pos), DIGIT)) {
    const v4 = scanIpv4(text, pos, end);
    if (v4 >= 0 && (v4 === end || !isClass(text.charCodeAt(v4), HOST))) return v4;
  }
  let i = pos;
  let labelStart = pos;
  let topStart = pos;
  let prev = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    // Lower-case letters and digits first: most host characters are.
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      prev = c;
      continue;
    }
    if (c === 0x2e) {
      if (i === labelStart || prev === 0x2d) return -1;
      topStart = labelStart;
      labelStart = i + 1;
    } else if (!isClass(c, HOST)) break;
    else if (c === 0x2d && i === labelStart) return -1;
    prev = c;
  }
  if (i === pos || prev === 0x2d) return -1;
  if (labelStart < i) topStart = labelStart;
  if (isClass(text.charCodeAt(topStart), DIGIT)) return labelStart < i && isIpv4At(text, pos, i) ? i : -1;
  return i;
};

/** True when `text[start, end)` is a hostname or an IPv4 address. */
export const isHostnameOrIpv4At = (text: string, start: number, end: number): boolean =>
  start < end && scanHostname(text, start, end) === end;

/**
 * Scans a host at `pos`: an IPv6 reference in brackets, or a hostname/IPv4
 * address. Returns the end position, or a negative number whose bitwise
 * complement is the offset of the error (see `hostError` for the reason).
 */
export const scanHost = (text: string, pos: number, end: number): number => {
  if (pos < end && text.charCodeAt(pos) === 0x5b) {
    const close = text.indexOf(']', pos);
    if (close < 0 || close >= end) return ~pos;
    if (!isIpv6At(text, pos + 1, close)) return ~pos;
    return close + 1;
  }
  const stop = scanHostname(text, pos, end);
  return stop < 0 ? ~pos : stop;
};

/** A reason phrase for a host error at `offset`. */
export const hostError = (text: string, offset: number, end: number): string => {
  if (offset >= end || !isClass(text.charCodeAt(offset), ALNUM | HOST)) {
    if (offset < end && text.charCodeAt(offset) === 0x5b) return 'bad IPv6 reference';
    return 'empty or bad host';
  }
  const stop = scanClass(text, offset, end, HOST);
  const nextColon = stop < end ? text.indexOf(':', stop + 1) : -1;
  if (
    text.charCodeAt(stop) === 0x3a &&
    nextColon >= 0 &&
    nextColon < end &&
    /^[0-9a-fA-F]*$/.test(text.slice(offset, stop))
  )
    return 'IPv6 address without brackets';
  return 'bad host';
};
