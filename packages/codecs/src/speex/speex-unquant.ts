/**
 * Decoder side of Speex's quantisers: LSP vectors, 3-tap pitch predictor and
 * split-VQ innovation (libspeex quant_lsp.c, ltp.c, cb_search.c, float build).
 */
import type { SpeexBitReader } from './speex-bits.js';
import { type SpeexSeed, speexRand } from './speex-dsp.js';
import {
  cdbkNb,
  cdbkNbHigh1,
  cdbkNbHigh2,
  cdbkNbLow1,
  cdbkNbLow2,
  highLspCdbk,
  highLspCdbk2,
} from './speex-lsp-gain-tables.js';
import type { LtpParams, SplitCbParams } from './speex-nb-modes.js';

// Codebook steps: stage 1 in 1/256 rad, stage 2 in 1/512, stage 3 in 1/1024.
const DIV256 = 0.0039062;
const DIV512 = 0.0019531;
const DIV1024 = 0.00097656;

/** Narrowband LSPs, 30-bit quantiser (5 x 6 bits). */
export function lspUnquantNb(lsp: Float32Array, bits: SpeexBitReader): void {
  for (let i = 0; i < 10; i++) lsp[i] = 0.25 * i + 0.25;
  let id = bits.unpack(6);
  for (let i = 0; i < 10; i++) lsp[i] = lsp[i]! + DIV256 * cdbkNb[id * 10 + i]!;
  id = bits.unpack(6);
  for (let i = 0; i < 5; i++) lsp[i] = lsp[i]! + DIV512 * cdbkNbLow1[id * 5 + i]!;
  id = bits.unpack(6);
  for (let i = 0; i < 5; i++) lsp[i] = lsp[i]! + DIV1024 * cdbkNbLow2[id * 5 + i]!;
  id = bits.unpack(6);
  for (let i = 0; i < 5; i++) lsp[i + 5] = lsp[i + 5]! + DIV512 * cdbkNbHigh1[id * 5 + i]!;
  id = bits.unpack(6);
  for (let i = 0; i < 5; i++) lsp[i + 5] = lsp[i + 5]! + DIV1024 * cdbkNbHigh2[id * 5 + i]!;
}

/** Narrowband LSPs, 18-bit low bit-rate quantiser (3 x 6 bits). */
export function lspUnquantLbr(lsp: Float32Array, bits: SpeexBitReader): void {
  for (let i = 0; i < 10; i++) lsp[i] = 0.25 * i + 0.25;
  let id = bits.unpack(6);
  for (let i = 0; i < 10; i++) lsp[i] = lsp[i]! + DIV256 * cdbkNb[id * 10 + i]!;
  id = bits.unpack(6);
  for (let i = 0; i < 5; i++) lsp[i] = lsp[i]! + DIV512 * cdbkNbLow1[id * 5 + i]!;
  id = bits.unpack(6);
  for (let i = 0; i < 5; i++) lsp[i + 5] = lsp[i + 5]! + DIV512 * cdbkNbHigh1[id * 5 + i]!;
}

/** High-band (wideband layer) LSPs, order 8, 12 bits. */
export function lspUnquantHigh(lsp: Float32Array, bits: SpeexBitReader): void {
  for (let i = 0; i < 8; i++) lsp[i] = 0.3125 * i + 0.75;
  let id = bits.unpack(6);
  for (let i = 0; i < 8; i++) lsp[i] = lsp[i]! + DIV256 * highLspCdbk[id * 8 + i]!;
  id = bits.unpack(6);
  for (let i = 0; i < 8; i++) lsp[i] = lsp[i]! + DIV512 * highLspCdbk2[id * 8 + i]!;
}

/** Sum of the 3 pitch taps as one gain (negative side taps count half). */
export function gain3TapTo1Tap(g: Float32Array): number {
  return Math.abs(g[1]!) + (g[0]! > 0 ? g[0]! : -0.5 * g[0]!) + (g[2]! > 0 ? g[2]! : -0.5 * g[2]!);
}

