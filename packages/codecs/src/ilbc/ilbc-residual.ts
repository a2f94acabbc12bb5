/**
 * Fixed-point reconstruction of the excitation (residual) of one iLBC frame:
 * the scalar-quantized start state (RFC 3951 section 4.2), then the adaptive
 * codebook stages forwards and backwards in time (sections 4.3 to 4.5).
 */
import { filterArQ12, filterMaQ12 } from './ilbc-filters.js';
import { ORDER } from './ilbc-lpc.js';
import { ALPHA, CB_FILTERS_REV, GAIN_STAGE, STATE_FRGQ, STATE_SQ3 } from './ilbc-tables.js';

export const SUBL = 40;
export const STATE_LEN = 80;
export const CB_MEML = 147;
const ST_MEM_L_TBL = 85;
const HALF_FILTER = 4;
const s16 = (x: number): number => (x << 16) >> 16;

/** Frame geometry and parameters the residual decoder needs. */
export interface ResidualFrame {
  readonly nsub: number;
  readonly stateShortLen: number;
  readonly start: number;
  readonly stateFirst: number;
  readonly ifm: number;
  /** 3-bit state indices, at `idxAt` in `params`. */
  readonly params: Int16Array;
  readonly idxAt: number;
  readonly cbAt: number;
  readonly gainAt: number;
}

/** Scratch buffers of one decoder (no allocation per frame). */
export class ResidualScratch {
  /** Codebook memory with HALF_FILTER guard samples on each side. */
  readonly memVec = new Int16Array(CB_MEML + 2 * HALF_FILTER);
  readonly reverse = new Int16Array(240);
  readonly sampleVal = new Int16Array(2 * 58 + ORDER);
  readonly sampleMa = new Int16Array(2 * 58 + ORDER);
  readonly numerator = new Int16Array(ORDER + 1);
  readonly cbvec = [new Int16Array(SUBL), new Int16Array(SUBL), new Int16Array(SUBL)] as const;
  readonly temp = new Int16Array(SUBL + 5);
  readonly augTmp = new Int16Array(4);
}

/** Decodes the start state: dequantize, then undo the all-pass phase filtering (circular convolution). */
export function constructState(
  f: ResidualFrame,
  synt: Int16Array,
  syntAt: number,
  out: Int16Array,
  outAt: number,
  w: ResidualScratch,
): void {
  const len = f.stateShortLen;
  for (let k = 0; k <= ORDER; k++) w.numerator[k] = synt[syntAt + ORDER - k]!;
  const maxVal = STATE_FRGQ[f.ifm]!;
  // The three ranges of the amplitude table are in Q8, Q5 and Q3; results in Q(-1).
  const shift = f.ifm < 37 ? 22 : f.ifm < 59 ? 19 : 17;
  const round = 1 << (shift - 1);
  const v = w.sampleVal; // [ORDER zeros | len samples | len zeros]
  v.fill(0);
  for (let k = 0; k < len; k++) {
    v[ORDER + k] = (maxVal * STATE_SQ3[f.params[f.idxAt + len - 1 - k]!]! + round) >> shift;
  }
  const ma = w.sampleMa;
  ma.fill(0);
  filterMaQ12(v, ORDER, ma, ORDER, w.numerator, 0, ORDER + 1, len + ORDER);
  ma.fill(0, ORDER + len + ORDER, ORDER + 2 * len);
  // AR output overwrites sampleVal from index ORDER on (its first ORDER entries stay zero).
  filterArQ12(ma, ORDER, v, ORDER, synt, syntAt, ORDER + 1, 2 * len);
  for (let k = 0; k < len; k++) out[outAt + k] = v[ORDER + len - 1 - k]! + v[ORDER + 2 * len - 1 - k]!;
}

export function gainDequant(index: number, maxIn: number, stage: number): number {
  const a = Math.abs(maxIn);
  const scale = s16(Math.max(a, 1638));
  return s16((scale * GAIN_STAGE[stage]![index]! + 8192) >> 14);
}

/** Augmented codebook vector of lag `index` (20..39) ending at `buf[end]` (RFC 3951 section 3.6.3). */
function augmented(index: number, buf: Int16Array, end: number, cbVec: Int16Array, w: ResidualScratch): void {
  const ilow = index - 4;
  for (let i = 0; i < index; i++) cbVec[i] = buf[end - index + i]!;
  for (let i = 0; i < 4; i++) cbVec[ilow + i] = (buf[end - index - 4 + i]! * ALPHA[i]!) >> 15;
  for (let i = 0; i < 4; i++) w.augTmp[i] = (buf[end - 4 + i]! * ALPHA[3 - i]!) >> 15;
  for (let i = 0; i < 4; i++) cbVec[ilow + i] = cbVec[ilow + i]! + w.augTmp[i]!;
  for (let i = index; i < SUBL; i++) cbVec[i] = buf[end - index + (i - index)]!;
}

