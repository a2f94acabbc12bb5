/**
 * Encoder side of the long-term (pitch) predictor (libspeex ltp.c, float
 * build): open-loop N-best pitch candidates by normalised correlation, then a
 * closed-loop search of the 3-tap gain codebook for each candidate.
 */
import type { SpeexBitWriter } from './speex-bits.js';
import { copy, filterMem, iirMem, innerProd } from './speex-dsp.js';
import type { LtpParams } from './speex-nb-modes.js';

/** Preallocated work space for the pitch searches (sub-frames up to 80 samples, pitch up to 144). */
export class LtpScratch {
  readonly energy = new Float64Array(150);
  readonly corr = new Float64Array(150);
  readonly bestScore = new Float64Array(10);
  readonly bestEner = new Float64Array(10);
  readonly nbest = new Int32Array(10);
  readonly x = [new Float32Array(80), new Float32Array(80), new Float32Array(80)] as const;
  readonly e = new Float32Array(80);
  readonly mm = new Float32Array(10);
  readonly newTarget = new Float32Array(80);
  readonly bestTarget = new Float32Array(80);
  readonly exc = new Float32Array(80);
  readonly bestExc = new Float32Array(80);
  readonly gain = new Float32Array(3);
  readonly nolPitch = new Int32Array(6);
  readonly nolGain = new Float32Array(6);
  /** Open-loop gain of the period {@link openLoopFramePitch} returned. */
  olGain = 0;
  readonly c = new Float64Array(9);
  cdbkIndex = 0;
}

/**
 * The `n` best pitch periods in [start, end] for sw[so..so+len) by normalised
 * correlation with the past; `gain` (optional) receives their open-loop gains.
 */
export function openLoopNbestPitch(
  sw: Float32Array,
  so: number,
  start: number,
  end: number,
  len: number,
  pitch: Int32Array,
  gain: Float32Array | undefined,
  n: number,
  s: LtpScratch,
): void {
  const energy = s.energy;
  const corr = s.corr;
  const bestScore = s.bestScore;
  const bestEner = s.bestEner;
  for (let i = 0; i < n; i++) {
    bestScore[i] = -1;
    bestEner[i] = 0;
    pitch[i] = start;
  }
  energy[0] = innerProd(sw, so - start, sw, so - start, len);
  const e0 = innerProd(sw, so, sw, so, len);
  for (let i = start; i < end; i++) {
    const a = sw[so - i - 1]!;
    const b = sw[so - i + len - 1]!;
    let en = energy[i - start]! + a * a - b * b;
    if (en < 0) en = 0;
    energy[i - start + 1] = en;
  }
  for (let i = start; i <= end; i++) corr[i - start] = innerProd(sw, so, sw, so - i, len);
  for (let i = start; i <= end; i++) {
    const c = corr[i - start]!;
    const tmp = c * c;
    const en = energy[i - start]!;
    // Compare tmp/(1+en) across candidates without dividing.
    if (tmp * bestEner[n - 1]! > bestScore[n - 1]! * (1 + en)) {
      bestScore[n - 1] = tmp;
      bestEner[n - 1] = en + 1;
      pitch[n - 1] = i;
      for (let j = 0; j < n - 1; j++) {
        if (tmp * bestEner[j]! > bestScore[j]! * (1 + en)) {
          for (let k = n - 1; k > j; k--) {
            bestScore[k] = bestScore[k - 1]!;
            bestEner[k] = bestEner[k - 1]!;
            pitch[k] = pitch[k - 1]!;
          }
          bestScore[j] = tmp;
          bestEner[j] = en + 1;
          pitch[j] = i;
          break;
        }
      }
    }
  }
  if (gain) {
    for (let j = 0; j < n; j++) {
      const i = pitch[j]!;
      let g = corr[i - start]! / (10 + Math.sqrt(e0) * Math.sqrt(energy[i - start]!));
      if (g < 0) g = 0;
      gain[j] = g;
    }
  }
}

/**
 * Open-loop pitch of a whole narrowband frame (160 weighted samples at
 * sw[so..]): the best of 6 candidates, or a sub-multiple of it that is nearly
 * as good (avoids pitch doubling). Its gain is left in `s.olGain`.
 */
