import { absW, add, asl, mult, multR, sub, toWord } from './gsm-math.js';
import { FAC, NRFAC } from './gsm-tables.js';

/**
 * Regular pulse excitation (ETSI EN 300 961 sections 5.2.13 to 5.2.18 and 5.3.1).
 */

/** Exponent and mantissa of a coded block amplitude. */
export interface ExpMant {
  exp: number;
  mant: number;
}

/** Impulse response of the weighting filter, H[0..10] (table 4.4). */
const H0 = -134;
const H1 = -374;
const H3 = 2054;
const H4 = 5741;
const H5 = 8192;

/**
 * Section 5.2.13: weighting filter. `e` holds the LTP residual at e[5..44]
 * with five zeros on each side; x receives 40 samples.
 */
export function weightingFilter(e: Int16Array, x: Int16Array): void {
  for (let k = 0; k < 40; k++) {
    // H is symmetric around tap 5 and taps 2 and 8 are zero.
    let l =
      4096 +
      H0 * (e[k]! + e[k + 10]!) +
      H1 * (e[k + 1]! + e[k + 9]!) +
      H3 * (e[k + 3]! + e[k + 7]!) +
      H4 * (e[k + 4]! + e[k + 6]!) +
      H5 * e[k + 5]!;
    l >>= 13;
    x[k] = l < -32768 ? -32768 : Math.min(l, 32767);
  }
}

/** Section 5.2.14: the grid (0..3) with the most energy; the first one wins ties. */
export function gridSelection(x: Int16Array, xm: Int16Array): number {
  let em = 0;
  let mc = 0;
  for (let m = 0; m < 4; m++) {
    let sum = 0;
    for (let i = 0; i < 13; i++) {
      const t = x[m + 3 * i]! >> 2;
      sum += t * t;
    }
    if (sum > em) {
      em = sum;
      mc = m;
    }
  }
  for (let i = 0; i < 13; i++) xm[i] = x[mc + 3 * i]!;
  return mc;
}

/** Section 5.2.15: splits a coded block amplitude into exponent and mantissa. */
export function xmaxcToExpMant(xmaxc: number, out: ExpMant): void {
  let exp = xmaxc > 15 ? (xmaxc >> 3) - 1 : 0;
  let mant = xmaxc - (exp << 3);
  if (mant === 0) {
    exp = -4;
    mant = 7;
  } else {
    while (mant <= 7) {
      mant = (mant << 1) | 1;
      exp--;
    }
    mant -= 8;
  }
  out.exp = exp;
  out.mant = mant;
}

/**
 * Section 5.2.15: APCM quantization of the 13 selected samples into xmc
 * (written at xmc[off..off+12]). Returns xmaxc and leaves exp/mant in `em`.
 */
export function apcmQuantize(xm: Int16Array, xmc: Int16Array, off: number, em: ExpMant): number {
  let xmax = 0;
  for (let i = 0; i < 13; i++) {
    const t = absW(xm[i]!);
    if (t > xmax) xmax = t;
  }
  let exp = 0;
  let t = xmax >> 9;
  let itest = false;
  for (let i = 0; i <= 5; i++) {
    if (t <= 0) itest = true;
    t >>= 1;
    if (!itest) exp++;
  }
  const xmaxc = add(xmax >> (exp + 5), exp << 3);
  xmaxcToExpMant(xmaxc, em);
  const temp1 = 6 - em.exp;
  const temp2 = NRFAC[em.mant]!;
  for (let i = 0; i < 13; i++) {
    const v = toWord(xm[i]! << temp1);
    xmc[off + i] = (mult(v, temp2) >> 12) + 4;
  }
  return xmaxc;
}

/** Section 5.2.16: inverse APCM quantization of 13 pulses into xmp. */
export function apcmDequantize(xmc: Int16Array, off: number, em: ExpMant, xmp: Int16Array): void {
  const temp1 = FAC[em.mant]!;
  const temp2 = sub(6, em.exp);
  const temp3 = asl(1, sub(temp2, 1));
  // exp is -4..6 for every xmaxc, so temp2 is 0..10 and asr is a plain shift.
  for (let i = 0; i < 13; i++) {
    const t = ((xmc[off + i]! << 1) - 7) << 12;
    xmp[i] = add(multR(temp1, t), temp3) >> temp2;
  }
}

/** Section 5.2.17: places the 13 pulses on grid mc of a 40-sample sub-frame at ep[off..]. */
export function gridPosition(mc: number, xmp: Int16Array, ep: Int16Array, off: number): void {
  ep.fill(0, off, off + 40);
  for (let i = 0; i < 13; i++) ep[off + mc + 3 * i] = xmp[i]!;
}
