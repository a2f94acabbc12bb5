/**
 * The decoder's perceptual enhancer (libspeex `multicomb`): a comb filter
 * built from the excitation one pitch period back and one ahead (or two back
 * for long periods), interpolated to a quarter sample, with the energy of the
 * sub-frame kept.
 */
import { computeRms, innerProd } from './speex-dsp.js';

// Fractional-delay interpolators (half, +1/4 and -1/4 sample).
const SHIFT_FILT = [
  Float32Array.of(-0.011915, 0.046995, -0.152373, 0.614108, 0.614108, -0.152373, 0.046995),
  Float32Array.of(-0.0324855, 0.0859768, -0.2042986, 0.9640297, 0.208642, -0.0302054, -0.0063646),
  Float32Array.of(-0.0063646, -0.0302054, 0.208642, 0.9640297, -0.2042986, 0.0859768, -0.0324855),
];

/** Scratch space for {@link multicomb}, one per decoder. */
export class CombScratch {
  readonly iexc = new Float32Array(160);
  readonly corr = new Float64Array(28);
}

// Copies into interp[io..io+len) the excitation `pitch` samples back (negative:
// ahead), refined to the best of 7 integer lags and 3 fractional shifts.
function interpPitch(
  exc: Float32Array,
  eo: number,
  interp: Float32Array,
  io: number,
  pitch: number,
  len: number,
  corr: Float64Array,
): void {
  for (let i = 0; i < 7; i++) corr[i] = innerProd(exc, eo, exc, eo - pitch - 3 + i, len);
  for (let i = 0; i < 3; i++) {
    const f = SHIFT_FILT[i]!;
    for (let j = 0; j < 7; j++) {
      const i1 = Math.max(0, 3 - j);
      const i2 = Math.min(7, 10 - j);
      let t = 0;
      for (let k = i1; k < i2; k++) t += f[k]! * corr[j + k - 3]!;
      corr[7 * (i + 1) + j] = t;
    }
  }
  let maxi = 0;
  let maxj = 0;
  let maxcorr = corr[0]!;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 7; j++) {
      if (corr[7 * i + j]! > maxcorr) {
        maxcorr = corr[7 * i + j]!;
        maxi = i;
        maxj = j;
      }
    }
  }
  const base = eo - (pitch - maxj + 3);
  if (maxi > 0) {
    const f = SHIFT_FILT[maxi - 1]!;
    for (let i = 0; i < len; i++) {
      let t = 0;
      for (let k = 0; k < 7; k++) t += exc[base + i + k - 3]! * f[k]!;
      interp[io + i] = t;
    }
  } else {
    for (let i = 0; i < len; i++) interp[io + i] = exc[base + i]!;
  }
}

/**
 * Enhances `nsf` samples of excitation at exc[eo..] into out[oo..].
 * `exc` must have history of 2 * pitch + 6 samples before `eo` and pitch + nsf + 6 after.
 */
export function multicomb(
  exc: Float32Array,
  eo: number,
  out: Float32Array,
  oo: number,
  nsf: number,
  pitch: number,
  maxPitch: number,
  combGain: number,
  s: CombScratch,
): void {
  const iexc = s.iexc;
  interpPitch(exc, eo, iexc, 0, pitch, 80, s.corr);
  interpPitch(exc, eo, iexc, nsf, pitch > maxPitch ? 2 * pitch : -pitch, 80, s.corr);
  const iexc0Mag = Math.sqrt(1000 + innerProd(iexc, 0, iexc, 0, nsf));
  const iexc1Mag = Math.sqrt(1000 + innerProd(iexc, nsf, iexc, nsf, nsf));
  const excMag = Math.sqrt(1 + innerProd(exc, eo, exc, eo, nsf));
  const corr0 = Math.max(0, innerProd(iexc, 0, exc, eo, nsf));
  const corr1 = Math.max(0, innerProd(iexc, nsf, exc, eo, nsf));
  const pgain1 = corr0 > iexc0Mag * excMag ? 1 : corr0 / excMag / iexc0Mag;
  const pgain2 = corr1 > iexc1Mag * excMag ? 1 : corr1 / excMag / iexc1Mag;
  const gg1 = excMag / iexc0Mag;
  const gg2 = excMag / iexc1Mag;
  let c1 = 0;
  let c2 = 0;
  if (combGain > 0) {
    c1 = 0.4 * combGain + 0.07;
    c2 = 0.5 + 1.72 * (c1 - 0.07);
  }
  let g1 = 1 - c2 * pgain1 * pgain1;
  let g2 = 1 - c2 * pgain2 * pgain2;
  if (g1 < c1) g1 = c1;
  if (g2 < c1) g2 = c1;
  g1 = c1 / g1;
  g2 = c1 / g2;
  let gain0: number;
  let gain1: number;
  if (pitch > maxPitch) {
    gain0 = 0.7 * g1 * gg1;
    gain1 = 0.3 * g2 * gg2;
  } else {
    gain0 = 0.6 * g1 * gg1;
    gain1 = 0.6 * g2 * gg2;
  }
  for (let i = 0; i < nsf; i++) out[oo + i] = exc[eo + i]! + gain0 * iexc[i]! + gain1 * iexc[i + nsf]!;
  let newEner = computeRms(out, oo, nsf);
  let oldEner = computeRms(exc, eo, nsf);
  if (oldEner < 1) oldEner = 1;
  if (newEner < 1) newEner = 1;
  if (oldEner > newEner) oldEner = newEner;
  const ngain = oldEner / newEner;
  for (let i = 0; i < nsf; i++) out[oo + i] = ngain * out[oo + i]!;
}
