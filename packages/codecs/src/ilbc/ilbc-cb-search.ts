/**
 * Encoder side of the iLBC adaptive codebook (RFC 3951 section 3.6): a
 * three-stage search in the perceptually weighted domain. The candidate
 * vectors are built by the decoder's own fixed-point codebook construction, so
 * what the search scores is exactly what the decoder will add; each stage picks
 * the index and quantized gain (through the decoder's gain dequantization)
 * that remove the most weighted error, and the target is updated between stages.
 */
import { ORDER } from './ilbc-lpc.js';
import { codebookVector, gainDequant, type ResidualScratch, SUBL } from './ilbc-residual.js';
import { GAIN_STAGE } from './ilbc-tables.js';

const GAIN_LEVELS = [32, 16, 8] as const;

/** Scratch of the search (no allocation per frame). */
export class CbSearchScratch {
  readonly weighted = new Float64Array(256 * SUBL);
  readonly energy = new Float64Array(256);
  readonly target = new Float64Array(SUBL + ORDER);
  readonly vec = new Int16Array(SUBL);
}

/** Number of codebook indices for a memory of `lMem` and vectors of `veclen` samples. */
export function codebookSize(lMem: number, veclen: number): number {
  const base = lMem - veclen + 1 + (veclen === SUBL ? veclen / 2 : 0);
  return 2 * base;
}

function weight(x: Float64Array, wd: Float64Array, wdAt: number, length: number): void {
  // x[0 .. ORDER) is zero state; filter x[ORDER ..] in place through 1 / A(z / 0.4222).
  for (let n = ORDER; n < ORDER + length; n++) {
    let s = x[n]!;
    for (let k = 1; k <= ORDER; k++) s -= wd[wdAt + k]! * x[n - k]!;
    x[n] = s;
  }
}

/** Parameters of one block search. */
export interface BlockSearch {
  /** Target residual (half scale, as the fixed-point decoder's residual), in codebook time order. */
  readonly target: Float64Array;
  readonly targetAt: number;
  readonly veclen: number;
  readonly mem: Int16Array;
  readonly memAt: number;
  readonly lMem: number;
  readonly wd: Float64Array;
  readonly wdAt: number;
  /** Whether stages 2 and 3 are limited to the indices the 7-bit fields can carry (first 40-sample block). */
  readonly limited: boolean;
}

const allowed = (i: number): boolean => i < 44 || (i >= 108 && i < 172) || i >= 236;

/** Runs the three stages; writes indices to `cb[at..at+3)` and gain indices to `gain[at..at+3)`. */
export function searchBlock(
  b: BlockSearch,
  params: Int16Array,
  cbAt: number,
  gainAt: number,
  w: ResidualScratch,
  s: CbSearchScratch,
): void {
  const { veclen } = b;
  const n = codebookSize(b.lMem, veclen);
  const t = s.target;
  t.fill(0);
  for (let j = 0; j < veclen; j++) t[ORDER + j] = b.target[b.targetAt + j]!;
  weight(t, b.wd, b.wdAt, veclen);
  // The weighting filter, unrolled with its coefficients and state in locals: this loop is the encoder's hot spot.
  const wd = b.wd;
  const c1 = wd[b.wdAt + 1]!;
  const c2 = wd[b.wdAt + 2]!;
  const c3 = wd[b.wdAt + 3]!;
  const c4 = wd[b.wdAt + 4]!;
  const c5 = wd[b.wdAt + 5]!;
  const c6 = wd[b.wdAt + 6]!;
  const c7 = wd[b.wdAt + 7]!;
  const c8 = wd[b.wdAt + 8]!;
  const c9 = wd[b.wdAt + 9]!;
  const c10 = wd[b.wdAt + 10]!;
  const vec = s.vec;
  const weighted = s.weighted;
  for (let i = 0; i < n; i++) {
    codebookVector(vec, b.mem, b.memAt, i, b.lMem, veclen, w);
    let y1 = 0;
    let y2 = 0;
    let y3 = 0;
    let y4 = 0;
    let y5 = 0;
    let y6 = 0;
    let y7 = 0;
    let y8 = 0;
    let y9 = 0;
    let y10 = 0;
    let e = 0;
    const base = i * SUBL;
    for (let j = 0; j < veclen; j++) {
      const y =
        vec[j]! -
        c1 * y1 -
        c2 * y2 -
        c3 * y3 -
        c4 * y4 -
        c5 * y5 -
        c6 * y6 -
        c7 * y7 -
        c8 * y8 -
        c9 * y9 -
        c10 * y10;
      y10 = y9;
      y9 = y8;
      y8 = y7;
      y7 = y6;
      y6 = y5;
      y5 = y4;
      y4 = y3;
      y3 = y2;
      y2 = y1;
      y1 = y;
      weighted[base + j] = y;
      e += y * y;
    }
    s.energy[i] = e;
  }
  let prevGain = 16384;
  for (let stage = 0; stage < 3; stage++) {
    const table = GAIN_STAGE[stage]!;
    const levels = GAIN_LEVELS[stage]!;
    const scale = Math.max(1638, Math.abs(prevGain));
    let bestI = 0;
    let bestK = 0;
    let bestGain = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const e = s.energy[i]!;
      if (e <= 0 || (b.limited && stage > 0 && !allowed(i))) continue;
      let ct = 0;
      const base = i * SUBL;
      for (let j = 0; j < veclen; j++) ct += t[ORDER + j]! * s.weighted[base + j]!;
      // Nearest quantized gain to the optimum ct / e (the error is quadratic in the gain).
      const want = ((ct / e) * 16384 * 16384) / scale;
      let k = 0;
      while (k < levels - 1 && Math.abs(table[k + 1]! - want) <= Math.abs(table[k]! - want)) k++;
      const g = gainDequant(k, prevGain, stage) / 16384;
      const score = 2 * g * ct - g * g * e;
      if (score > bestScore) {
        bestScore = score;
        bestI = i;
        bestK = k;
        bestGain = g;
      }
    }
    params[cbAt + stage] = bestI;
    params[gainAt + stage] = bestK;
    prevGain = gainDequant(bestK, prevGain, stage);
    const base = bestI * SUBL;
    for (let j = 0; j < veclen; j++) t[ORDER + j] = t[ORDER + j]! - bestGain * s.weighted[base + j]!;
  }
}
