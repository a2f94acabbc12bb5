import { QMF } from './g722-tables.js';

/**
 * The 24-tap quadrature mirror filter delay line (ITU-T G.722 sections 3.1 and
 * 4.4). Samples go in pairs into a ring of 24 mirrored at +24, so the window,
 * oldest first, is always the contiguous x[at .. at+23]: no shifting per pair.
 */
export class QmfLine {
  private readonly x = new Int32Array(48);
  private at = 0;

  push(older: number, newer: number): void {
    const x = this.x;
    const i = this.at;
    x[i] = older;
    x[i + 1] = newer;
    x[i + 24] = older;
    x[i + 25] = newer;
    this.at = i === 22 ? 0 : i + 2;
  }

  /** Sum of the even-indexed taps (h0, h2, ...) over the window, oldest sample on h0. */
  sumEvenTaps(): number {
    const x = this.x;
    const o = this.at;
    let s = 0;
    for (let k = 0; k < 24; k += 2) s += x[o + k]! * QMF[k]!;
    return s;
  }

  /** Sum of the odd-indexed taps (h1, h3, ...) over the window. */
  sumOddTaps(): number {
    const x = this.x;
    const o = this.at;
    let s = 0;
    for (let k = 1; k < 24; k += 2) s += x[o + k]! * QMF[k]!;
    return s;
  }

  reset(): void {
    this.x.fill(0);
    this.at = 0;
  }
}
