import { ILB } from './g722-tables.js';

/** Clamps to a signed 16-bit value. */
export function sat16(x: number): number {
  return x > 32767 ? 32767 : Math.max(x, -32768);
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
  /** Zero predictor: past quantized differences d[1..6] = d(n-1..n-6) and coefficients b[1..6]. */
  private readonly d = new Int32Array(7);
  private readonly b = new Int32Array(7);

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
    this.d.fill(0);
    this.b.fill(0);
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
    const sg0 = p0 >> 15;
    const sg1 = this.p1 >> 15;
    const sg2 = this.p2 >> 15;

    // UPPOL2
    const wd1 = sat16(this.a1 << 2);
    let wd2 = sg0 === sg1 ? -wd1 : wd1;
    if (wd2 > 32767) wd2 = 32767;
    let ap2 = (sg0 === sg2 ? 128 : -128) + (wd2 >> 7) + ((this.a2 * 32512) >> 15);
    if (ap2 > 12288) ap2 = 12288;
    else if (ap2 < -12288) ap2 = -12288;

    // UPPOL1
    let ap1 = sat16((sg0 === sg1 ? 192 : -192) + ((this.a1 * 32640) >> 15));
    const lim = sat16(15360 - ap2);
    if (ap1 > lim) ap1 = lim;
    else if (ap1 < -lim) ap1 = -lim;

    // UPZERO and DELAYA for the zero section.
    const d = this.d;
    const b = this.b;
    const step = dx === 0 ? 0 : 128;
    const sgd = dx >> 15;
    for (let i = 6; i > 0; i--) {
      const g = d[i]! >> 15 === sgd ? step : -step;
      b[i] = sat16(g + ((b[i]! * 32640) >> 15));
    }
    for (let i = 6; i > 1; i--) d[i] = d[i - 1]!;
    d[1] = dx;

    // DELAYA for the pole section.
    this.r2 = this.r1;
    this.r1 = r0;
    this.p2 = this.p1;
    this.p1 = p0;
    this.a1 = ap1;
    this.a2 = ap2;

    // FILTEP, FILTEZ, PREDIC
    const sp = sat16(((ap1 * sat16(r0 + r0)) >> 15) + ((ap2 * sat16(this.r2 + this.r2)) >> 15));
    let sz = 0;
    for (let i = 6; i > 0; i--) sz += (b[i]! * sat16(d[i]! + d[i]!)) >> 15;
    this.sp = sp;
    this.sz = sat16(sz);
    this.s = sat16(sp + this.sz);
  }
}
