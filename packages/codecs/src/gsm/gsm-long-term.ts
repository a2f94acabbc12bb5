import { LAG_SEARCH_WORK, type LagSearchResult, searchLag } from './gsm-ltp-search.js';
import { absW, add, mult, multR, norm, sub } from './gsm-math.js';
import { DLB, QLB } from './gsm-tables.js';

/**
 * Long-term prediction (ETSI EN 300 961 sections 5.2.11, 5.2.12 and 5.3.2).
 * `dp` is the reconstructed short-term residual with 120 samples of history
 * before `at`; `d` holds the current sub-frame's short-term residual at `dOff`.
 */

/** Result of the LTP parameter search, reused to avoid allocation. */
export interface LtpResult extends LagSearchResult {
  bc: number;
}

/** Scratch space for {@link ltpParameters}: 40 weights, 120 samples of history, then the search's own. */
export const LTP_WORK_SIZE = LAG_SEARCH_WORK;

/**
 * Section 5.2.11: picks the lag Nc (40..120) and the coded gain bc (0..3).
 * The lag search itself, with libgsm's single-precision arithmetic, is in
 * gsm-ltp-search.ts. `work` (LTP_WORK_SIZE doubles) is scratch space.
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

  searchLag(work, out);
  const nc = out.nc;
  const lmax = (out.lmax << 1) >> (6 - scal);

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
