/**
 * Encoder side of the split-VQ innovation codebooks (libspeex cb_search.c and
 * vq.c, float build): each sub-vector is chosen by analysis-by-synthesis
 * through the weighted synthesis filter's impulse response, keeping the N best
 * partial paths (N from the complexity setting).
 */
import type { SpeexBitWriter } from './speex-bits.js';
import { copy, filterMem, firMem, iirMem } from './speex-dsp.js';
import type { SplitCbParams } from './speex-nb-modes.js';

const MAX_N = 6;
const MAX_NSF = 80;
const MAX_CB = 256 * 20;

/** Work space for the codebook searches. */
export class CbScratch {
  readonly resp = new Float32Array(MAX_CB);
  readonly energy = new Float32Array(256);
  readonly ot = Array.from({ length: MAX_N }, () => new Float32Array(MAX_NSF));
  readonly nt = Array.from({ length: MAX_N }, () => new Float32Array(MAX_NSF));
  readonly oind = Array.from({ length: MAX_N }, () => new Int32Array(10));
  readonly nind = Array.from({ length: MAX_N }, () => new Int32Array(10));
  readonly odist = new Float64Array(MAX_N);
  readonly ndist = new Float64Array(MAX_N);
  readonly bestIndex = new Int32Array(MAX_N);
  readonly bestDist = new Float64Array(MAX_N);
  readonly bestNind = new Int32Array(MAX_N);
  readonly bestNtarget = new Int32Array(MAX_N);
  readonly e = new Float32Array(MAX_NSF);
  readonly r2 = new Float32Array(MAX_NSF);
  readonly mem = new Float32Array(10);
}

// Filtered codewords (shape convolved with r, scaled by 1/32) and half their energies.
function weightedCodebook(
  cb: Int8Array,
  r: Float32Array,
  resp: Float32Array,
  energy: Float32Array,
  size: number,
  len: number,
): void {
  for (let i = 0; i < size; i++) {
    let en = 0;
    const base = i * len;
    for (let j = 0; j < len; j++) {
      let acc = 0;
      for (let k = 0; k <= j; k++) acc += cb[base + k]! * r[j - k]!;
      const v = 0.03125 * acc;
      en += v * v;
      resp[base + j] = v;
    }
    energy[i] = 0.5 * en;
  }
}

// The n best codewords for x[xo..xo+len): distance 0.5*E - <x, resp>; with
// signs, negative correlations pick the negated codeword (index + entries).
function vqNbest(
  x: Float32Array,
  xo: number,
  resp: Float32Array,
  len: number,
  entries: number,
  halfEnergy: Float32Array,
  n: number,
  withSign: boolean,
  nbest: Int32Array,
  bestDist: Float64Array,
): void {
  let used = 0;
  let worst = Infinity;
  for (let i = 0, base = 0; i < entries; i++, base += len) {
    let corr = 0;
    for (let j = 0; j < len; j++) corr += x[xo + j]! * resp[base + j]!;
    let negative = false;
    let dist: number;
    if (withSign) {
      negative = corr <= 0;
      dist = halfEnergy[i]! - Math.abs(corr);
    } else {
      dist = halfEnergy[i]! - corr;
    }
    if (i < n || dist < worst) {
      let k = n - 1;
      for (; k >= 1 && (k > used || dist < bestDist[k - 1]!); k--) {
        bestDist[k] = bestDist[k - 1]!;
        nbest[k] = nbest[k - 1]!;
      }
      bestDist[k] = dist;
      nbest[k] = negative ? i + entries : i;
      used++;
      worst = bestDist[n - 1]!;
    }
  }
}

/**
 * Searches the innovation for `target` (normalised), adds it to exc[0..nsf)
 * and packs the indices. With `updateTarget` the target loses the chosen
 * innovation's filtered contribution (for a second codebook pass).
 */
