/**
 * Encoder side of the iLBC start state (RFC 3951 sections 3.5.1 to 3.5.3):
 * choosing the start sub-blocks by weighted residual energy, and the scalar
 * quantization of the all-pass filtered state with noise shaping.
 */
import { ORDER } from './ilbc-lpc.js';

const SUBL = 40;
const L = ORDER + 1;

/** Start state quantizer levels (state_sq3Tbl). */
const SQ3 = Float64Array.of(
  -3.719849,
  -2.17749,
  -1.130005,
  -0.309692,
  0.444214,
  1.329712,
  2.436279,
  3.983887,
);

/** log10 of the start-state maximum amplitude levels (state_frgqTbl). */
const FRGQ = Float64Array.of(
  1.000085,
  1.071695,
  1.140395,
  1.206868,
  1.277188,
  1.351503,
  1.42938,
  1.500727,
  1.569049,
  1.639599,
  1.707071,
  1.781531,
  1.840799,
  1.90155,
  1.956695,
  2.00675,
  2.055474,
  2.102787,
  2.142819,
  2.183592,
  2.217962,
  2.257177,
  2.295739,
  2.332967,
  2.369248,
  2.402792,
  2.43508,
  2.468598,
  2.503394,
  2.539284,
  2.572944,
  2.605036,
  2.636331,
  2.668939,
  2.69878,
  2.729101,
  2.759786,
  2.789834,
  2.818679,
  2.848074,
  2.87747,
  2.906899,
  2.936655,
  2.967804,
  3.000115,
  3.033367,
  3.066355,
  3.104231,
  3.141499,
  3.183012,
  3.222952,
  3.265433,
  3.308441,
  3.350823,
  3.395275,
  3.442793,
  3.490801,
  3.542514,
  3.604064,
  3.66605,
  3.740994,
  3.830749,
  3.93877,
  4.101764,
);

function nearest(table: Float64Array, x: number): number {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  for (let i = 0; i < table.length; i++) {
    const d = Math.abs(table[i]! - x);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

const SSQ_WIN = [0.8, 0.9, 1.0, 0.9, 0.8];
const SAMP_WIN = [1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6];

/**
 * Start sub-block (1-based): the pair of consecutive sub-blocks with the most
 * residual energy, edges tapered, weighted towards the middle of the frame.
 */
export function classifyFrame(residual: Float64Array, nsub: number): number {
  const front = new Float64Array(nsub);
  const back = new Float64Array(nsub);
  for (let n = 0; n < nsub; n++) {
    const at = n * SUBL;
    for (let l = 0; l < SUBL; l++) {
      const e = residual[at + l]! ** 2;
      if (n < nsub - 1) front[n]! += l < 5 && n === 0 ? SAMP_WIN[l]! * e : l < 5 ? SAMP_WIN[l]! * e : e;
      if (n > 0) back[n]! += l >= SUBL - 5 ? SAMP_WIN[SUBL - l - 1]! * e : e;
    }
  }
  let l = nsub === 4 ? 1 : 0;
  let best = (front[0]! + back[1]!) * SSQ_WIN[l]!;
  let bestN = 1;
  for (let n = 2; n < nsub; n++) {
    l++;
    const e = (front[n - 1]! + back[n]!) * SSQ_WIN[l]!;
    if (e > best) {
      best = e;
      bestN = n;
    }
  }
  return bestN;
}

const buf = new Float64Array(ORDER + 2 * 58);
const fout = new Float64Array(ORDER + 2 * 58);
const synt = new Float64Array(ORDER + 58);

function allPole(x: Float64Array, at: number, w: Float64Array, wAt: number, length: number): void {
  for (let n = at; n < at + length; n++) {
    let s = x[n]!;
    for (let k = 1; k <= ORDER; k++) s -= w[wAt + k]! * x[n - k]!;
    x[n] = s;
  }
}

/**
 * Quantizes the start state `residual[at .. at + len)`: writes the amplitude
 * index to `params[ifmSlot]` and the 3-bit samples to `params[idxAt ..]`.
 * `a` holds the quantized LPC (float) per sub-block, `wd` the weighting
 * denominators, both indexed from the state's first sub-block `sub`.
 */
export function searchState(
  residual: Float64Array,
  at: number,
  len: number,
  a: Float64Array,
  wd: Float64Array,
  sub: number,
  stateFirst: boolean,
  out: { ifm: number; idx: Int16Array; idxAt: number },
): void {
  const aAt = sub * L;
  // Circular convolution with the all-pass filter A(z^-1)/A(z): zero-pole filter over 2 len, folded.
  buf.fill(0);
  fout.fill(0);
  for (let k = 0; k < len; k++) buf[ORDER + k] = residual[at + k]!;
  for (let n = 0; n < 2 * len; n++) {
    let s = 0;
    for (let j = 0; j <= ORDER; j++) s += a[aAt + ORDER - j]! * buf[ORDER + n - j]!;
    for (let j = 1; j <= ORDER; j++) s -= a[aAt + j]! * fout[ORDER + n - j]!;
    fout[ORDER + n] = s;
  }
  let maxVal = 0;
  for (let k = 0; k < len; k++) {
    fout[ORDER + k] = fout[ORDER + k]! + fout[ORDER + k + len]!;
    maxVal = Math.max(maxVal, Math.abs(fout[ORDER + k]!));
  }
  fout.fill(0, ORDER + len);
  const ifm = nearest(FRGQ, Math.log10(Math.max(maxVal, 10)));
  out.ifm = ifm;
  const scal = 4.5 / 10 ** FRGQ[ifm]!;
  for (let k = 0; k < len; k++) fout[ORDER + k] = fout[ORDER + k]! * scal;
  // Noise-shaped sequential quantization in the weighted domain (AbsQuantW).
  const split = stateFirst ? SUBL : len - SUBL;
  let wAt = aAt;
  allPole(fout, ORDER, wd, wAt, split);
  synt.fill(0);
  for (let n = 0; n < len; n++) {
    if (n === split) {
      wAt += L;
      allPole(fout, ORDER + n, wd, wAt, len - n);
    }
    let pred = 0;
    for (let k = 1; k <= ORDER; k++) pred -= wd[wAt + k]! * synt[ORDER + n - k]!;
    const idx = nearest(SQ3, fout[ORDER + n]! - pred);
    out.idx[out.idxAt + n] = idx;
    synt[ORDER + n] = SQ3[idx]! + pred;
  }
}
