import { sha256 } from './algorithms.js';
import { toHex } from './bytes.js';

/** The ZRTP version this package speaks (RFC 6189 section 4.1.1). */
export const ZRTP_VERSION = '1.10';

/**
 * The value of an SDP `a=zrtp-hash` attribute (RFC 6189 section 8.1): the version, a
 * space, and the hex SHA-256 of the Hello message (preamble to MAC, no packet header).
 */
export function zrtpHashValue(helloMessage: Uint8Array, version = ZRTP_VERSION): string {
  return `${version} ${toHex(sha256(helloMessage))}`;
}

/** Parses an `a=zrtp-hash` value; undefined when it is not `version 64-hex-digits`. */
export function parseZrtpHash(value: string): { version: string; hash: string } | undefined {
  const m = /^\s*(\d\.\d\d)\s+([0-9a-fA-F]{64})\s*$/.exec(value);
  return m ? { version: m[1]!, hash: m[2]!.toLowerCase() } : undefined;
}

/** True when a received Hello matches the hash the peer put in its SDP. */
export function helloMatchesZrtpHash(helloMessage: Uint8Array, value: string): boolean {
  const p = parseZrtpHash(value);
  return p !== undefined && p.hash === toHex(sha256(helloMessage));
}
