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

/** Section 5.2.11: picks the lag Nc (40..120) and the coded gain bc (0..3). */
export function ltpParameters(
  d: Int16Array,
  dOff: number,
  dp: Int16Array,
  at: number,
  wt: Int16Array,
  out: LtpResult,
): void {
  let dmax = 0;
  for (let k = 0; k < 40; k++) {
    const t = absW(d[dOff + k]!);
    if (t > dmax) dmax = t;
  }
  const temp = dmax === 0 ? 0 : norm(dmax << 16);
  const scal = temp > 6 ? 0 : 6 - temp;
  for (let k = 0; k < 40; k++) wt[k] = d[dOff + k]! >> scal;

  // Cross-correlation over lags 40..120; the first maximum wins.
  let lmax = 0;
  let nc = 40;
  for (let lambda = 40; lambda <= 120; lambda++) {
    const base = at - lambda;
    let sum = 0;
    for (let k = 0; k < 40; k++) sum += wt[k]! * dp[base + k]!;
    if (sum > lmax) {
      nc = lambda;
      lmax = sum;
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
 * Section 5.3.2: long-term synthesis into drp[120..159] from the excitation
 * erp, then shifts the 120-sample history down by one sub-frame.
 */
export function ltpSynthesis(nr: number, bc: number, erp: Int16Array, drp: Int16Array): void {
  const brp = QLB[bc]!;
  for (let k = 0; k < 40; k++) {
    drp[120 + k] = add(erp[k]!, multR(brp, drp[120 + k - nr]!));
  }
  drp.copyWithin(0, 40, 160);
}
