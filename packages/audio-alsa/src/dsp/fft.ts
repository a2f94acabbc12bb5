/**
 * A radix-2 FFT for real signals of length `n` (a power of two, at least 4), computed as
 * a complex FFT of length n/2 on the even/odd samples packed as real/imaginary parts,
 * then split into the spectrum of the real signal. All tables and scratch are
 * allocated once; transforms allocate nothing.
 *
 * Spectra are `n/2 + 1` bins (DC to Nyquist) in separate real and imaginary arrays.
 * `inverse(forward(x)) = x` (the inverse carries the 1/n scale).
 */
export class RealFft {
  readonly size: number;
  readonly bins: number;
  readonly #half: number;
  readonly #rev: Uint32Array;
  readonly #cos: Float64Array; // twiddles of the half-size complex FFT
  readonly #sin: Float64Array;
  readonly #splitCos: Float64Array; // twiddles of the split step, e^{-2 pi i k / n}
  readonly #splitSin: Float64Array;
  readonly #re: Float64Array;
  readonly #im: Float64Array;

  constructor(n: number) {
    if (n < 4 || (n & (n - 1)) !== 0) throw new RangeError(`FFT size must be a power of two >= 4, got ${n}`);
    this.size = n;
    this.bins = n / 2 + 1;
    const h = n / 2;
    this.#half = h;
    this.#rev = new Uint32Array(h);
    const bits = Math.log2(h);
    for (let i = 0; i < h; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.#rev[i] = r;
    }
    this.#cos = new Float64Array(h / 2 || 1);
    this.#sin = new Float64Array(h / 2 || 1);
    for (let i = 0; i < h / 2; i++) {
      this.#cos[i] = Math.cos((2 * Math.PI * i) / h);
      this.#sin[i] = -Math.sin((2 * Math.PI * i) / h);
    }
    this.#splitCos = new Float64Array(h + 1);
    this.#splitSin = new Float64Array(h + 1);
    for (let k = 0; k <= h; k++) {
      this.#splitCos[k] = Math.cos((2 * Math.PI * k) / n);
      this.#splitSin[k] = -Math.sin((2 * Math.PI * k) / n);
    }
    this.#re = new Float64Array(h);
    this.#im = new Float64Array(h);
  }

  /** Spectrum of `input` (length n) into `re`/`im` (length n/2+1 each). */
  forward(input: Float64Array, re: Float64Array, im: Float64Array): void {
    const h = this.#half;
    const zr = this.#re;
    const zi = this.#im;
    const rev = this.#rev;
    for (let i = 0; i < h; i++) {
      const j = rev[i]!;
      zr[j] = input[2 * i]!;
      zi[j] = input[2 * i + 1]!;
    }
    this.#complex(zr, zi, -1);
    const sc = this.#splitCos;
    const ss = this.#splitSin;
    // X[k] = (Z[k] + conj Z[h-k]) / 2 + e^{-2 pi i k/n} (Z[k] - conj Z[h-k]) / 2i
    for (let k = 0; k <= h; k++) {
      const a = k % h;
      const b = (h - k) % h;
      const er = (zr[a]! + zr[b]!) / 2;
      const ei = (zi[a]! - zi[b]!) / 2;
      const or = (zi[a]! + zi[b]!) / 2;
      const oi = -(zr[a]! - zr[b]!) / 2;
      const c = sc[k]!;
      const s = ss[k]!;
      re[k] = er + (or * c - oi * s);
      im[k] = ei + (or * s + oi * c);
    }
  }

  /** Real signal (length n) of the spectrum `re`/`im` (length n/2+1), scaled by 1/n. */
  inverse(re: Float64Array, im: Float64Array, output: Float64Array): void {
    const h = this.#half;
    const zr = this.#re;
    const zi = this.#im;
    // Rebuild Z[k] = E[k] + i O[k] from X[k] and X[h-k], the inverse of the split above.
    for (let k = 0; k < h; k++) {
      const ar = re[k]!;
      const ai = im[k]!;
      const br = re[h - k]!;
      const bi = -im[h - k]!;
      const er = (ar + br) / 2;
      const ei = (ai + bi) / 2;
      const dr = (ar - br) / 2;
      const di = (ai - bi) / 2;
      // O[k] = D[k] * e^{+2 pi i k/n}
      const c = this.#splitCos[k]!;
      const s = -this.#splitSin[k]!;
      const or = dr * c - di * s;
      const oi = dr * s + di * c;
      const j = this.#rev[k]!;
      zr[j] = er - oi;
      zi[j] = ei + or;
    }
    this.#complex(zr, zi, 1);
    const scale = 1 / h;
    for (let i = 0; i < h; i++) {
      output[2 * i] = zr[i]! * scale;
      output[2 * i + 1] = zi[i]! * scale;
    }
  }

  /** In-place iterative complex FFT on bit-reversed input; sign -1 forward, +1 inverse. */
  #complex(re: Float64Array, im: Float64Array, sign: number): void {
    const h = this.#half;
    const cos = this.#cos;
    const sin = this.#sin;
    for (let len = 2; len <= h; len <<= 1) {
      const halfLen = len >> 1;
      const step = h / len;
      for (let j = 0; j < halfLen; j++) {
        // One twiddle per j, applied to every butterfly that uses it.
        const c = cos[j * step]!;
        const s = sign < 0 ? sin[j * step]! : -sin[j * step]!;
        for (let a = j; a < h; a += len) {
          const b = a + halfLen;
          const rb = re[b]!;
          const ib = im[b]!;
          const tr = rb * c - ib * s;
          const ti = rb * s + ib * c;
          const ra = re[a]!;
          const ia = im[a]!;
          re[b] = ra - tr;
          im[b] = ia - ti;
          re[a] = ra + tr;
          im[a] = ia + ti;
        }
      }
    }
  }
}
