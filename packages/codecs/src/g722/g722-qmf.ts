/**
 * The 24-tap quadrature mirror filter delay line (ITU-T G.722 sections 3.1 and
 * 4.4, coefficients of table 11). Samples go in pairs into a ring of 24
 * mirrored at +24, so the window, oldest first, is always the contiguous
 * x[at .. at+23]: no shifting per pair. The sums are unrolled with the
 * coefficients as constants.
 */
export class QmfLine {
  private readonly x = new Int32Array(48);
  private at = 0;
  /** Results of the last `filter()`: sums over the even (h0, h2, ...) and odd (h1, h3, ...) taps. */
  even = 0;
  odd = 0;

  push(older: number, newer: number): void {
    const x = this.x;
    const i = this.at;
    x[i] = older;
    x[i + 1] = newer;
    x[i + 24] = older;
    x[i + 25] = newer;
    this.at = i === 22 ? 0 : i + 2;
  }

  /** Computes `even` and `odd` over the window, oldest sample on h0. */
  filter(): void {
    const x = this.x;
    const o = this.at;
    this.even =
      x[o]! * 3 +
      x[o + 2]! * -11 +
      x[o + 4]! * 12 +
      x[o + 6]! * 32 +
      x[o + 8]! * -210 +
      x[o + 10]! * 951 +
      x[o + 12]! * 3876 +
      x[o + 14]! * -805 +
      x[o + 16]! * 362 +
      x[o + 18]! * -156 +
      x[o + 20]! * 53 +
      x[o + 22]! * -11;
    this.odd =
      x[o + 1]! * -11 +
      x[o + 3]! * 53 +
      x[o + 5]! * -156 +
      x[o + 7]! * 362 +
      x[o + 9]! * -805 +
      x[o + 11]! * 3876 +
      x[o + 13]! * 951 +
      x[o + 15]! * -210 +
      x[o + 17]! * 32 +
      x[o + 19]! * 12 +
      x[o + 21]! * -11 +
      x[o + 23]! * 3;
  }

  reset(): void {
    this.x.fill(0);
    this.at = 0;
  }
}
