import { createHash, createHmac, type Hash } from 'node:crypto';

/**
 * HMAC-SHA1 (RFC 2104) with the keyed inner and outer hash states computed once:
 * each tag then costs two `Hash.copy()` calls instead of re-keying an HMAC object.
 */
export class HmacSha1 {
  readonly #inner: Hash;
  readonly #outer: Hash;
  readonly #key: Uint8Array;

  constructor(key: Uint8Array) {
    if (key.length > 64) throw new RangeError('HMAC-SHA1 keys longer than 64 octets are not used by SRTP');
    this.#key = key;
    const ipad = new Uint8Array(64).fill(0x36);
    const opad = new Uint8Array(64).fill(0x5c);
    for (let i = 0; i < key.length; i++) {
      ipad[i]! ^= key[i]!;
      opad[i]! ^= key[i]!;
    }
    this.#inner = createHash('sha1').update(ipad);
    this.#outer = createHash('sha1').update(opad);
  }

  /** HMAC over `a` followed by `b` (b may be empty); returns the 20-octet digest. */
  digest(a: Uint8Array, b?: Uint8Array): Buffer {
    const inner = this.#inner.copy().update(a);
    if (b) inner.update(b);
    return this.#outer.copy().update(inner.digest()).digest();
  }

  /** Same result through node's Hmac object: the reference for tests and benchmarks. */
  digestSlow(a: Uint8Array, b?: Uint8Array): Buffer {
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
