import type { SasType } from './algorithms.js';
import { PGP_EVEN_WORDS, PGP_ODD_WORDS } from './pgp-words.js';

/** The base32 alphabet of RFC 6189 section 5.1.6 (z-base-32 ordering, chosen for reading aloud). */
export const B32_ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

/** B32: the leftmost 20 bits of sasvalue as four base32 characters. */
export function renderB32(sasValue: Uint8Array): string {
  const bits = ((sasValue[0]! << 16) | (sasValue[1]! << 8) | sasValue[2]!) >>> 4;
  let s = '';
  for (let i = 3; i >= 0; i--) s += B32_ALPHABET[(bits >>> (5 * i)) & 31];
  return s;
}

/** B256: the leftmost 16 bits of sasvalue as two PGP words, even list then odd list. */
export function renderB256(sasValue: Uint8Array): string {
  return `${PGP_EVEN_WORDS[sasValue[0]!]} ${PGP_ODD_WORDS[sasValue[1]!]}`;
}

/** Renders the SAS for display (section 7). */
export function renderSas(type: SasType, sasValue: Uint8Array): string {
  return type === 'B32' ? renderB32(sasValue) : renderB256(sasValue);
}
