/**
 * The iLBC decoder's enhancer (RFC 3951 section 4.6, Appendix A.16), in
 * floating point: pitch-synchronous smoothing of the excitation over the
 * surrounding pitch periods, constrained to change at most ENH_ALPHA0 of the
 * block's energy. It delays the output by 40 samples (20 ms mode) or 80 (30 ms).
 */

const BL = 80; // ENH_BLOCKL
const BLH = 40;
const HL = 3;
const SLOP = 2;
const OVERHANG = 2;
const UPS = 4;
const FL0 = 3;
const VECTL = BL + 2 * FL0;
const NBLOCKS_EXTRA = 5;
const NBLOCKS_TOT = 8;
const BUFL = NBLOCKS_TOT * BL;
const ALPHA0 = 0.05;

/** Fractional-delay filters for 4x upsampling (polyphaserTbl). */
const POLY = Float64Array.of(
  0,
  0,
  0,
  1,
  0,
  0,
  0,
  0.015625,
  -0.076904,
  0.28833,
  0.862061,
  -0.106445,
  0.018799,
  -0.015625,
  0.023682,
  -0.124268,
  0.601563,
  0.601563,
  -0.124268,
  0.023682,
  -0.023682,
  0.018799,
  -0.106445,
  0.862061,
  0.28833,
  -0.076904,
  0.015625,
  -0.018799,
);
const PLOCS = Float64Array.of(40, 120, 200, 280, 360, 440, 520, 600);
/** Anti-aliasing filter of the factor-2 decimation (lpFilt_coefsTbl). */
const LP = Float64Array.of(-0.06665, 0.125, 0.31665, 0.414063, 0.31665, 0.125, -0.06665);

function nearest(arr: Float64Array, value: number): number {
  let best = 0;
  let bestCrit = (arr[0]! - value) ** 2;
  for (let i = 1; i < arr.length; i++) {
    const c = (arr[i]! - value) ** 2;
    if (c < bestCrit) {
      bestCrit = c;
      best = i;
    }
  }
  return best;
}

/** corr[i] = sum_j seq1[at1 + i + j] * seq2[at2 + j], i = 0 .. dim1 - dim2. */
function corr(
  out: Float64Array,
  s1: Float64Array,
  at1: number,
  dim1: number,
  s2: Float64Array,
  at2: number,
  dim2: number,
): void {
  for (let i = 0; i <= dim1 - dim2; i++) {
    let c = 0;
    for (let j = 0; j < dim2; j++) c += s1[at1 + i + j]! * s2[at2 + j]!;
    out[i] = c;
  }
}

/** 4x upsampling of a short sequence, zeros outside it. */
function upsample(out: Float64Array, seq: Float64Array, dim1: number): void {
  let hfl = FL0;
  let fl = 2 * hfl + 1;
  let polyAt = 0;
  if (fl > dim1) {
    const hfl2 = dim1 >> 1;
    polyAt = hfl - hfl2;
    hfl = hfl2;
    fl = 2 * hfl + 1;
  }
  let pu = 0;
  for (let i = hfl; i < fl; i++) {
    for (let j = 0; j < UPS; j++) {
      let s = 0;
      for (let k = 0; k <= i; k++) s += seq[i - k]! * POLY[j * 7 + polyAt + k]!;
      out[pu++] = s;
    }
  }
  for (let i = fl; i < dim1; i++) {
    for (let j = 0; j < UPS; j++) {
      let s = 0;
      for (let k = 0; k < fl; k++) s += seq[i - k]! * POLY[j * 7 + polyAt + k]!;
      out[pu++] = s;
    }
  }
  for (let q = 1; q <= hfl; q++) {
    for (let j = 0; j < UPS; j++) {
      let s = 0;
      for (let k = 0; k < fl - q; k++) s += seq[dim1 - 1 - k]! * POLY[j * 7 + polyAt + q + k]!;
      out[pu++] = s;
    }
  }
}

const corrVec = new Float64Array(2 * SLOP + 1);
const corrUps = new Float64Array((2 * SLOP + 1) * UPS);
const vect = new Float64Array(VECTL);

/** Segment near `estSegPos` best matching the centre block, at quarter-sample resolution; returns its start. */
function refiner(
  seg: Float64Array,
  segAt: number,
  idata: Float64Array,
  centerStart: number,
  estSegPos: number,
): number {
  const rounded = Math.trunc(estSegPos - 0.5);
  const from = Math.max(0, rounded - SLOP);
  let to = rounded + SLOP;
  if (to + BL >= BUFL) to = BUFL - BL - 1;
  const dim = to - from + 1;
  corr(corrVec, idata, from, dim + BL - 1, idata, centerStart, BL);
  upsample(corrUps, corrVec, dim);
  let tloc = 0;
  let maxv = corrUps[0]!;
  for (let i = 1; i < UPS * dim; i++) {
    if (corrUps[i]! > maxv) {
      tloc = i;
      maxv = corrUps[i]!;
    }
  }
  const upd = from + tloc / UPS + 1;
  let tloc2 = Math.trunc(tloc / UPS);
  if (tloc > tloc2 * UPS) tloc2++;
  const st = from + tloc2 - FL0;
  vect.fill(0);
  for (let i = 0; i < VECTL; i++) {
    const k = st + i;
    if (k >= 0 && k < BUFL) vect[i] = idata[k]!;
  }
  const fraction = tloc2 * UPS - tloc;
  for (let i = 0; i < BL; i++) {
    let s = 0;
    for (let j = 0; j < 7; j++) s += vect[i + j]! * POLY[fraction * 7 + j]!;
    seg[segAt + i] = s;
  }
  return upd;
}