export function splitCbSearch(
  target: Float32Array,
  ak: Float32Array,
  awk1: Float32Array,
  awk2: Float32Array,
  params: SplitCbParams,
  p: number,
  nsf: number,
  exc: Float32Array,
  r: Float32Array,
  bits: SpeexBitWriter,
  complexity: number,
  updateTarget: boolean,
  s: CbScratch,
): void {
  let n = Math.min(10, complexity);
  n = Math.max(1, Math.trunc((2 * n) / 3));
  const len = params.subvectSize;
  const nbSub = params.nbSubvect;
  const size = 1 << params.shapeBits;
  const cb = params.shapeCb;
  const hasSign = params.haveSign;
  weightedCodebook(cb, r, s.resp, s.energy, size, len);
  let ot = s.ot;
  let nt = s.nt;
  let oind = s.oind;
  let nind = s.nind;
  for (let j = 0; j < n; j++) {
    copy(ot[j]!, 0, target, 0, nsf);
    s.odist[j] = 0;
  }
  for (let i = 0; i < nbSub; i++) {
    s.ndist.fill(Infinity, 0, n);
    s.bestNind.fill(0, 0, n);
    s.bestNtarget.fill(0, 0, n);
    for (let j = 0; j < n; j++) {
      const x = ot[j]!;
      let tener = 0;
      for (let m = 0; m < len; m++) tener += x[len * i + m]! * x[len * i + m]!;
      tener *= 0.5;
      vqNbest(x, len * i, s.resp, len, size, s.energy, n, hasSign, s.bestIndex, s.bestDist);
      for (let k = 0; k < n; k++) {
        const err = s.odist[j]! + s.bestDist[k]! + tener;
        if (err < s.ndist[n - 1]!) {
          for (let m = 0; m < n; m++) {
            if (err < s.ndist[m]!) {
              for (let q = n - 1; q > m; q--) {
                s.ndist[q] = s.ndist[q - 1]!;
                s.bestNind[q] = s.bestNind[q - 1]!;
                s.bestNtarget[q] = s.bestNtarget[q - 1]!;
              }
              s.ndist[m] = err;
              s.bestNind[m] = s.bestIndex[k]!;
              s.bestNtarget[m] = j;
              break;
            }
          }
        }
      }
      // All paths start from the same target, so the first sub-vector needs one pass.
      if (i === 0) break;
    }
    for (let j = 0; j < n; j++) {
      const src = ot[s.bestNtarget[j]!]!;
      const dst = nt[j]!;
      for (let m = (i + 1) * len; m < nsf; m++) dst[m] = src[m]!;
      let rind = s.bestNind[j]!;
      let sign = 1;
      if (rind >= size) {
        sign = -1;
        rind -= size;
      }
      // Remove the codeword's filtered tail from the rest of the target.
      for (let m = 0; m < len; m++) {
        const g = sign * 0.03125 * cb[rind * len + m]!;
        const q = len - m;
        const start = len * (i + 1);
        for (let t = 0; t < nsf - start; t++) dst[start + t] = dst[start + t]! - g * r[q + t]!;
      }
      nind[j]!.set(oind[s.bestNtarget[j]!]!);
      nind[j]![i] = s.bestNind[j]!;
    }
    const t = ot;
    ot = nt;
    nt = t;
    const ti = oind;
    oind = nind;
    nind = ti;
    for (let j = 0; j < n; j++) s.odist[j] = s.ndist[j]!;
  }
  // After the last swap the best path's indices are in oind[0].
  const e = s.e;
  for (let i = 0; i < nbSub; i++) {
    let rind = oind[0]![i]!;
    bits.pack(rind, params.shapeBits + (hasSign ? 1 : 0));
    let sign = 1;
    if (rind >= size) {
      sign = -1;
      rind -= size;
    }
    for (let j = 0; j < len; j++) e[len * i + j] = sign * 0.03125 * cb[rind * len + j]!;
  }
  for (let j = 0; j < nsf; j++) exc[j] = exc[j]! + e[j]!;
  if (updateTarget) {
    const r2 = s.r2;
    copy(r2, 0, e, 0, nsf);
    s.mem.fill(0);
    iirMem(r2, 0, ak, r2, 0, nsf, p, s.mem);
    s.mem.fill(0);
    filterMem(r2, 0, awk1, awk2, r2, 0, nsf, p, s.mem);
    for (let j = 0; j < nsf; j++) target[j] = target[j]! - r2[j]!;
  }
}

/** Mode 1 "noise codebook": the excitation is the weighted-inverse-filtered target itself (nothing sent). */
export function noiseCodebookQuant(
  target: Float32Array,
  ak: Float32Array,
  awk1: Float32Array,
  awk2: Float32Array,
  p: number,
  nsf: number,
  exc: Float32Array,
  s: CbScratch,
): void {
  const tmp = s.r2;
  s.mem.fill(0);
  filterMem(target, 0, ak, awk1, tmp, 0, nsf, p, s.mem);
  s.mem.fill(0);
  firMem(tmp, 0, awk2, tmp, 0, nsf, p, s.mem);
  for (let i = 0; i < nsf; i++) exc[i] = exc[i]! + tmp[i]!;
  target.fill(0, 0, nsf);
}