/** Codebook vector `index` from the memory `mem[memAt .. memAt + lMem)`. */
export function codebookVector(
  cbvec: Int16Array,
  mem: Int16Array,
  memAt: number,
  index: number,
  lMem: number,
  veclen: number,
  w: ResidualScratch,
): void {
  let baseSize = lMem - veclen + 1;
  if (veclen === SUBL) baseSize += veclen / 2;
  if (index < lMem - veclen + 1) {
    const k = index + veclen;
    for (let i = 0; i < veclen; i++) cbvec[i] = mem[memAt + lMem - k + i]!;
  } else if (index < baseSize) {
    const lag = (2 * (index - (lMem - veclen + 1)) + veclen) >> 1;
    augmented(lag, mem, memAt + lMem, cbvec, w);
  } else if (index - baseSize < lMem - veclen + 1) {
    // Filtered section: zeros outside the memory.
    const memIndTest = lMem - (index - baseSize + veclen);
    mem.fill(0, memAt - HALF_FILTER, memAt);
    mem.fill(0, memAt + lMem, memAt + lMem + HALF_FILTER);
    filterMaQ12(mem, memAt + memIndTest + 4, cbvec, 0, CB_FILTERS_REV, 0, 8, veclen);
  } else {
    // Filtered and augmented.
    const memIndTest = lMem - veclen - 8;
    mem.fill(0, memAt + lMem, memAt + lMem + HALF_FILTER);
    filterMaQ12(mem, memAt + memIndTest + 7, w.temp, 0, CB_FILTERS_REV, 0, 8, veclen + 5);
    const lag = 2 * veclen - 20 + index - baseSize - lMem - 1;
    augmented(lag, w.temp, SUBL + 5, cbvec, w);
  }
}

/** Three-stage codebook reconstruction of one vector (RFC 3951 section 4.3). */
export function constructVector(
  out: Int16Array,
  outAt: number,
  f: ResidualFrame,
  stageAt: number,
  memAt: number,
  lMem: number,
  veclen: number,
  w: ResidualScratch,
): void {
  const p = f.params;
  const g0 = gainDequant(p[f.gainAt + stageAt]!, 16384, 0);
  const g1 = gainDequant(p[f.gainAt + stageAt + 1]!, g0, 1);
  const g2 = gainDequant(p[f.gainAt + stageAt + 2]!, g1, 2);
  const [c0, c1, c2] = w.cbvec;
  codebookVector(c0, w.memVec, memAt, p[f.cbAt + stageAt]!, lMem, veclen, w);
  codebookVector(c1, w.memVec, memAt, p[f.cbAt + stageAt + 1]!, lMem, veclen, w);
  codebookVector(c2, w.memVec, memAt, p[f.cbAt + stageAt + 2]!, lMem, veclen, w);
  for (let j = 0; j < veclen; j++) {
    const a = (g0 * c0[j]! + g1 * c1[j]! + g2 * c2[j]!) | 0;
    out[outAt + j] = (a + 8192) >> 14;
  }
}

/** Decodes the residual of a frame into `res` (RFC 3951 section 4.4 and 4.5). */
export function decodeResidual(
  f: ResidualFrame,
  synt: Int16Array,
  res: Int16Array,
  w: ResidualScratch,
): void {
  const mem = w.memVec;
  const m = HALF_FILTER; // mem[0] is memVec[m]
  const ssl = f.stateShortLen;
  const diff = STATE_LEN - ssl;
  const startPos = (f.start - 1) * SUBL + (f.stateFirst === 1 ? 0 : diff);
  constructState(f, synt, (f.start - 1) * (ORDER + 1), res, startPos, w);
  if (f.stateFirst === 1) {
    // Adaptive part after the scalar part.
    mem.fill(0, m, m + CB_MEML - ssl);
    for (let i = 0; i < ssl; i++) mem[m + CB_MEML - ssl + i] = res[startPos + i]!;
    constructVector(res, startPos + ssl, f, 0, m + CB_MEML - ST_MEM_L_TBL, ST_MEM_L_TBL, diff, w);
  } else {
    // Adaptive part before it, decoded backwards in time.
    for (let i = 0; i < ssl; i++) mem[m + CB_MEML - 1 - i] = res[startPos + i]!;
    mem.fill(0, m, m + CB_MEML - ssl);
    constructVector(w.reverse, 0, f, 0, m + CB_MEML - ST_MEM_L_TBL, ST_MEM_L_TBL, diff, w);
    for (let i = 0; i < diff; i++) res[startPos - 1 - i] = w.reverse[i]!;
  }
  let sub = 1;
  const nFor = f.nsub - f.start - 1;
  if (nFor > 0) {
    mem.fill(0, m, m + CB_MEML - STATE_LEN);
    for (let i = 0; i < STATE_LEN; i++) mem[m + CB_MEML - STATE_LEN + i] = res[(f.start - 1) * SUBL + i]!;
    for (let s = 0; s < nFor; s++) {
      const at = (f.start + 1 + s) * SUBL;
      constructVector(res, at, f, sub * 3, m, CB_MEML, SUBL, w);
      mem.copyWithin(m, m + SUBL, m + CB_MEML);
      for (let i = 0; i < SUBL; i++) mem[m + CB_MEML - SUBL + i] = res[at + i]!;
      sub++;
    }
  }
  const nBack = f.start - 1;
  if (nBack > 0) {
    const got = Math.min(SUBL * (f.nsub + 1 - f.start), CB_MEML);
    const from = (f.start - 1) * SUBL;
    for (let i = 0; i < got; i++) mem[m + CB_MEML - 1 - i] = res[from + i]!;
    mem.fill(0, m, m + CB_MEML - got);
    const rev = w.reverse;
    for (let s = 0; s < nBack; s++) {
      constructVector(rev, s * SUBL, f, sub * 3, m, CB_MEML, SUBL, w);
      mem.copyWithin(m, m + SUBL, m + CB_MEML);
      for (let i = 0; i < SUBL; i++) mem[m + CB_MEML - SUBL + i] = rev[s * SUBL + i]!;
      sub++;
    }
    for (let i = 0; i < SUBL * nBack; i++) res[SUBL * nBack - 1 - i] = rev[i]!;
  }
}
