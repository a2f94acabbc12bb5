import { add, MAX_WORD, MIN_WORD, multR, sub } from './gsm-math.js';
import { LAR_B, LAR_INVA, LAR_MIC } from './gsm-tables.js';

/**
 * Short-term (LPC) filtering shared by encoder and decoder (ETSI EN 300 961
 * sections 5.2.8 to 5.2.10 and 5.3.4): LAR decoding, interpolation of the
 * LARs over the four segments of a frame, conversion to reflection
 * coefficients, and the lattice filters.
 */

/** Decodes LARc into LAR'' (section 5.2.8). */
export function decodeLars(larc: Int16Array, larpp: Int16Array): void {
  for (let i = 0; i < 8; i++) {
    let t = add(larc[i]!, LAR_MIC[i]!) << 10;
    t = sub(t, LAR_B[i]! << 1);
    t = multR(LAR_INVA[i]!, t);
    larpp[i] = add(t, t);
  }
}

/** First sample of each of the four interpolation segments, and the end of the frame. */
export const SEGMENT_START: readonly number[] = [0, 13, 27, 40, 160];

/**
 * Interpolates between the previous frame's LAR'' and this frame's for
 * segment `seg` (0: samples 0..12, 1: 13..26, 2: 27..39, 3: 40..159), then
 * turns LAR' into reflection coefficients r' in place (section 5.2.9).
 */
export function interpolatedRp(prev: Int16Array, cur: Int16Array, seg: number, rp: Int16Array): void {
  for (let i = 0; i < 8; i++) {
    const a = prev[i]!;
    const b = cur[i]!;
    let larp: number;
    if (seg === 0) larp = add(add(a >> 2, b >> 2), a >> 1);
    else if (seg === 1) larp = add(a >> 1, b >> 1);
    else if (seg === 2) larp = add(add(a >> 2, b >> 2), b >> 1);
    else larp = b;
    rp[i] = larToRp(larp);
  }
}

/** Section 5.2.9.2: piecewise-linear LAR to reflection coefficient. */
function larToRp(larp: number): number {
  const neg = larp < 0;
  const t = neg ? (larp === MIN_WORD ? MAX_WORD : -larp) : larp;
  const r = t < 11059 ? t << 1 : t < 20070 ? t + 11059 : add(t >> 2, 26112);
  return neg ? -r : r;
}

/** Saturation to a 16-bit word. */
function sat(x: number): number {
  return x > 32767 ? 32767 : Math.max(x, -32768);
}

/**
 * Lattice analysis filter (section 5.2.10), in place on s[start .. start+count).
 * The eight stages are unrolled with the state in locals: this is the
 * encoder's hottest loop. Each stage is add(u, mult_r(r, d)) and
 * add(d, mult_r(r, u)); r' never reaches -32768, so mult_r needs no special case.
 */