export function openLoopFramePitch(sw: Float32Array, so: number, s: LtpScratch): number {
  openLoopNbestPitch(sw, so, 17, 144, 160, s.nolPitch, s.nolGain, 6, s);
  let pitch = s.nolPitch[0]!;
  for (let i = 1; i < 6; i++) {
    const p = s.nolPitch[i]!;
    if (
      s.nolGain[i]! > 0.85 * s.nolGain[0]! &&
      (Math.abs(2 * p - pitch) <= 2 ||
        Math.abs(3 * p - pitch) <= 3 ||
        Math.abs(4 * p - pitch) <= 4 ||
        Math.abs(5 * p - pitch) <= 5)
    ) {
      pitch = p;
    }
  }
  s.olGain = s.nolGain[0]!;
  return pitch;
}

// Closed-loop search of the gain codebook for one pitch; leaves the chosen
// excitation in s.exc and the updated target in s.newTarget; returns the error.
function pitchGainSearch3Tap(
  target: Float32Array,
  ak: Float32Array,
  awk1: Float32Array,
  awk2: Float32Array,
  cdbk: Int8Array,
  cdbkSize: number,
  pitch: number,
  p: number,
  nsf: number,
  exc2: Float32Array,
  eo: number,
  r: Float32Array,
  plcTuning: number,
  cumulGain: number,
  s: LtpScratch,
): number {
  const maxGain = cumulGain > 262144 ? 31 : 128;
  const xs = s.x;
  const x0 = xs[0];
  const x1 = xs[1];
  const x2 = xs[2];
  const e = s.e;
  const newTarget = s.newTarget;
  for (let j = 0; j < nsf; j++) newTarget[j] = target[j]!;
  const pp = pitch - 1;
  let j = 0;
  const b1 = nsf - pp > 0 ? pp : nsf;
  for (; j < b1; j++) e[j] = exc2[eo + j - pp]!;
  const b2 = nsf - pp - pitch > 0 ? pp + pitch : nsf;
  for (; j < b2; j++) e[j] = exc2[eo + j - pp - pitch]!;
  for (; j < nsf; j++) e[j] = 0;
  s.mm.fill(0);
  iirMem(e, 0, ak, e, 0, nsf, p, s.mm);
  s.mm.fill(0);
  filterMem(e, 0, awk1, awk2, e, 0, nsf, p, s.mm);
  copy(x2, 0, e, 0, nsf);
  // Responses to the excitation one and two samples further back, by the recursion on r.
  for (let i = 1; i >= 0; i--) {
    const e0 = exc2[eo - pitch - 1 + i]!;
    const xi = xs[i]!;
    const xn = xs[i + 1]!;
    xi[0] = r[0]! * e0;
    for (let k = 0; k < nsf - 1; k++) xi[k + 1] = xn[k]! + r[k + 1]! * e0;
  }
  const c = s.c;
  c[0] = innerProd(x2, 0, newTarget, 0, nsf);
  c[1] = innerProd(x1, 0, newTarget, 0, nsf);
  c[2] = innerProd(x0, 0, newTarget, 0, nsf);
  c[3] = innerProd(x1, 0, x2, 0, nsf);
  c[4] = innerProd(x0, 0, x1, 0, nsf);
  c[5] = innerProd(x0, 0, x2, 0, nsf);
  const tuning = Math.min(30, Math.max(2, plcTuning));
  // Over-weighting the energy terms biases towards smaller gains (better for loss recovery).
  const f = 0.5 * (1 + 0.02 * tuning);
  c[6] = innerProd(x2, 0, x2, 0, nsf) * f;
  c[7] = innerProd(x1, 0, x1, 0, nsf) * f;
  c[8] = innerProd(x0, 0, x0, 0, nsf) * f;
  let best = 0;
  let bestSum = -Infinity;
  for (let i = 0; i < cdbkSize; i++) {
    const g0 = cdbk[4 * i]! + 32;
    const g1 = cdbk[4 * i + 1]! + 32;
    const g2 = cdbk[4 * i + 2]! + 32;
    const gainSum = cdbk[4 * i + 3]!;
    const sum =
      g0 * 64 * c[0]! +
      g1 * 64 * c[1]! +
      g2 * 64 * c[2]! -
      g0 * g1 * c[3]! -
      g2 * g1 * c[4]! -
      g2 * g0 * c[5]! -
      g0 * g0 * c[6]! -
      g1 * g1 * c[7]! -
      g2 * g2 * c[8]!;
    if (sum > bestSum && gainSum <= maxGain) {
      bestSum = sum;
      best = i;
    }
  }
  const gain = s.gain;
  gain[0] = 0.015625 * cdbk[best * 4]! + 0.5;
  gain[1] = 0.015625 * cdbk[best * 4 + 1]! + 0.5;
  gain[2] = 0.015625 * cdbk[best * 4 + 2]! + 0.5;
  s.cdbkIndex = best;
  const exc = s.exc;
  exc.fill(0, 0, nsf);
  for (let i = 0; i < 3; i++) {
    const q = pitch + 1 - i;
    const g = gain[2 - i]!;
    const t1 = Math.min(nsf, q);
    for (let k = 0; k < t1; k++) exc[k] = exc[k]! + g * exc2[eo + k - q]!;
    const t3 = Math.min(nsf, q + pitch);
    for (let k = t1; k < t3; k++) exc[k] = exc[k]! + g * exc2[eo + k - q - pitch]!;
  }
  for (let i = 0; i < nsf; i++) {
    newTarget[i] = newTarget[i]! - (gain[0]! * x2[i]! + gain[1]! * x1[i]! + gain[2]! * x0[i]!);
  }
  return innerProd(newTarget, 0, newTarget, 0, nsf);
}

