import { absW, add, mult, multR, norm, sub } from './gsm-math.js';
import { DLB, QLB } from './gsm-tables.js';

/**
 * Long-term prediction (ETSI EN 300 961 sections 5.2.11, 5.2.12 and 5.3.2).
 * `dp` is the reconstructed short-term residual with 120 samples of history
 * before `at`; `d` holds the current sub-frame's short-term residual at `dOff`.
 */

/** Result of the LTP parameter search, reused to avoid allocation. */
export interface LtpResult {
  nc: number;
  bc: number;
}

/** Scratch space for {@link ltpParameters}: 40 weights, then 120 samples of history. */
export const LTP_WORK_SIZE = 160;

/**
 * Section 5.2.11: picks the lag Nc (40..120) and the coded gain bc (0..3).
 * `work` (LTP_WORK_SIZE doubles) holds the scaled sub-frame and a copy of the
 * history: the products are integers well below 2^53, so summing them as
 * doubles is exact, and faster in V8 than checked integer arithmetic.
 */
export function ltpParameters(
  d: Int16Array,
  dOff: number,
  dp: Int16Array,
  at: number,
  work: Float64Array,
  out: LtpResult,
): void {
  let dmax = 0;
  for (let k = 0; k < 40; k++) {
    const t = absW(d[dOff + k]!);
    if (t > dmax) dmax = t;
  }
  const temp = dmax === 0 ? 0 : norm(dmax << 16);
  const scal = temp > 6 ? 0 : 6 - temp;
  for (let k = 0; k < 40; k++) work[k] = d[dOff + k]! >> scal;
  // work[40 + j] = dp[at - 120 + j], so dp[at - lag + k] is work[160 - lag + k].
  for (let j = 0; j < 120; j++) work[40 + j] = dp[at - 120 + j]!;

  // Cross-correlation over lags 40..120; the first maximum wins. Four lags at a
  // time share each load (x0..x3 slide along the history): the encoder's hottest loop.
  let lmax = 0;
  let nc = 40;
  for (let lag = 40; lag < 120; lag += 4) {
    const b = 160 - lag;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let x1 = work[b - 1]!;
    let x2 = work[b - 2]!;
    let x3 = work[b - 3]!;
    for (let k = 0; k < 40; k += 2) {
      const x0 = work[b + k]!;
      const w0 = work[k]!;
      s0 += w0 * x0;
      s1 += w0 * x1;
      s2 += w0 * x2;
      s3 += w0 * x3;
      const y0 = work[b + k + 1]!;
      const w1 = work[k + 1]!;
      s0 += w1 * y0;
      s1 += w1 * x0;
      s2 += w1 * x1;
      s3 += w1 * x2;
      x3 = x1;
      x2 = x0;
      x1 = y0;
    }
    if (s0 > lmax) {
      nc = lag;
      lmax = s0;
    }
    if (s1 > lmax) {
      nc = lag + 1;
      lmax = s1;
    }
    if (s2 > lmax) {
      nc = lag + 2;
      lmax = s2;
    }
    if (s3 > lmax) {
      nc = lag + 3;
      lmax = s3;
    }
  }
  {
    let s0 = 0;
    for (let k = 0; k < 40; k++) s0 += work[k]! * work[40 + k]!;
    if (s0 > lmax) {
      nc = 120;
      lmax = s0;
    }
  }
  out.nc = nc;
  lmax = (lmax << 1) >> (6 - scal);

  let power = 0;
  const base = at - nc;
  for (let k = 0; k < 40; k++) {
    const t = dp[base + k]! >> 3;
    power += t * t;
  }
  power <<= 1;

  if (lmax <= 0) {
    out.bc = 0;
    return;
  }
  if (lmax >= power) {
    out.bc = 3;
    return;
  }
  const sh = norm(power);
  const r = (lmax << sh) >> 16;
  const s = (power << sh) >> 16;
  let bc = 0;
  while (bc <= 2 && r > mult(s, DLB[bc]!)) bc++;
  out.bc = bc;
}

/**
 * Section 5.2.12: the LTP estimate dpp = b * dp[k - Nc], written into dp at
 * `at` (the caller later adds the reconstructed residual in place), and the
 * LTP residual e = d - dpp.
 */
export function ltpAnalysis(
  bc: number,
  nc: number,
  dp: Int16Array,
  at: number,
  d: Int16Array,
  dOff: number,
  e: Int16Array,
  eOff: number,
): void {
  const bp = QLB[bc]!;
  for (let k = 0; k < 40; k++) {
    const dpp = multR(bp, dp[at + k - nc]!);
    dp[at + k] = dpp;
    e[eOff + k] = sub(d[dOff + k]!, dpp);
  }
}

/**
 * Section 5.3.2: long-term synthesis of one sub-frame into drp[at..at+40)
 * from the excitation erp; drp holds at least 120 samples of history before `at`.
 */
export function ltpSynthesis(nr: number, bc: number, erp: Int16Array, drp: Int16Array, at: number): void {
  const brp = QLB[bc]!;
  for (let k = 0; k < 40; k++) {
    drp[at + k] = add(erp[k]!, multR(brp, drp[at + k - nr]!));
  }
}