const sseq = new Float64Array((2 * HL + 1) * BL);
const surround = new Float64Array(BL);
const WT = Float64Array.from(
  { length: 2 * HL + 1 },
  (_, i) => 0.5 * (1 - Math.cos((2 * Math.PI * (i + 1)) / (2 * HL + 2))),
);
const blockStart = new Float64Array(2 * HL + 1);
const lagBlock = new Int32Array(2 * HL + 1);
const plocs2 = new Float64Array(NBLOCKS_TOT);

/** Enhances `idata[centerStart .. +80)` into `out[outAt ..]`. */
function enhanceBlock(
  out: Float64Array,
  outAt: number,
  idata: Float64Array,
  centerStart: number,
  period: Float64Array,
): void {
  // The pitch-synchronous sequence of 2 HL + 1 segments around the block.
  const centerEnd = centerStart + BL - 1;
  lagBlock[HL] = nearest(PLOCS, 0.5 * (centerStart + centerEnd));
  blockStart[HL] = centerStart;
  for (let i = 0; i < BL; i++) sseq[HL * BL + i] = idata[centerStart + i]!;
  for (let q = HL - 1; q >= 0; q--) {
    blockStart[q] = blockStart[q + 1]! - period[lagBlock[q + 1]!]!;
    lagBlock[q] = nearest(PLOCS, blockStart[q]! + BLH - period[lagBlock[q + 1]!]!);
    if (blockStart[q]! - OVERHANG >= 0)
      blockStart[q] = refiner(sseq, q * BL, idata, centerStart, blockStart[q]!);
    else sseq.fill(0, q * BL, (q + 1) * BL);
  }
  for (let i = 0; i < NBLOCKS_TOT; i++) plocs2[i] = PLOCS[i]! - period[i]!;
  for (let q = HL + 1; q <= 2 * HL; q++) {
    lagBlock[q] = nearest(plocs2, blockStart[q - 1]! + BLH);
    blockStart[q] = blockStart[q - 1]! + period[lagBlock[q]!]!;
    if (blockStart[q]! + BL + OVERHANG < BUFL)
      blockStart[q] = refiner(sseq, q * BL, idata, centerStart, blockStart[q]!);
    else sseq.fill(0, q * BL, (q + 1) * BL);
  }
  // Smoothing (smath): the weighted surrounding periods, scaled, within the energy constraint.
  surround.fill(0);
  for (let k = 0; k <= 2 * HL; k++) {
    if (k === HL) continue;
    for (let i = 0; i < BL; i++) surround[i] = surround[i]! + sseq[k * BL + i]! * WT[k]!;
  }
  let w00 = 0;
  let w10 = 0;
  let w11 = 0;
  const cur = HL * BL;
  for (let i = 0; i < BL; i++) {
    w00 += sseq[cur + i]! ** 2;
    w11 += surround[i]! ** 2;
    w10 += surround[i]! * sseq[cur + i]!;
  }
  if (Math.abs(w11) < 1) w11 = 1;
  const c = Math.sqrt(w00 / w11);
  let errs = 0;
  for (let i = 0; i < BL; i++) {
    out[outAt + i] = c * surround[i]!;
    errs += (sseq[cur + i]! - out[outAt + i]!) ** 2;
  }
  if (errs > ALPHA0 * w00) {
    if (w00 < 1) w00 = 1;
    const denom = (w11 * w00 - w10 * w10) / (w00 * w00);
    let a = 0;
    let b = 1;
    if (denom > 0.0001) {
      a = Math.sqrt((ALPHA0 - (ALPHA0 * ALPHA0) / 4) / denom);
      b = 1 - ALPHA0 / 2 - (a * w10) / w00;
    }
    for (let i = 0; i < BL; i++) out[outAt + i] = a * surround[i]! + b * sseq[cur + i]!;
  }
}

function xCorrCoef(x: Float64Array, at1: number, at2: number, n: number): number {
  let c = 0;
  let e = 0;
  for (let i = 0; i < n; i++) {
    c += x[at1 + i]! * x[at2 + i]!;
    e += x[at2 + i]! ** 2;
  }
  return c > 0 ? (c * c) / e : 0;
}

