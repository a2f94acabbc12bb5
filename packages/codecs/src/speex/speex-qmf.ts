/**
 * The 64-tap quadrature mirror filter pair that splits wideband Speex into
 * two half-rate bands and joins them again (libspeex filters.c, float build).
 */

/** Prototype low-pass h0 (symmetric, 64 taps); the high-pass is h0 with alternating signs. */
export const QMF_H0 = Float32Array.of(
  3.596189e-5,
  -0.0001123515,
  -0.0001104587,
  0.0002790277,
  0.0002298438,
  -0.0005953563,
  -0.0003823631,
  0.00113826,
  0.0005308539,
  -0.001986177,
  -0.0006243724,
  0.003235877,
  0.0005743159,
  -0.004989147,
  -0.0002584767,
  0.007367171,
  -0.0004857935,
  -0.01050689,
  0.001894714,
  0.01459396,
  -0.004313674,
  -0.01994365,
  0.00828756,
  0.02716055,
  -0.01485397,
  -0.03764973,
  0.026447,
  0.05543245,
  -0.05095487,
  -0.09779096,
  0.1382363,
  0.4600981,
  0.4600981,
  0.1382363,
  -0.09779096,
  -0.05095487,
  0.05543245,
  0.026447,
  -0.03764973,
  -0.01485397,
  0.02716055,
  0.00828756,
  -0.01994365,
  -0.004313674,
  0.01459396,
  0.001894714,
  -0.01050689,
  -0.0004857935,
  0.007367171,
  -0.0002584767,
  -0.004989147,
  0.0005743159,
  0.003235877,
  -0.0006243724,
  -0.001986177,
  0.0005308539,
  0.00113826,
  -0.0003823631,
  -0.0005953563,
  0.0002298438,
  0.0002790277,
  -0.0001104587,
  -0.0001123515,
  3.596189e-5,
);

import { copy, flushTiny } from './speex-dsp.js';

const M = 64;
const M2 = M >> 1;

/**
 * Synthesis: joins `half` low-band and `half` high-band samples into 2*half
 * output samples. Even outputs take the even taps on (low - high), odd outputs
 * the odd taps on (low + high), both times 2 (polyphase form of up-sampling
 * and filtering with h0 and the mirrored h1).
 */
export class QmfSynthesis {
  // diff/sum history: the last M2-1 samples of the previous call, then the current ones.
  private readonly d: Float32Array;
  private readonly s: Float32Array;

  constructor(private readonly half: number) {
    this.d = new Float32Array(M2 - 1 + half);
    this.s = new Float32Array(M2 - 1 + half);
  }

  reset(): void {
    this.d.fill(0);
    this.s.fill(0);
  }

  /** Reads low[lo..lo+half) and high[ho..ho+half), writes y[0..2*half); y may alias the inputs. */
  process(low: Float32Array, lo: number, high: Float32Array, ho: number, y: Float32Array): void {
    const n = this.half;
    const d = this.d;
    const s = this.s;
    const h = M2 - 1;
    for (let k = 0; k < n; k++) {
      const a = low[lo + k]!;
      const b = high[ho + k]!;
      d[h + k] = a - b;
      s[h + k] = a + b;
    }
    for (let k = 0; k < n; k++) {
      let y0 = 0;
      let y1 = 0;
      const base = h + k;
      for (let m = 0; m < M2; m++) {
        y0 += QMF_H0[2 * m]! * d[base - m]!;
        y1 += QMF_H0[2 * m + 1]! * s[base - m]!;
      }
      y[2 * k] = 2 * y0;
      y[2 * k + 1] = 2 * y1;
    }
    d.copyWithin(0, n, n + h);
    s.copyWithin(0, n, n + h);
    flushTiny(d, h);
    flushTiny(s, h);
  }
}

/**
 * Analysis: splits 2*half input samples into `half` low-band and `half`
 * high-band samples (libspeex `qmf_decomp`).
 */
export class QmfAnalysis {
  private readonly x: Float32Array;

  constructor(private readonly half: number) {
    this.x = new Float32Array(M - 1 + 2 * half);
  }

  reset(): void {
    this.x.fill(0);
  }

  /** Reads xin[0..2*half), writes low[0..half) and high[0..half). */
  process(xin: Float32Array, low: Float32Array, high: Float32Array): void {
    const n = 2 * this.half;
    const x = this.x;
    copy(x, M - 1, xin, 0, n);
    // With a[j] = h0[M-1-j] and x2 = x + M - 1, as the reference loop indexes it.
    for (let i = 0, k = 0; i < n; i += 2, k++) {
      let y1 = 0;
      let y2 = 0;
      for (let j = 0; j < M2; j++) {
        const a = QMF_H0[M - 1 - j]!;
        const p = x[i + j]! + x[M - 1 + i - j]!;
        const q = x[i + j]! - x[M - 1 + i - j]!;
        y1 += a * p;
        y2 += j & 1 ? a * q : -a * q;
      }
      low[k] = y1;
      high[k] = y2;
    }
    x.copyWithin(0, n, n + M - 1);
  }
}