export function shortTermAnalysis(
  u: Int16Array,
  rp: Int16Array,
  s: Int16Array,
  start: number,
  count: number,
): void {
  const r0 = rp[0]!;
  const r1 = rp[1]!;
  const r2 = rp[2]!;
  const r3 = rp[3]!;
  const r4 = rp[4]!;
  const r5 = rp[5]!;
  const r6 = rp[6]!;
  const r7 = rp[7]!;
  let u0 = u[0]!;
  let u1 = u[1]!;
  let u2 = u[2]!;
  let u3 = u[3]!;
  let u4 = u[4]!;
  let u5 = u[5]!;
  let u6 = u[6]!;
  let u7 = u[7]!;
  const end = start + count;
  for (let k = start; k < end; k++) {
    let di = s[k]!;
    let sav = di;
    let t: number;
    t = u0;
    u0 = sav;
    sav = sat(t + ((r0 * di + 16384) >> 15));
    di = sat(di + ((r0 * t + 16384) >> 15));
    t = u1;
    u1 = sav;
    sav = sat(t + ((r1 * di + 16384) >> 15));
    di = sat(di + ((r1 * t + 16384) >> 15));
    t = u2;
    u2 = sav;
    sav = sat(t + ((r2 * di + 16384) >> 15));
    di = sat(di + ((r2 * t + 16384) >> 15));
    t = u3;
    u3 = sav;
    sav = sat(t + ((r3 * di + 16384) >> 15));
    di = sat(di + ((r3 * t + 16384) >> 15));
    t = u4;
    u4 = sav;
    sav = sat(t + ((r4 * di + 16384) >> 15));
    di = sat(di + ((r4 * t + 16384) >> 15));
    t = u5;
    u5 = sav;
    sav = sat(t + ((r5 * di + 16384) >> 15));
    di = sat(di + ((r5 * t + 16384) >> 15));
    t = u6;
    u6 = sav;
    sav = sat(t + ((r6 * di + 16384) >> 15));
    di = sat(di + ((r6 * t + 16384) >> 15));
    t = u7;
    u7 = sav;
    sav = sat(t + ((r7 * di + 16384) >> 15));
    di = sat(di + ((r7 * t + 16384) >> 15));
    s[k] = di;
  }
  u[0] = u0;
  u[1] = u1;
  u[2] = u2;
  u[3] = u3;
  u[4] = u4;
  u[5] = u5;
  u[6] = u6;
  u[7] = u7;
}

/**
 * Lattice synthesis filter (section 5.3.4): wt[wtOff+start .. wtOff+start+count) in,
 * sr[start..] out; `v` holds the filter states v[0..7] (v[8] of the
 * recommendation is never read, so it is not kept).
 */
export function shortTermSynthesis(
  v: Int16Array,
  rrp: Int16Array,
  wt: Int16Array,
  wtOff: number,
  sr: Int16Array,
  start: number,
  count: number,
): void {
  const r0 = rrp[0]!;
  const r1 = rrp[1]!;
  const r2 = rrp[2]!;
  const r3 = rrp[3]!;
  const r4 = rrp[4]!;
  const r5 = rrp[5]!;
  const r6 = rrp[6]!;
  const r7 = rrp[7]!;
  let v0 = v[0]!;
  let v1 = v[1]!;
  let v2 = v[2]!;
  let v3 = v[3]!;
  let v4 = v[4]!;
  let v5 = v[5]!;
  let v6 = v[6]!;
  let v7 = v[7]!;
  const end = start + count;
  for (let k = start; k < end; k++) {
    let sri = wt[wtOff + k]!;
    sri = sat(sri - ((r7 * v7 + 16384) >> 15));
    sri = sat(sri - ((r6 * v6 + 16384) >> 15));
    v7 = sat(v6 + ((r6 * sri + 16384) >> 15));
    sri = sat(sri - ((r5 * v5 + 16384) >> 15));
    v6 = sat(v5 + ((r5 * sri + 16384) >> 15));
    sri = sat(sri - ((r4 * v4 + 16384) >> 15));
    v5 = sat(v4 + ((r4 * sri + 16384) >> 15));
    sri = sat(sri - ((r3 * v3 + 16384) >> 15));
    v4 = sat(v3 + ((r3 * sri + 16384) >> 15));
    sri = sat(sri - ((r2 * v2 + 16384) >> 15));
    v3 = sat(v2 + ((r2 * sri + 16384) >> 15));
    sri = sat(sri - ((r1 * v1 + 16384) >> 15));
    v2 = sat(v1 + ((r1 * sri + 16384) >> 15));
    sri = sat(sri - ((r0 * v0 + 16384) >> 15));
    v1 = sat(v0 + ((r0 * sri + 16384) >> 15));
    v0 = sri;
    sr[k] = sri;
  }
  v[0] = v0;
  v[1] = v1;
  v[2] = v2;
  v[3] = v3;
  v[4] = v4;
  v[5] = v5;
  v[6] = v6;
  v[7] = v7;
}
