/**
 * Fixed-point LSF dequantization, stability check, interpolation and LSF to
 * LPC conversion of the iLBC decoder (RFC 3951 sections 4.1 and 3.2.6), in the
 * integer arithmetic of the fixed-point iLBC so the output is bit-exact with it.
 */
import { CHIRP_SYNT, COS, COS_DERIVATIVE, LSF_CB, LSF_DIM, LSF_SIZE } from './ilbc-tables.js';

/** LPC filter order. */
export const ORDER = 10;

const s16 = (x: number): number => (x << 16) >> 16;

/** Looks up `lpcN` LSF vectors (Q13) from the split-VQ indices. */
export function dequantizeLsf(out: Int16Array, index: Int16Array, indexAt: number, lpcN: number): void {
  for (let v = 0; v < lpcN; v++) {
    let pos = v * ORDER;
    let cbPos = 0;
    for (let i = 0; i < 3; i++) {
      const dim = LSF_DIM[i]!;
      const base = cbPos + index[indexAt + v * 3 + i]! * dim;
      for (let j = 0; j < dim; j++) out[pos + j] = LSF_CB[base + j]!;
      pos += dim;
      cbPos += LSF_SIZE[i]! * dim;
    }
  }
}

/** Forces a minimum distance between neighbouring LSFs and keeps them in range (two passes). */
export function stabilizeLsf(lsf: Int16Array, vectors: number): void {
  for (let n = 0; n < 2; n++) {
    for (let m = 0; m < vectors; m++) {
      for (let k = 0; k < ORDER - 1; k++) {
        const i = m * ORDER + k;
        if (lsf[i + 1]! - lsf[i]! < 319) {
          if (lsf[i + 1]! < lsf[i]!) {
            lsf[i + 1] = lsf[i]! + 160;
            lsf[i] = lsf[i + 1]! - 160;
          } else {
            lsf[i] = lsf[i]! - 160;
            lsf[i + 1] = lsf[i + 1]! + 160;
          }
        }
        const v = lsf[i]!;
        lsf[i] = v < 82 ? 82 : Math.min(v, 25723);
      }
    }
  }
}

const lsp = new Int16Array(ORDER);
const lsfTmp = new Int16Array(ORDER);
const f0 = new Int32Array(6);
const f1 = new Int32Array(6);

/** Sum/difference polynomial of every other LSP (starting at `at`), Q24. */
function lspPoly(at: number, f: Int32Array): void {
  f[0] = 16777216;
  f[1] = Math.imul(lsp[at]!, -1024);
  let l = 2;
  for (let i = 2, k = at + 2; i <= 5; i++, k += 2) {
    f[l] = f[l - 2]!;
    for (let j = i; j > 1; j--, l--) {
      const x = f[l - 1]!;
      const high = s16(x >> 16);
      const low = s16((x - (high << 16)) >> 1);
      const p = lsp[k]!;
      const tmp = ((high * p) << 2) + (((low * p) >> 15) << 2);
      f[l] = (f[l]! + f[l - 2]! - tmp) | 0;
    }
    f[l] = f[l]! - (lsp[k]! << 10);
    l += i;
  }
}

/** LSF (Q13) to LPC coefficients a[0..10] (Q12, a[0] = 4096). */
export function lsfToPoly(a: Int16Array, aAt: number, lsf: Int16Array): void {
  for (let i = 0; i < ORDER; i++) {
    // 20861 is 1/(2 pi) in Q17: the frequency as a 16-bit fraction of a turn.
    const freq = s16((lsf[i]! * 20861) >> 15);
    const k = Math.min(freq >> 8, 63);
    const diff = freq & 0xff;
    lsp[i] = COS[k]! + ((COS_DERIVATIVE[k]! * diff) >> 12);
  }
  lspPoly(0, f0);
  lspPoly(1, f1);
  for (let i = 5; i > 0; i--) {
    f0[i] = f0[i]! + f0[i - 1]!;
    f1[i] = f1[i]! - f1[i - 1]!;
  }
  a[aAt] = 4096;
  for (let i = 5; i > 0; i--) {
    a[aAt + 6 - i] = (f0[6 - i]! + f1[6 - i]! + 4096) >> 13;
    a[aAt + 5 + i] = (f0[6 - i]! - f1[6 - i]! + 4096) >> 13;
  }
}

/** Interpolates two LSF vectors with weight `coef` (Q14) on the first, then converts to LPC. */
export function interpolateToPoly(
  a: Int16Array,
  aAt: number,
  lsf1: Int16Array,
  at1: number,
  lsf2: Int16Array,
  at2: number,
  coef: number,
): void {
  const inv = 16384 - coef;
  for (let i = 0; i < ORDER; i++) lsfTmp[i] = (coef * lsf1[at1 + i]! + inv * lsf2[at2 + i]! + 8192) >> 14;
  lsfToPoly(a, aAt, lsfTmp);
}

/** Bandwidth expansion a[i] * chirp^i (the weighting denominator; decoder keeps it for the enhancer). */
export function bwExpand(out: Int16Array, outAt: number, a: Int16Array, aAt: number): void {
  out[outAt] = a[aAt]!;
  for (let i = 1; i <= ORDER; i++) out[outAt + i] = (CHIRP_SYNT[i]! * a[aAt + i]! + 16384) >> 15;
}
