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

/** Segment boundaries: [start, count] of the four interpolation segments. */
export const SEGMENTS: readonly (readonly [number, number])[] = [
  [0, 13],
  [13, 14],
  [27, 13],
  [40, 120],
];

/** Lattice analysis filter (section 5.2.10), in place on s[start .. start+count). */
export function shortTermAnalysis(
  u: Int16Array,
  rp: Int16Array,
  s: Int16Array,
  start: number,
  count: number,
): void {
  const end = start + count;
  for (let k = start; k < end; k++) {
    let di = s[k]!;
    let sav = di;
    for (let i = 0; i < 8; i++) {
      const ui = u[i]!;
      const rpi = rp[i]!;
      u[i] = sav;
      sav = add(ui, multR(rpi, di));
      di = add(di, multR(rpi, ui));
    }
    s[k] = di;
  }
}

/**
 * Lattice synthesis filter (section 5.3.4): wt[start..] in, sr[start..] out.
 * `v` holds the 9 filter states.
 */
export function shortTermSynthesis(
  v: Int16Array,
  rrp: Int16Array,
  wt: Int16Array,
  sr: Int16Array,
  range: readonly [number, number],
): void {
  const end = range[0] + range[1];
  for (let k = range[0]; k < end; k++) {
    let sri = wt[k]!;
    for (let i = 7; i >= 0; i--) {
      const r = rrp[i]!;
      sri = sub(sri, multR(r, v[i]!));
      v[i + 1] = add(v[i]!, multR(r, sri));
    }
    v[0] = sri;
    sr[k] = sri;
  }
}
