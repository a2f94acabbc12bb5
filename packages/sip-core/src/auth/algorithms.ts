/**
 * Digest algorithms (RFC 7616 section 3.2, RFC 8760 for SIP): the hash
 * behind each name and the order of preference when a server offers several.
 */
import { createHash } from 'node:crypto';

/** The digest algorithms this stack computes. */
export type DigestAlgorithm =
  | 'MD5'
  | 'MD5-sess'
  | 'SHA-256'
  | 'SHA-256-sess'
  | 'SHA-512-256'
  | 'SHA-512-256-sess';

/** Strongest first (RFC 7616 section 3.7: a client uses the strongest it supports). */
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = [
  'SHA-512-256',
  'SHA-512-256-sess',
  'SHA-256',
  'SHA-256-sess',
  'MD5',
  'MD5-sess',
];

const NODE_HASH: Readonly<Record<string, string>> = {
  md5: 'md5',
  'sha-256': 'sha256',
  // SHA-512/256 is SHA-512 with its own IV, truncated (FIPS 180-4 5.3.6), not a cut SHA-512.
  'sha-512-256': 'sha512-256',
};

/**
 * The canonical name of an `algorithm` parameter (case-insensitive, RFC 7616
 * section 3.3), or undefined when unsupported. An absent parameter means MD5.
 */
export function digestAlgorithm(param: string | undefined): DigestAlgorithm | undefined {
  if (param === undefined) return 'MD5';
  const lower = param.toLowerCase();
  return DIGEST_ALGORITHMS.find((a) => a.toLowerCase() === lower);
}

/** Whether the algorithm is a session variant (A1 includes nonce and cnonce). */
export const isSessionAlgorithm = (a: DigestAlgorithm): boolean => a.endsWith('-sess');

/** Rank for sorting, 0 = strongest. */
export const algorithmRank = (a: DigestAlgorithm): number => DIGEST_ALGORITHMS.indexOf(a);

/** The lower-case hex hash H(data) of an algorithm's hash function, over the UTF-8 text or bytes. */
export function digestHash(algorithm: DigestAlgorithm, data: string | Uint8Array): string {
  const base = algorithm.toLowerCase().replace(/-sess$/, '');
  const name = NODE_HASH[base];
  if (name === undefined) throw new TypeError(`no hash for ${algorithm}`);
  return createHash(name).update(data).digest('hex');
}
