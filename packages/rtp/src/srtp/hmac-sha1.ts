import { sha1Compress, sha1Init } from './sha1.js';

/**
 * HMAC-SHA1 (RFC 2104) under one key, with the states after the ipad and opad
 * blocks computed once: each tag then costs the message blocks plus one outer block,
 * with no allocation. The returned digest is a buffer reused by the next call.
 */
export class HmacSha1 {
  readonly #inner = new Int32Array(5);
  readonly #outer = new Int32Array(5);
  readonly #state = new Int32Array(5);
  readonly #outerBlock = new Uint8Array(64);
  readonly #digest = new Uint8Array(20);
  #scratch = new Uint8Array(256);

  constructor(key: Uint8Array) {
    if (key.length > 64) throw new RangeError('HMAC-SHA1 keys longer than 64 octets are not used by SRTP');
    const pad = new Uint8Array(64);
    for (const [state, byte] of [
      [this.#inner, 0x36],
      [this.#outer, 0x5c],
    ] as const) {
      pad.fill(byte);
      for (let i = 0; i < key.length; i++) pad[i]! ^= key[i]!;
      sha1Init(state);
      sha1Compress(state, pad, 0);
    }
    // The outer message is always the 20-octet inner digest: its padding is fixed.
    this.#outerBlock[20] = 0x80;
    writeBitLength(this.#outerBlock, 64, 64 + 20);
  }

  /** HMAC over `a` followed by `b` (if given). The result is overwritten by the next call. */
  digest(a: Uint8Array, b?: Uint8Array): Uint8Array {
    const len = a.length + (b ? b.length : 0);
    const blocks = (len + 9 + 63) >>> 6;
    if (this.#scratch.length < blocks * 64) this.#scratch = new Uint8Array(blocks * 64);
    const m = this.#scratch;
    m.set(a, 0);
    if (b) m.set(b, a.length);
    m[len] = 0x80;
    m.fill(0, len + 1, blocks * 64 - 8);
    writeBitLength(m, blocks * 64, 64 + len);
    const s = this.#state;
    s.set(this.#inner);
    for (let i = 0; i < blocks; i++) sha1Compress(s, m, i * 64);
    const ob = this.#outerBlock;
    writeWords(ob, s);
    s.set(this.#outer);
    sha1Compress(s, ob, 0);
    writeWords(this.#digest, s);
    return this.#digest;
  }
}

/** Writes the message length in bits (octets * 8) as the last 8 octets before `end`. */
function writeBitLength(buf: Uint8Array, end: number, octets: number): void {
  const bits = octets * 8;
  const hi = Math.floor(bits / 0x1_0000_0000);
  for (let i = 0; i < 4; i++) {
    buf[end - 8 + i] = hi >>> (24 - i * 8);
    buf[end - 4 + i] = bits >>> (24 - i * 8);
  }
}

function writeWords(out: Uint8Array, s: Int32Array): void {
  for (let i = 0; i < 5; i++) {
    const w = s[i]!;
    out[i * 4] = w >>> 24;
    out[i * 4 + 1] = w >>> 16;
    out[i * 4 + 2] = w >>> 8;
    out[i * 4 + 3] = w;
  }
}

/** Constant-time comparison of the first `len` octets of `tag` with `expected`. */
export function tagsEqual(expected: Uint8Array, tag: Uint8Array, len: number): boolean {
  if (tag.length < len || expected.length < len) return false;
  let diff = 0;
  for (let i = 0; i < len; i++) diff |= expected[i]! ^ tag[i]!;
  return diff === 0;
}
