import { type Cipher, createCipheriv } from 'node:crypto';

/**
 * AES in counter mode as SRTP uses it (RFC 3711 section 4.1.1): the keystream is
 * AES_k(IV), AES_k(IV + 1), ... where the low 16 bits of IV count blocks.
 *
 * One long-lived AES-ECB cipher object encrypts a run of counter blocks per
 * packet, so a packet costs one `update` call instead of a `createCipheriv`
 * (key schedule and object set-up) per packet.
 */
export class AesCounterMode {
  readonly #ecb: Cipher;
  #counters: Uint8Array = new Uint8Array(16 * 64);

  constructor(key: Uint8Array) {
    if (key.length !== 16 && key.length !== 32) throw new RangeError('AES-CM key must be 16 or 32 octets');
    this.#ecb = createCipheriv(key.length === 16 ? 'aes-128-ecb' : 'aes-256-ecb', key, null);
    this.#ecb.setAutoPadding(false);
  }

  /** XORs `len` octets of `data` starting at `at` with the keystream for `iv` (16 octets). */
  xor(iv: Uint8Array, data: Uint8Array, at: number, len: number): void {
    if (len <= 0) return;
    if (iv.length !== 16) throw new RangeError('AES-CM IV must be 16 octets');
    const blocks = (len + 15) >>> 4;
    if (blocks > 0x10000) throw new RangeError('AES-CM: at most 2^16 blocks per IV');
    if (this.#counters.length < blocks * 16) this.#counters = new Uint8Array(blocks * 16);
    const ctr = this.#counters;
    const lo = (iv[14]! << 8) | iv[15]!;
    for (let b = 0; b < blocks; b++) {
      const o = b * 16;
      ctr.set(iv, o);
      // The IV's low 16 bits are zero for SRTP, but add with carry for generality.
      const c = lo + b;
      ctr[o + 15] = c & 0xff;
      ctr[o + 14] = (c >>> 8) & 0xff;
      let carry = c >>> 16;
      for (let i = 13; carry > 0 && i >= 0; i--) {
        const v = ctr[o + i]! + carry;
        ctr[o + i] = v & 0xff;
        carry = v >>> 8;
      }
    }
    const ks = this.#ecb.update(ctr.subarray(0, blocks * 16));
    for (let i = 0; i < len; i++) data[at + i]! ^= ks[i]!;
  }

  /** Returns `len` octets of raw keystream for `iv`. */
  keystream(iv: Uint8Array, len: number): Uint8Array {
    const out = new Uint8Array(len);
    this.xor(iv, out, 0, len);
    return out;
  }
}
