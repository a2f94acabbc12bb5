import { ILB } from './g722-tables.js';

/** Clamps to a signed 16-bit value. */
export function sat16(x: number): number {
  if (x > 32767) return 32767;
  if (x < -32768) return -32768;
  return x;
}

/**
 * The adaptive predictor and scale factor state of one sub-band (ITU-T G.722
 * section 6.2, blocks 3L/3H and 4L/4H). Both sub-bands share this code; they
 * differ only in tables and limits, which the callers pass.
 */
export class G722Band {
  /** Predicted signal value (s), its pole part (sp) and zero part (sz). */
  s = 0;
  sp = 0;
  sz = 0;
  /** Log scale factor (nb) and scale factor (det). */
  nb = 0;
  det: number;
  /** Reconstructed signals r(n-1), r(n-2) and partial reconstructions p(n-1), p(n-2). */
  private r1 = 0;
  private r2 = 0;
  private p1 = 0;
  private p2 = 0;
  /** Pole coefficients a1, a2. */
  private a1 = 0;
  private a2 = 0;
  /** Zero predictor: past quantized differences d(n-1..n-6) and coefficients b1..b6, in fields for speed. */
  private d1 = 0;
  private d2 = 0;
  private d3 = 0;
  private d4 = 0;
  private d5 = 0;
  private d6 = 0;
  private b1 = 0;
  private b2 = 0;
  private b3 = 0;
  private b4 = 0;
  private b5 = 0;
  private b6 = 0;

  constructor(private readonly initialDet: number) {
    this.det = initialDet;
  }

  reset(): void {
    this.s = 0;
    this.sp = 0;
    this.sz = 0;
    this.nb = 0;
    this.det = this.initialDet;
    this.r1 = 0;
    this.r2 = 0;
    this.p1 = 0;
    this.p2 = 0;
    this.a1 = 0;
    this.a2 = 0;
    this.d1 = this.d2 = this.d3 = this.d4 = this.d5 = this.d6 = 0;
    this.b1 = this.b2 = this.b3 = this.b4 = this.b5 = this.b6 = 0;
  }

  /**
   * Blocks LOGSCL/LOGSCH and SCALEL/SCALEH: updates the log scale factor
   * with multiplier `w`, limits it to `nbMax` and derives det (shift base `shiftBase`:
   * 8 for the lower band, 10 for the upper).
   */
  scale(w: number, nbMax: number, shiftBase: number): void {
    let nb = ((this.nb * 127) >> 7) + w;
    if (nb < 0) nb = 0;
    else if (nb > nbMax) nb = nbMax;
    this.nb = nb;
    const m = ILB[(nb >> 6) & 31]!;
    const sh = shiftBase - (nb >> 11);
    this.det = (sh < 0 ? m << -sh : m >> sh) << 2;
  }

  /**
   * Block 4 (RECONS, PARREC, UPPOL2, UPPOL1, UPZERO, DELAYA, FILTEP, FILTEZ,
   * PREDIC): adapts the predictor to the quantized difference `dx` and
   * computes the next prediction `s`.
   */
  update(dx: number): void {
    const r0 = sat16(this.s + dx);
    const p0 = sat16(this.sz + dx);
    // Sign agreements without branches (they are data-dependent and mispredict):
    // (x ^ y) >> 31 is 0 when x and y have the same sign (zero counts as
    // positive), -1 otherwise; (k ^ m) - m is then k or -k.
    const m1 = (p0 ^ this.p1) >> 31;
    const m2 = (p0 ^ this.p2) >> 31;

    // UPPOL2: a2 leaks by 2^-7, steps by +-2^-7 on sgn(p(n)) sgn(p(n-2)) and by -f(a1) on sgn(p(n)) sgn(p(n-1)).
    const wd1 = sat16(this.a1 << 2);
    const same1 = ~m1;
    let wd2 = (wd1 ^ same1) - same1;
    if (wd2 > 32767) wd2 = 32767;
    let ap2 = (128 ^ m2) - m2 + (wd2 >> 7) + ((this.a2 * 32512) >> 15);
    if (ap2 > 12288) ap2 = 12288;
    else if (ap2 < -12288) ap2 = -12288;

    // UPPOL1
    let ap1 = sat16((192 ^ m1) - m1 + ((this.a1 * 32640) >> 15));
    const lim = sat16(15360 - ap2);
    if (ap1 > lim) ap1 = lim;
    else if (ap1 < 0 - lim) ap1 = 0 - lim;

    // UPZERO: each b(i) leaks by 2^-7 and steps by 2^-7 toward sgn(d(n)) sgn(d(n-i)).
    const step = dx === 0 ? 0 : 128;
    let m = (this.d1 ^ dx) >> 31;
    const b1 = sat16((step ^ m) - m + ((this.b1 * 32640) >> 15));
    m = (this.d2 ^ dx) >> 31;
    const b2 = sat16((step ^ m) - m + ((this.b2 * 32640) >> 15));
    m = (this.d3 ^ dx) >> 31;
    const b3 = sat16((step ^ m) - m + ((this.b3 * 32640) >> 15));
    m = (this.d4 ^ dx) >> 31;
    const b4 = sat16((step ^ m) - m + ((this.b4 * 32640) >> 15));
    m = (this.d5 ^ dx) >> 31;
    const b5 = sat16((step ^ m) - m + ((this.b5 * 32640) >> 15));
    m = (this.d6 ^ dx) >> 31;
    const b6 = sat16((step ^ m) - m + ((this.b6 * 32640) >> 15));
    // DELAYA for the zero section.
    const d6 = this.d5;
    const d5 = this.d4;
    const d4 = this.d3;
    const d3 = this.d2;
    const d2 = this.d1;
    const d1 = dx;
    this.d6 = d6;
    this.d5 = d5;
    this.d4 = d4;
    this.d3 = d3;
    this.d2 = d2;
    this.d1 = d1;
    this.b1 = b1;
    this.b2 = b2;
    this.b3 = b3;
    this.b4 = b4;
    this.b5 = b5;
    this.b6 = b6;

    // DELAYA for the pole section.
    this.r2 = this.r1;
    this.r1 = r0;
    this.p2 = this.p1;
    this.p1 = p0;
    this.a1 = ap1;
    this.a2 = ap2;

    // FILTEP, FILTEZ, PREDIC
    const sp = sat16(((ap1 * sat16(r0 + r0)) >> 15) + ((ap2 * sat16(this.r2 + this.r2)) >> 15));
    const sz =
      ((b1 * sat16(d1 + d1)) >> 15) +
      ((b2 * sat16(d2 + d2)) >> 15) +
      ((b3 * sat16(d3 + d3)) >> 15) +
      ((b4 * sat16(d4 + d4)) >> 15) +
      ((b5 * sat16(d5 + d5)) >> 15) +
      ((b6 * sat16(d6 + d6)) >> 15);
    this.sp = sp;
    this.sz = sat16(sz);
    this.s = sat16(sp + this.sz);
  }
}