/** Result of {@link pitchSearch3Tap}: the updated cumulative gain. */
export interface PitchSearchState {
  cumulGain: number;
}

/**
 * Closed-loop 3-tap pitch search over the `complexity` best open-loop
 * candidates in [start, end]. Writes the pitch excitation to excOut, updates
 * the target, packs pitch and gain index.
 */
export function pitchSearch3Tap(
  target: Float32Array,
  sw: Float32Array,
  so: number,
  ak: Float32Array,
  awk1: Float32Array,
  awk2: Float32Array,
  excOut: Float32Array,
  params: LtpParams,
  start: number,
  end: number,
  p: number,
  nsf: number,
  bits: SpeexBitWriter,
  exc2: Float32Array,
  eo: number,
  r: Float32Array,
  complexity: number,
  cdbkOffset: number,
  plcTuning: number,
  st: PitchSearchState,
  s: LtpScratch,
): void {
  const size = 1 << params.gainBits;
  const cdbk = params.gainCdbk.subarray(4 * size * cdbkOffset);
  let n = Math.min(10, Math.max(1, complexity));
  if (end < start) {
    bits.pack(0, params.pitchBits);
    bits.pack(0, params.gainBits);
    excOut.fill(0, 0, nsf);
    return;
  }
  if (n > end - start + 1) n = end - start + 1;
  const nbest = s.nbest;
  if (end !== start) openLoopNbestPitch(sw, so, start, end, nsf, nbest, undefined, n, s);
  else nbest[0] = start;
  let bestErr = -1;
  let bestPitch = 0;
  let bestGainIndex = 0;
  for (let i = 0; i < n; i++) {
    const pitch = nbest[i]!;
    const err = pitchGainSearch3Tap(
      target,
      ak,
      awk1,
      awk2,
      cdbk,
      size,
      pitch,
      p,
      nsf,
      exc2,
      eo,
      r,
      plcTuning,
      st.cumulGain,
      s,
    );
    if (err < bestErr || bestErr < 0) {
      copy(s.bestExc, 0, s.exc, 0, nsf);
      copy(s.bestTarget, 0, s.newTarget, 0, nsf);
      bestErr = err;
      bestPitch = pitch;
      bestGainIndex = s.cdbkIndex;
    }
  }
  bits.pack(bestPitch - start, params.pitchBits);
  bits.pack(bestGainIndex, params.gainBits);
  st.cumulGain = 0.03125 * Math.max(1024, st.cumulGain) * params.gainCdbk[4 * bestGainIndex + 3]!;
  copy(excOut, 0, s.bestExc, 0, nsf);
  copy(target, 0, s.bestTarget, 0, nsf);
}
