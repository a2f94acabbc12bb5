/**
 * Fixed-point packet loss concealment of iLBC (RFC 3951 section 4.5 and
 * Appendix A.14, doThePLC, in the integer form of the fixed-point iLBC) and the
 * pitch-lag search the decoder runs after each frame for it.
 */
import { PLC_PER_SQR, PLC_PF_SLOPE, PLC_PITCH_FACT } from './ilbc-tables.js';

const s16 = (x: number): number => (x << 16) >> 16;

function maxAbs(v: Int16Array, at: number, length: number): number {
  let m = 0;
  for (let i = 0; i < length; i++) {
    const a = Math.abs(v[at + i]!);
    if (a > m) m = a;
  }
  return Math.min(m, 32767);
}

/** Number of bits needed for the unsigned 32-bit value `n`. */
export function sizeInBits(n: number): number {
  return n === 0 ? 0 : 32 - Math.clz32(n);
}

/** Leading sign bits minus one of a 32-bit value (0 for 0). */
export function normW32(a: number): number {
  if (a === 0) return 0;
  return Math.clz32(a < 0 ? ~a : a) - 1;
}

const shiftW32 = (x: number, c: number): number => (c >= 0 ? x << c : x >> -c);

function dot(
  v1: Int16Array,
  at1: number,
  v2: Int16Array,
  at2: number,
  length: number,
  scaling: number,
): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum = (sum + ((v1[at1 + i]! * v2[at2 + i]!) >> scaling)) | 0;
  return sum;
}

/**
 * Lag in `offset .. offset + searchLen - 1` maximising corr^2 / energy between
 * `target` and the regressor stepping backwards (`step` -1) or forwards (1).
 */
export function xcorrCoeff(
  buf: Int16Array,
  targetAt: number,
  regAt: number,
  subl: number,
  searchLen: number,
  offset: number,
  step: 1 | -1,
): number {
  let sgMax = 0;
  let enMax = 32767;
  let totMax = -500;
  let maxlag = 0;
  let pos = 0;
  const max =
    step === 1
      ? maxAbs(buf, regAt, subl + searchLen - 1)
      : maxAbs(buf, regAt - searchLen, subl + searchLen - 1);
  let beg = step === 1 ? regAt : regAt - 1;
  let end = step === 1 ? regAt + subl : regAt + subl - 1;
  const shifts = max > 5000 ? 2 : 0;
  let energy = dot(buf, regAt, buf, regAt, subl, shifts);
  for (let k = 0; k < searchLen; k++) {
    const cross = dot(buf, targetAt, buf, regAt + pos, subl, shifts);
    if (energy > 0 && cross > 0) {
      const cs = normW32(cross) - 16;
      const cm = s16(shiftW32(cross, cs));
      const es = normW32(energy) - 16;
      const em = s16(shiftW32(energy, es));
      const sg = s16((cm * cm) >> 16);
      const tot = s16(es - (cs << 1));
      let diff = s16(tot - totMax);
      diff = diff > 31 ? 31 : Math.max(diff, -31);
      let newCrit: number;
      let maxCrit: number;
      if (diff < 0) {
        newCrit = (sg * enMax) >> -diff;
        maxCrit = sgMax * em;
      } else {
        newCrit = sg * enMax;
        maxCrit = (sgMax * em) >> diff;
      }
      if (newCrit > maxCrit) {
        sgMax = sg;
        enMax = em;
        totMax = tot;
        maxlag = k;
      }
    }
    pos += step;
    const e = buf[end]!;
    const b = buf[beg]!;
    energy = (energy + step * ((e * e - b * b) >> shifts)) | 0;
    beg += step;
    end += step;
  }
  return maxlag + offset;
}

/** State the concealment keeps between frames. */
export class PlcState {
  consecutive = 0;
  prevLost = false;
  prevScale = 0;
  prevLag = 0;
  perSquare = 0;
  seed = 0;
  reset(): void {
    this.consecutive = 0;
    this.prevLost = false;
    this.prevScale = 0;
    this.prevLag = 0;
    this.perSquare = 0;
    this.seed = 0;
  }
}

function correlation(
  res: Int16Array,
  lag: number,
  blen: number,
  srange: number,
  scale: number,
): [number, number] {
  const at = blen - srange - lag;
  const corr = dot(res, blen - srange, res, at, srange, scale);
  const ener = dot(res, at, res, at, srange, scale);
  return ener === 0 ? [0, 1] : [corr, ener];
}

/**
 * Conceals one lost frame: `out` gets `blockSamples` residual samples mixed from
 * pitch repetition of `prevResidual` (around `inlag`) and a noise-like random
 * pick from it, attenuated over consecutive losses (RFC 3951 section 4.5).
 */