/** Enhancer state of one decoder. */
export class Enhancer {
  private readonly buf = new Float64Array(BUFL);
  private readonly period = new Float64Array(NBLOCKS_TOT).fill(40);
  private readonly down = new Float64Array(180);
  private readonly plcPred = new Float64Array(BL);

  reset(): void {
    this.buf.fill(0);
    this.period.fill(40);
  }

  /**
   * Pushes one frame of residual `input` (full scale) and writes the enhanced,
   * delayed residual to `out`. `prevLost`: the previous frame was concealed.
   * Returns the pitch lag estimate for a later concealment.
   */
  process(input: Float64Array, blockl: number, prevLost: boolean, out: Float64Array): number {
    const buf = this.buf;
    const period = this.period;
    buf.copyWithin(0, blockl, BUFL);
    buf.set(input.subarray(0, blockl), BUFL - blockl);
    const plcBlockl = blockl === 240 ? BL : 40;
    const ioffset = blockl === 160 ? 1 : 0;
    period.copyWithin(0, 3 - ioffset, NBLOCKS_TOT);
    // Decimate by 2 (with the samples before as filter history), then a pitch search per block.
    const inAt = (NBLOCKS_EXTRA + ioffset) * BL - 120;
    const inLen = 3 * BL + 120 - ioffset * BL;
    let nd = 0;
    for (let i = 3; i < inLen; i += 2) {
      let o = 0;
      for (let j = 0; j < 7; j++) o += LP[j]! * buf[inAt + i - j]!;
      this.down[nd++] = o;
    }
    {
      let o = 0;
      for (let j = 0; j < 5; j++) o += LP[2 + j]! * buf[inAt + inLen - 1 - j]!;
      this.down[nd++] = o;
    }
    let lag = 0;
    for (let b = 0; b < 3 - ioffset; b++) {
      const at = 60 + b * BLH;
      lag = 10;
      let maxcc = xCorrCoef(this.down, at, at - lag, BLH);
      for (let l = 11; l < 60; l++) {
        const cc = xCorrCoef(this.down, at, at - l, BLH);
        if (cc > maxcc) {
          maxcc = cc;
          lag = l;
        }
      }
      period[b + NBLOCKS_EXTRA + ioffset] = lag * 2;
    }
    if (prevLost) lag = this.smoothAfterLoss(input, blockl, plcBlockl, ioffset);
    const blocks = blockl === 160 ? 2 : 3;
    for (let b = 0; b < blocks; b++) {
      enhanceBlock(out, b * BL, buf, blockl === 160 ? (5 + b) * BL + 40 : (4 + b) * BL, period);
    }
    return lag * 2;
  }

  /** After a concealed frame: mix a backward prediction from the new frame into the old look-ahead. */
  private smoothAfterLoss(input: Float64Array, blockl: number, plcBlockl: number, ioffset: number): number {
    const buf = this.buf;
    const inlag = Math.trunc(this.period[NBLOCKS_EXTRA + ioffset]!);
    const inBuf = BUFL - blockl; // `input` now sits at buf[inBuf ..]
    let lag = inlag - 1;
    let maxcc = xCorrCoef(buf, inBuf, inBuf + lag, plcBlockl);
    for (let l = inlag; l <= inlag + 1; l++) {
      const cc = xCorrCoef(buf, inBuf, inBuf + l, plcBlockl);
      if (cc > maxcc) {
        maxcc = cc;
        lag = l;
      }
    }
    this.period[NBLOCKS_EXTRA + ioffset - 1] = lag;
    const pred = this.plcPred;
    let p = plcBlockl - 1;
    const start = Math.min(lag, plcBlockl);
    for (let s = 0, k = lag - 1; s < start; s++, k--) pred[p--] = input[k]!;
    for (let s = plcBlockl - 1 - lag, k = BUFL - 1 - blockl; s >= 0; s--, k--) pred[p--] = buf[k]!;
    let e1 = 0;
    let e2 = 0;
    for (let i = 0; i < plcBlockl; i++) {
      e2 += buf[BUFL - 1 - blockl - i]! ** 2;
      e1 += pred[i]! ** 2;
    }
    e1 = Math.sqrt(e1 / plcBlockl);
    e2 = Math.sqrt(e2 / plcBlockl);
    if (e1 > 2 * e2 && e1 > 0) {
      const r = (2 * e2) / e1;
      for (let i = 0; i < plcBlockl - 10; i++) pred[i] = pred[i]! * r;
      for (let i = plcBlockl - 10; i < plcBlockl; i++)
        pred[i] = pred[i]! * (((i - plcBlockl + 10) * (1 - r)) / 10 + r);
    }
    for (let i = 0, k = BUFL - 1 - blockl; i < plcBlockl; i++, k--) {
      const f = (i + 1) / (plcBlockl + 1);
      buf[k] = buf[k]! * f + (1 - f) * pred[plcBlockl - 1 - i]!;
    }
    return lag;
  }
}