/** Result of a pitch un-quantisation: the period and the three taps in `gain`. */
export interface PitchOut {
  pitch: number;
  readonly gain: Float32Array;
}

/**
 * 3-tap long-term prediction from exc[eo - pitch - 1 .. ] into excOut[0..nsf).
 * The excitation buffer must hold 2 * pitchEnd + 2 samples of history.
 */
export function pitchUnquant3Tap(
  exc: Float32Array,
  eo: number,
  excOut: Float32Array,
  start: number,
  params: LtpParams,
  nsf: number,
  out: PitchOut,
  bits: SpeexBitReader,
  countLost: number,
  subframeOffset: number,
  lastPitchGain: number,
  cdbkOffset: number,
): void {
  const size = 1 << params.gainBits;
  const cdbk = params.gainCdbk;
  const base = 4 * size * cdbkOffset;
  const pitch = bits.unpack(params.pitchBits) + start;
  const gi = bits.unpack(params.gainBits);
  const g = out.gain;
  g[0] = 0.015625 * cdbk[base + gi * 4]! + 0.5;
  g[1] = 0.015625 * cdbk[base + gi * 4 + 1]! + 0.5;
  g[2] = 0.015625 * cdbk[base + gi * 4 + 2]! + 0.5;
  if (countLost && pitch > subframeOffset) {
    // After a loss, do not let the pitch gain exceed what the concealment used.
    let limit = countLost < 4 ? lastPitchGain : 0.5 * lastPitchGain;
    if (limit > 0.95) limit = 0.95;
    const sum = gain3TapTo1Tap(g);
    if (sum > limit) {
      const fact = limit / sum;
      for (let i = 0; i < 3; i++) g[i] = fact * g[i]!;
    }
  }
  out.pitch = pitch;
  excOut.fill(0, 0, nsf);
  for (let i = 0; i < 3; i++) {
    const pp = pitch + 1 - i;
    const gain = g[2 - i]!;
    const t1 = Math.min(nsf, pp);
    for (let j = 0; j < t1; j++) excOut[j] = excOut[j]! + gain * exc[eo + j - pp]!;
    const t3 = Math.min(nsf, pp + pitch);
    for (let j = t1; j < t3; j++) excOut[j] = excOut[j]! + gain * exc[eo + j - pp - pitch]!;
  }
}

/** Forced pitch (modes 1 and 8): one period and one gain for the frame. */
export function forcedPitchUnquant(
  exc: Float32Array,
  eo: number,
  excOut: Float32Array,
  start: number,
  pitchCoef: number,
  nsf: number,
  out: PitchOut,
): void {
  const coef = Math.min(pitchCoef, 0.99);
  for (let i = 0; i < nsf; i++) {
    excOut[i] = exc[eo + i - start]! * coef;
    exc[eo + i] = excOut[i]!;
  }
  out.pitch = start;
  out.gain[0] = 0;
  out.gain[2] = 0;
  out.gain[1] = coef;
}

/** Adds the split-VQ innovation shapes read from `bits` to exc[0..nsf). */
export function splitCbUnquant(exc: Float32Array, params: SplitCbParams, bits: SpeexBitReader): void {
  const size = params.subvectSize;
  const cbk = params.shapeCb;
  for (let i = 0; i < params.nbSubvect; i++) {
    const sign = params.haveSign ? bits.unpack(1) : 0;
    const ind = bits.unpack(params.shapeBits);
    const s = sign ? -0.03125 : 0.03125;
    for (let j = 0; j < size; j++) exc[size * i + j] = exc[size * i + j]! + s * cbk[ind * size + j]!;
  }
}

/** Noise innovation (mode 1 has no codebook). */
export function noiseUnquant(exc: Float32Array, nsf: number, seed: SpeexSeed): void {
  for (let i = 0; i < nsf; i++) exc[i] = speexRand(1, seed);
}
