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

  // Cross-correlation over lags 40..120; the first maximum wins. Unrolled over
  // the 40 samples with the weights in locals: the encoder's hottest loop.
  const w0 = wt[0]!;
  const w1 = wt[1]!;
  const w2 = wt[2]!;
  const w3 = wt[3]!;
  const w4 = wt[4]!;
  const w5 = wt[5]!;
  const w6 = wt[6]!;
  const w7 = wt[7]!;
  const w8 = wt[8]!;
  const w9 = wt[9]!;
  const w10 = wt[10]!;
  const w11 = wt[11]!;
  const w12 = wt[12]!;
  const w13 = wt[13]!;
  const w14 = wt[14]!;
  const w15 = wt[15]!;
  const w16 = wt[16]!;
  const w17 = wt[17]!;
  const w18 = wt[18]!;
  const w19 = wt[19]!;
  const w20 = wt[20]!;
  const w21 = wt[21]!;
  const w22 = wt[22]!;
  const w23 = wt[23]!;
  const w24 = wt[24]!;
  const w25 = wt[25]!;
  const w26 = wt[26]!;
  const w27 = wt[27]!;
  const w28 = wt[28]!;
  const w29 = wt[29]!;
  const w30 = wt[30]!;
  const w31 = wt[31]!;
  const w32 = wt[32]!;
  const w33 = wt[33]!;
  const w34 = wt[34]!;
  const w35 = wt[35]!;
  const w36 = wt[36]!;
  const w37 = wt[37]!;
  const w38 = wt[38]!;
  const w39 = wt[39]!;
  let lmax = 0;
  let nc = 40;
  for (let lambda = 40; lambda <= 120; lambda++) {
    const b = at - lambda;
    const sum =
      w0 * dp[b]! +
      w1 * dp[b + 1]! +
      w2 * dp[b + 2]! +
      w3 * dp[b + 3]! +
      w4 * dp[b + 4]! +
      w5 * dp[b + 5]! +
      w6 * dp[b + 6]! +
      w7 * dp[b + 7]! +
      w8 * dp[b + 8]! +
      w9 * dp[b + 9]! +
      w10 * dp[b + 10]! +
      w11 * dp[b + 11]! +
      w12 * dp[b + 12]! +
      w13 * dp[b + 13]! +
      w14 * dp[b + 14]! +
      w15 * dp[b + 15]! +
      w16 * dp[b + 16]! +
      w17 * dp[b + 17]! +
      w18 * dp[b + 18]! +
      w19 * dp[b + 19]! +
      w20 * dp[b + 20]! +
      w21 * dp[b + 21]! +
      w22 * dp[b + 22]! +
      w23 * dp[b + 23]! +
      w24 * dp[b + 24]! +
      w25 * dp[b + 25]! +
      w26 * dp[b + 26]! +
      w27 * dp[b + 27]! +
      w28 * dp[b + 28]! +
      w29 * dp[b + 29]! +
      w30 * dp[b + 30]! +
      w31 * dp[b + 31]! +
      w32 * dp[b + 32]! +
      w33 * dp[b + 33]! +
      w34 * dp[b + 34]! +
      w35 * dp[b + 35]! +
      w36 * dp[b + 36]! +
      w37 * dp[b + 37]! +
      w38 * dp[b + 38]! +
      w39 * dp[b + 39]!;
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
