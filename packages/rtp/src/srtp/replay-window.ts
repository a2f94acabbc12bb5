/** Outcome of a replay check. */
export type ReplayVerdict = 'new' | 'replayed' | 'too-old';

/**
 * Sliding replay window over packet indices (RFC 3711 section 3.3.2). Bit k of
 * the window says whether index `highest - k` was received. Indices are up to
 * 48 bits and so are exact in a JS number.
 */
export class ReplayWindow {
  readonly size: number;
  readonly #bits: Uint32Array;
  #highest = -1;

  constructor(size = 64) {
    if (!Number.isInteger(size) || size < 1 || size > 32768)
      throw new RangeError('replay window size 1..32768');
    this.size = size;
    this.#bits = new Uint32Array(Math.ceil(size / 32));
  }

  /** Highest index accepted so far, or -1. */
  get highest(): number {
    return this.#highest;
  }

  /** Classifies `index` without recording it (call before authentication). */
  check(index: number): ReplayVerdict {
    if (this.#highest < 0 || index > this.#highest) return 'new';
    const k = this.#highest - index;
    if (k >= this.size) return 'too-old';
    return this.#bits[k >>> 5]! & (1 << (k & 31)) ? 'replayed' : 'new';
  }

  /** Records `index` as received (call after the packet authenticated). */
  accept(index: number): void {
    if (this.#highest < 0) {
      this.#highest = index;
      this.#bits[0] = 1;
      return;
    }
    if (index > this.#highest) {
      this.#shift(index - this.#highest);
      this.#highest = index;
      this.#bits[0]! |= 1;
      return;
    }
    const k = this.#highest - index;
    if (k < this.size) this.#bits[k >>> 5]! |= 1 << (k & 31);
  }

  #shift(n: number): void {
    const bits = this.#bits;
    const words = bits.length;
    if (n >= words * 32) {
      bits.fill(0);
      return;
    }
    const ws = n >>> 5;
    const bs = n & 31;
    for (let i = words - 1; i >= 0; i--) {
      const src = i - ws;
      let v = src >= 0 ? bits[src]! << bs : 0;
      if (bs > 0 && src - 1 >= 0) v |= bits[src - 1]! >>> (32 - bs);
      bits[i] = v;
    }
  }
}