export function concealResidual(
  st: PlcState,
  prevResidual: Int16Array,
  blockSamples: number,
  inlag: number,
  out: Int16Array,
  randvec: Int16Array,
): void {
  st.consecutive++;
  let lag: number;
  let maxPerSquare: number;
  if (!st.prevLost) {
    const max = maxAbs(prevResidual, 0, blockSamples);
    let scale3 = (sizeInBits(max) << 1) - 25;
    if (scale3 < 0) scale3 = 0;
    st.prevScale = scale3;
    lag = inlag - 3;
    const corrLen = Math.min(60, blockSamples - (inlag + 3));
    let [cross, ener] = correlation(prevResidual, lag, blockSamples, corrLen, scale3);
    let shiftMax = sizeInBits(Math.abs(cross)) - 15;
    let csMax = s16((s16(shiftW32(cross, -shiftMax)) * s16(shiftW32(cross, -shiftMax))) >> 15);
    let enerComp = 0;
    for (let j = inlag - 2; j <= inlag + 3; j++) {
      const [crossComp, ec] = correlation(prevResidual, j, blockSamples, corrLen, scale3);
      enerComp = ec;
      const shift1 = sizeInBits(Math.abs(crossComp)) - 15;
      const cs = s16((s16(shiftW32(crossComp, -shift1)) * s16(shiftW32(crossComp, -shift1))) >> 15);
      const shift2 = sizeInBits(ener) - 15;
      const measure = s16(shiftW32(ener, -shift2)) * cs;
      const shift3 = sizeInBits(ec) - 15;
      const maxMeasure = s16(shiftW32(ec, -shift3)) * csMax;
      let t1 = 0;
      let t2 = 0;
      if ((shiftMax << 1) + shift3 > (shift1 << 1) + shift2)
        t1 = Math.min(31, (shiftMax << 1) + shift3 - (shift1 << 1) - shift2);
      else t2 = Math.min(31, (shift1 << 1) + shift2 - (shiftMax << 1) - shift3);
      if (measure >> t1 > maxMeasure >> t2) {
        lag = j;
        csMax = cs;
        cross = crossComp;
        shiftMax = shift1;
        ener = ec;
      }
    }
    // Periodicity^2 of the chosen lag in Q15: corr^2 / (energy(vec1) * energy(vec2)).
    const e2 = dot(
      prevResidual,
      blockSamples - corrLen,
      prevResidual,
      blockSamples - corrLen,
      corrLen,
      scale3,
    );
    if (e2 > 0 && enerComp > 0) {
      const scale1 = normW32(e2) - 16;
      const t1 = s16(shiftW32(e2, scale1));
      const scale2 = normW32(ener) - 16;
      const t2 = s16(shiftW32(ener, scale2));
      const denom = s16((t1 * t2) >> 16);
      const totscale = scale1 + scale2 - 1;
      const n1 = s16(shiftW32(cross, totscale >> 1));
      const n2 = s16(shiftW32(cross, totscale - (totscale >> 1)));
      const nom = n1 * n2;
      maxPerSquare = s16(denom !== 0 ? Math.trunc(nom / denom) : 0x7fffffff);
    } else {
      maxPerSquare = 0;
    }
  } else {
    lag = st.prevLag;
    maxPerSquare = st.perSquare;
  }
  // Only the first threshold can ever apply (as in the fixed-point reference).
  const useGain = st.consecutive * blockSamples > 320 ? 29491 : 32767;
  let pitchfact: number;
  if (maxPerSquare > 7868) {
    pitchfact = 32767;
  } else if (maxPerSquare > 839) {
    let ind = 5;
    while (maxPerSquare < PLC_PER_SQR[ind]! && ind > 0) ind--;
    const t = PLC_PITCH_FACT[ind]! + ((PLC_PF_SLOPE[ind]! * s16(maxPerSquare - PLC_PER_SQR[ind]!)) >> 11);
    pitchfact = s16(Math.min(t, 32767));
  } else {
    pitchfact = 0;
  }
  const useLag = lag < 80 ? 2 * lag : lag;
  let energy = 0;
  for (let i = 0; i < blockSamples; i++) {
    st.seed = s16(Math.imul(st.seed, 31821) + 13849);
    const randlag = 53 + (st.seed & 63);
    let pick = i - randlag;
    randvec[i] = pick < 0 ? prevResidual[blockSamples + pick]! : prevResidual[pick]!;
    pick = i - useLag;
    out[i] = pick < 0 ? prevResidual[blockSamples + pick]! : out[pick]!;
    const totGain = i < 80 ? useGain : i < 160 ? (31130 * useGain) >> 15 : (29491 * useGain) >> 15;
    const mixed = s16((pitchfact * out[i]! + (32767 - pitchfact) * randvec[i]! + 16384) >> 15);
    out[i] = (totGain * mixed) >> 15;
    energy = (energy + ((out[i]! * out[i]!) >> (st.prevScale + 1))) | 0;
  }
  // Less than 30 dB: noise only.
  if (energy < shiftW32(blockSamples * 900, -st.prevScale - 1)) {
    for (let i = 0; i < blockSamples; i++) out[i] = randvec[i]!;
  }
  st.prevLag = lag;
  st.perSquare = maxPerSquare;
}
