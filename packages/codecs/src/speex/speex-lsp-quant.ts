/**
 * Encoder side of the LSP quantisers (libspeex quant_lsp.c, float build):
 * multi-stage VQ of the LSPs' offsets from a linear spread, the later stages
 * weighted by how close neighbouring LSPs are.
 */
import type { SpeexBitWriter } from './speex-bits.js';
import {
  cdbkNb,
  cdbkNbHigh1,
  cdbkNbHigh2,
  cdbkNbLow1,
  cdbkNbLow2,
  highLspCdbk,
  highLspCdbk2,
} from './speex-lsp-gain-tables.js';

/** Scratch for the LSP quantisers. */
export class LspQuantScratch {
  readonly weight = new Float32Array(10);
}

function quantWeights(q: Float32Array, w: Float32Array, order: number): void {
  for (let i = 0; i < order; i++) {
    let t1 = i === 0 ? q[i]! : q[i]! - q[i - 1]!;
    const t2 = i === order - 1 ? Math.PI - q[i]! : q[i + 1]! - q[i]!;
    if (t2 < t1) t1 = t2;
    w[i] = 10 / (0.04 + t1);
  }
}

// Nearest codeword (plain squared error) to x[xo..xo+dim); subtracts it from x.
function vqPlain(x: Float32Array, xo: number, cdbk: Int8Array, nbVec: number, dim: number): number {
  let best = Infinity;
  let bestId = 0;
  for (let i = 0; i < nbVec; i++) {
    let dist = 0;
    for (let j = 0; j < dim; j++) {
      const t = x[xo + j]! - cdbk[i * dim + j]!;
      dist += t * t;
    }
    if (dist < best) {
      best = dist;
      bestId = i;
    }
  }
  for (let j = 0; j < dim; j++) x[xo + j] = x[xo + j]! - cdbk[bestId * dim + j]!;
  return bestId;
}

// Nearest codeword by weighted squared error; subtracts it from x.
function vqWeighted(
  x: Float32Array,
  xo: number,
  w: Float32Array,
  cdbk: Int8Array,
  nbVec: number,
  dim: number,
): number {
  let best = Infinity;
  let bestId = 0;
  for (let i = 0; i < nbVec; i++) {
    let dist = 0;
    for (let j = 0; j < dim; j++) {
      const t = x[xo + j]! - cdbk[i * dim + j]!;
      dist += w[xo + j]! * t * t;
    }
    if (dist < best) {
      best = dist;
      bestId = i;
    }
  }
  for (let j = 0; j < dim; j++) x[xo + j] = x[xo + j]! - cdbk[bestId * dim + j]!;
  return bestId;
}

/** 30-bit narrowband LSP quantiser; writes the quantised LSPs to `qlsp`. */
export function lspQuantNb(
  lsp: Float32Array,
  qlsp: Float32Array,
  bits: SpeexBitWriter,
  s: LspQuantScratch,
): void {
  const w = s.weight;
  qlsp.set(lsp.subarray(0, 10));
  quantWeights(qlsp, w, 10);
  for (let i = 0; i < 10; i++) qlsp[i] = 256 * (qlsp[i]! - (0.25 * i + 0.25));
  bits.pack(vqPlain(qlsp, 0, cdbkNb, 64, 10), 6);
  for (let i = 0; i < 10; i++) qlsp[i] = qlsp[i]! * 2;
  bits.pack(vqWeighted(qlsp, 0, w, cdbkNbLow1, 64, 5), 6);
  for (let i = 0; i < 5; i++) qlsp[i] = qlsp[i]! * 2;
  bits.pack(vqWeighted(qlsp, 0, w, cdbkNbLow2, 64, 5), 6);
  bits.pack(vqWeighted(qlsp, 5, w, cdbkNbHigh1, 64, 5), 6);
  for (let i = 5; i < 10; i++) qlsp[i] = qlsp[i]! * 2;
  bits.pack(vqWeighted(qlsp, 5, w, cdbkNbHigh2, 64, 5), 6);
  for (let i = 0; i < 10; i++) qlsp[i] = lsp[i]! - qlsp[i]! * 0.00097656;
}

/** 18-bit low bit-rate narrowband LSP quantiser. */
export function lspQuantLbr(
  lsp: Float32Array,
  qlsp: Float32Array,
  bits: SpeexBitWriter,
  s: LspQuantScratch,
): void {
  const w = s.weight;
  qlsp.set(lsp.subarray(0, 10));
  quantWeights(qlsp, w, 10);
  for (let i = 0; i < 10; i++) qlsp[i] = 256 * (qlsp[i]! - (0.25 * i + 0.25));
  bits.pack(vqPlain(qlsp, 0, cdbkNb, 64, 10), 6);
  for (let i = 0; i < 10; i++) qlsp[i] = qlsp[i]! * 2;
  bits.pack(vqWeighted(qlsp, 0, w, cdbkNbLow1, 64, 5), 6);
  bits.pack(vqWeighted(qlsp, 5, w, cdbkNbHigh1, 64, 5), 6);
  for (let i = 0; i < 10; i++) qlsp[i] = lsp[i]! - qlsp[i]! * 0.0019531;
}

/** 12-bit high-band (order 8) LSP quantiser. */
export function lspQuantHigh(
  lsp: Float32Array,
  qlsp: Float32Array,
  bits: SpeexBitWriter,
  s: LspQuantScratch,
): void {
  const w = s.weight;
  qlsp.set(lsp.subarray(0, 8));
  quantWeights(qlsp, w, 8);
  for (let i = 0; i < 8; i++) qlsp[i] = 256 * (qlsp[i]! - (0.3125 * i + 0.75));
  bits.pack(vqPlain(qlsp, 0, highLspCdbk, 64, 8), 6);
  for (let i = 0; i < 8; i++) qlsp[i] = qlsp[i]! * 2;
  bits.pack(vqWeighted(qlsp, 0, w, highLspCdbk2, 64, 8), 6);
  for (let i = 0; i < 8; i++) qlsp[i] = lsp[i]! - qlsp[i]! * 0.0019531;
}

/** Index of the first boundary not below `x` (scalar quantiser). */
export function scalQuant(x: number, bounds: Float32Array, entries: number): number {
  let i = 0;
  while (i < entries - 1 && x > bounds[i]!) i++;
  return i;
}
