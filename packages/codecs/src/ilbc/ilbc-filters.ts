/** Fixed-point filters of the iLBC decoder (Q12 coefficients, saturating output). */

const MAX_Q12 = 134215679; // (32767 << 12) + 2047: largest sum that still rounds into int16
const MIN_Q12 = -134217728;

/**
 * FIR filter: out[i] = sum_j b[j] * x[i - j], Q12 coefficients, rounded. `inAt`
 * indexes the newest input sample; `inAt - bLength + 1` must be valid.
 */
export function filterMaQ12(
  x: Int16Array,
  inAt: number,
  out: Int16Array,
  outAt: number,
  b: Int16Array,
  bAt: number,
  bLength: number,
  length: number,
): void {
  for (let i = 0; i < length; i++) {
    let o = 0;
    const xi = inAt + i;
    for (let j = 0; j < bLength; j++) o = (o + b[bAt + j]! * x[xi - j]!) | 0;
    o = o < MIN_Q12 ? MIN_Q12 : Math.min(o, MAX_Q12);
    out[outAt + i] = (o + 2048) >> 12;
  }
}

/**
 * All-pole filter, in place or not: y[i] = (a0 x[i] - sum_j a[j] y[i - j]) / 4096.
 * `y[yAt - order .. yAt - 1]` holds the filter state.
 */
export function filterArQ12(
  x: Int16Array,
  xAt: number,
  y: Int16Array,
  yAt: number,
  a: Int16Array,
  aAt: number,
  aLength: number,
  length: number,
): void {
  for (let i = 0; i < length; i++) {
    let sum = 0;
    const yi = yAt + i;
    for (let j = aLength - 1; j > 0; j--) sum = (sum + a[aAt + j]! * y[yi - j]!) | 0;
    let o = (a[aAt]! * x[xAt + i]! - sum) | 0;
    o = o < MIN_Q12 ? MIN_Q12 : Math.min(o, MAX_Q12);
    y[yi] = (o + 2048) >> 12;
  }
}

/**
 * The decoder's output high-pass filter (RFC 3951 section 4.8), second order,
 * the recursive state kept in double precision as (high, low) 16-bit pairs,
 * output doubled (the Q12 synthesis works at half scale).
 * `y`: [hi(n-1), lo(n-1), hi(n-2), lo(n-2)]; `x`: [x(n-1), x(n-2)].
 */
export function hpOutput(
  signal: Int16Array,
  at: number,
  ba: Int16Array,
  y: Int16Array,
  x: Int16Array,
  length: number,
): void {
  const b0 = ba[0]!;
  const b1 = ba[1]!;
  const b2 = ba[2]!;
  const a1 = ba[3]!;
  const a2 = ba[4]!;
  for (let i = 0; i < length; i++) {
    let tmp = (y[1]! * a1 + y[3]! * a2) >> 15;
    tmp += y[0]! * a1 + y[2]! * a2;
    tmp = (tmp << 1) | 0;
    const s = signal[at + i]!;
    tmp = (tmp + s * b0 + x[0]! * b1 + x[1]! * b2) | 0;
    x[1] = x[0]!;
    x[0] = s;
    let r = (tmp + 1024) | 0;
    r = r < -67108864 ? -67108864 : Math.min(r, 67108863);
    signal[at + i] = r >> 11;
    y[2] = y[0]!;
    y[3] = y[1]!;
    // Up-shift by 3 with saturation.
    if (tmp > 268435455) tmp = 2147483647;
    else if (tmp < -268435456) tmp = -2147483648;
    else tmp <<= 3;
    const hi = tmp >> 16;
    y[0] = hi;
    y[1] = (tmp - (hi << 16)) >> 1;
  }
}
