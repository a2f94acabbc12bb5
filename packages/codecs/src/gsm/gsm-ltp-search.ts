/**
 * The LTP lag search of GSM 06.10 section 5.2.11 as libgsm's default build
 * (`USE_FLOAT_MUL`, as Debian and most systems ship it) computes it: the
 * cross-correlations sum in single-precision floats, nine lags at a time, and
 * a sum must exceed the best so far to win. The products are exact in a float
 * (below 2^24) but the sums round, so where lags tie or nearly tie (an exactly
 * periodic input) the lag can differ from the all-integer ETSI arithmetic.
 *
 * Rounding every addition (Math.fround) is slow in V8, so the search first
 * sums exactly in doubles, four lags per pass. When the best exact sum beats
 * every other by more than twice the worst float rounding error (and beats
 * zero by more than that error), single precision must pick the same lag;
 * only its rounded sum is then computed. Otherwise the full single-precision
 * search runs. Both paths give libgsm's result.
 */

/** Layout of the scratch array: 40 weights, 120 samples of history, 81 exact sums. */
export const LAG_SEARCH_WORK = 241;
const SUMS = 160;
/** Unit roundoff of single precision, and the bound factor for 40-term recursive sums (Higham, gamma_39). */
const GAMMA_39 = (39 * 2 ** -24) / (1 - 39 * 2 ** -24);

/** Best lag and its single-precision correlation sum. */
export interface LagSearchResult {
  nc: number;
  lmax: number;
}

/**
 * `work[0..40)` holds the scaled sub-frame wt, `work[40..160)` the history
 * dp[-120..-1]; dp[k - lag] is work[160 - lag + k]. Returns `out` filled in.
 */
export function searchLag(work: Float64Array, out: LagSearchResult): LagSearchResult {
  let sumAbsW = 0;
  for (let k = 0; k < 40; k++) sumAbsW += Math.abs(work[k]!);
  let maxAbsX = 0;
  for (let j = 40; j < 160; j++) maxAbsX = Math.max(maxAbsX, Math.abs(work[j]!));
  if (sumAbsW === 0 || maxAbsX === 0) {
    // Every product is zero, in any precision: no sum beats the initial zero.
    out.nc = 40;
    out.lmax = 0;
    return out;
  }
  const bound = GAMMA_39 * sumAbsW * maxAbsX * 1.0001;

  exactSums(work);
  let best = 40;
  let first = Number.NEGATIVE_INFINITY;
  let second = Number.NEGATIVE_INFINITY;
  for (let lag = 40; lag <= 120; lag++) {
    const e = work[SUMS + lag - 40]!;
    if (e > first) {
      second = first;
      first = e;
      best = lag;
    } else if (e > second) {
      second = e;
    }
  }
  if (first > bound && first - second > 2 * bound) {
    out.nc = best;
    out.lmax = floatSum(work, best);
    return out;
  }
  return floatSearch(work, out);
}

/** Exact cross-correlations of lags 40..120 into work[SUMS..], four lags per pass. */
function exactSums(work: Float64Array): void {
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
    const at = SUMS + lag - 40;
    work[at] = s0;
    work[at + 1] = s1;
    work[at + 2] = s2;
    work[at + 3] = s3;
  }
  let s = 0;
  for (let k = 0; k < 40; k++) s += work[k]! * work[40 + k]!;
  work[SUMS + 80] = s;
}

/** One lag's cross-correlation summed in single precision, in libgsm's order. */
function floatSum(work: Float64Array, lag: number): number {
  const f = Math.fround;
  const b = 160 - lag;
  let s = 0;
  for (let k = 0; k < 40; k++) s = f(s + work[k]! * work[b + k]!);
  return s;
}

/** The whole search in single precision, as libgsm runs it (exported for the tests). */
export function floatSearch(work: Float64Array, out: LagSearchResult): LagSearchResult {
  // Lags lag..lag+8 per pass (40, 49, ..., 112); s_j sums w[k] * dp[k - lag - j],
  // and x_j slides along the history so that each sample is loaded once.
  const f = Math.fround;
  let lmax = 0;
  let nc = 40;
  for (let lag = 40; lag <= 120; lag += 9) {
    const b = 160 - lag;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    let s8 = 0;
    let x1 = work[b - 1]!;
    let x2 = work[b - 2]!;
    let x3 = work[b - 3]!;
    let x4 = work[b - 4]!;
    let x5 = work[b - 5]!;
    let x6 = work[b - 6]!;
    let x7 = work[b - 7]!;
    let x8 = work[b - 8]!;
    for (let k = 0; k < 40; k++) {
      const w = work[k]!;
      const x0 = work[b + k]!;
      s0 = f(s0 + w * x0);
      s1 = f(s1 + w * x1);
      s2 = f(s2 + w * x2);
      s3 = f(s3 + w * x3);
      s4 = f(s4 + w * x4);
      s5 = f(s5 + w * x5);
      s6 = f(s6 + w * x6);
      s7 = f(s7 + w * x7);
      s8 = f(s8 + w * x8);
      x8 = x7;
      x7 = x6;
      x6 = x5;
      x5 = x4;
      x4 = x3;
      x3 = x2;
      x2 = x1;
      x1 = x0;
    }
    if (s0 > lmax) {
      lmax = s0;
      nc = lag + 0;
    }
    if (s1 > lmax) {
      lmax = s1;
      nc = lag + 1;
    }
    if (s2 > lmax) {
      lmax = s2;
      nc = lag + 2;
    }
    if (s3 > lmax) {
      lmax = s3;
      nc = lag + 3;
    }
    if (s4 > lmax) {
      lmax = s4;
      nc = lag + 4;
    }
    if (s5 > lmax) {
      lmax = s5;
      nc = lag + 5;
    }
    if (s6 > lmax) {
      lmax = s6;
      nc = lag + 6;
    }
    if (s7 > lmax) {
      lmax = s7;
      nc = lag + 7;
    }
    if (s8 > lmax) {
      lmax = s8;
      nc = lag + 8;
    }
  }
  out.nc = nc;
  out.lmax = lmax;
  return out;
}
