/**
 * Signal-processing blocks shared by the Speex encoder and decoder (the float
 * arithmetic of libspeex's floating-point build). LPC arrays hold a1..aP
 * (a0 = 1 is implicit); filters keep their memory in caller-owned arrays.
 */

/** Linear-congruential generator state shared with libspeex (`speex_rand`). */
export interface SpeexSeed {
  seed: number;
}

/** Uniform noise of standard deviation `std` (libspeex's float `speex_rand`). */
export function speexRand(std: number, s: SpeexSeed): number {
  s.seed = (Math.imul(1664525, s.seed) + 1013904223) >>> 0;
  // The float trick of libspeex: mantissa bits as a number in [1, 2), minus 1.5.
  const r = (s.seed & 0x7fffff) / 8388608 - 0.5;
  return 3.4642 * std * r;
}

// Values this small are noise-free zeros for audio; flushing them keeps decaying
// filter memories out of the denormal range, where arithmetic is many times slower.
const TINY = 1e-30;

/** Sets to 0 the entries of mem[0..n) whose magnitude is below 1e-30. */
export function flushTiny(mem: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = mem[i]!;
    if (v < TINY && v > -TINY) mem[i] = 0;
  }
}

/** Copies src[so..so+n) to dst[dOff..): a plain loop, no subarray view allocated per call. */
export function copy(dst: Float32Array, dOff: number, src: Float32Array, so: number, n: number): void {
  for (let i = 0; i < n; i++) dst[dOff + i] = src[so + i]!;
}

/** Bandwidth expansion: out[i] = in[i] * gamma^(i+1). */
export function bwLpc(gamma: number, lpcIn: Float32Array, lpcOut: Float32Array, order: number): void {
  let g = gamma;
  for (let i = 0; i < order; i++) {
    lpcOut[i] = g * lpcIn[i]!;
    g *= gamma;
  }
}

/** RMS of x[off..off+len) with libspeex's small bias (sqrt(.1 + energy/len)). */
export function computeRms(x: Float32Array, off: number, len: number): number {
  let sum = 0;
  for (let i = 0; i < len; i++) {
    const v = x[off + i]!;
    sum += v * v;
  }
  return Math.sqrt(0.1 + sum / len);
}

/** Sum of x[xo+i]*y[yo+i] for i < len. */
export function innerProd(x: Float32Array, xo: number, y: Float32Array, yo: number, len: number): number {
  // Four partial sums let the CPU overlap the multiply-adds.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    s0 += x[xo + i]! * y[yo + i]!;
    s1 += x[xo + i + 1]! * y[yo + i + 1]!;
    s2 += x[xo + i + 2]! * y[yo + i + 2]!;
    s3 += x[xo + i + 3]! * y[yo + i + 3]!;
  }
  for (; i < len; i++) s0 += x[xo + i]! * y[yo + i]!;
  return s0 + s1 + (s2 + s3);
}

/** All-pole synthesis 1/A(z) with direct-form-II transposed memory (`iir_mem16`). */
export function iirMem(
  x: Float32Array,
  xo: number,
  den: Float32Array,
  y: Float32Array,
  yo: number,
  n: number,
  order: number,
  mem: Float32Array,
): void {
  for (let i = 0; i < n; i++) {
    const yi = x[xo + i]! + mem[0]!;
    const nyi = -yi;
    for (let j = 0; j < order - 1; j++) mem[j] = mem[j + 1]! + den[j]! * nyi;
    mem[order - 1] = den[order - 1]! * nyi;
    y[yo + i] = yi;
  }
  flushTiny(mem, order);
}

/** Pole-zero filter A(z/g1)/A(z/g2) style (`filter_mem16`): num and den without the leading 1. */
export function filterMem(
  x: Float32Array,
  xo: number,
  num: Float32Array,
  den: Float32Array,
  y: Float32Array,
  yo: number,
  n: number,
  order: number,
  mem: Float32Array,
): void {
  for (let i = 0; i < n; i++) {
    const xi = x[xo + i]!;
    const yi = xi + mem[0]!;
    const nyi = -yi;
    for (let j = 0; j < order - 1; j++) mem[j] = mem[j + 1]! + num[j]! * xi + den[j]! * nyi;
    mem[order - 1] = num[order - 1]! * xi + den[order - 1]! * nyi;
    y[yo + i] = yi;
  }
  flushTiny(mem, order);
}

/** All-zero filter A(z) (`fir_mem16`). */
export function firMem(
  x: Float32Array,
  xo: number,
  num: Float32Array,
  y: Float32Array,
  yo: number,
  n: number,
  order: number,
  mem: Float32Array,
): void {
  for (let i = 0; i < n; i++) {
    const xi = x[xo + i]!;
    const yi = xi + mem[0]!;
    for (let j = 0; j < order - 1; j++) mem[j] = mem[j + 1]! + num[j]! * xi;
    mem[order - 1] = num[order - 1]! * xi;
    y[yo + i] = yi;
  }
  flushTiny(mem, order);
}

// Second-order high-pass sections (poles, zeros) of libspeex's `highpass`:
// 0 = narrowband input, 1 = wideband input, 2 = narrowband output, 3 = wideband output.
const HP_POLES = [
  [1, -1.9112, 0.91498],
  [1, -1.92683, 0.93071],
  [1, -1.93338, 0.93553],
  [1, -1.97226, 0.97332],
  [1, -1.37, 0.399],
] as const;
const HP_ZEROS = [
  [0.95654, -1.91309, 0.95654],
  [0.96446, -1.92879, 0.96446],
  [0.96723, -1.93445, 0.96723],
  [0.98645, -1.97277, 0.98645],
  [0.88, -1.76, 0.88],
] as const;

/** High-pass filter id: narrowband or wideband, on the input or the output side. */
export const HIGHPASS_NARROWBAND = 0;
export const HIGHPASS_WIDEBAND = 2;
export const HIGHPASS_INPUT = 0;
export const HIGHPASS_OUTPUT = 1;

/** The DC-blocking high-pass of libspeex (in place allowed). */
export function highpass(
  x: Float32Array,
  y: Float32Array,
  off: number,
  len: number,
  filterId: number,
  mem: Float32Array,
): void {
  const id = Math.min(filterId, 4);
  const den = HP_POLES[id]!;
  const num = HP_ZEROS[id]!;
  for (let i = 0; i < len; i++) {
    const xi = x[off + i]!;
    const vout = num[0] * xi + mem[0]!;
    mem[0] = mem[1]! + num[1] * xi - den[1] * vout;
    mem[1] = num[2] * xi - den[2] * vout;
    y[off + i] = vout;
  }
  flushTiny(mem, 2);
}

// Polynomial cosine of libspeex's float build (used for LSP -> LPC).
function spxCos(x: number): number {
  if (x < 1.5707963268) {
    const x2 = x * x;
    return 0.9999932946 + x2 * (-0.4999124376 + x2 * (0.0414877472 + -0.0012712095 * x2));
  }
  const y = Math.PI - x;
  const y2 = y * y;
  return -(0.9999932946 + y2 * (-0.4999124376 + y2 * (0.0414877472 + -0.0012712095 * y2)));
}

/**
 * LSP (radians) to LPC: rebuilds the symmetric and antisymmetric polynomials
 * P(z), Q(z) as products of 1 - 2cos(w)z^-1 + z^-2 and averages them.
 * `work` needs 4*order/2+2 entries and `xf` order entries.
 */
export function lspToLpc(
  freq: Float32Array,
  ak: Float32Array,
  order: number,
  work: Float64Array,
  xf: Float64Array,
): void {
  const m = order >> 1;
  work.fill(0, 0, 4 * m + 2);
  for (let i = 0; i < order; i++) xf[i] = spxCos(freq[i]!);
  let xin1 = 1;
  let xin2 = 1;
  for (let j = 0; j <= order; j++) {
    let n4 = 0;
    for (let i = 0, i2 = 0; i < m; i++, i2 += 2) {
      const n1 = i * 4;
      const n2 = n1 + 1;
      const n3 = n2 + 1;
      n4 = n3 + 1;
      const xout1 = xin1 - 2 * xf[i2]! * work[n1]! + work[n2]!;
      const xout2 = xin2 - 2 * xf[i2 + 1]! * work[n3]! + work[n4]!;
      work[n2] = work[n1]!;
      work[n4] = work[n3]!;
      work[n1] = xin1;
      work[n3] = xin2;
      xin1 = xout1;
      xin2 = xout2;
    }
    const xout1 = xin1 + work[n4 + 1]!;
    const xout2 = xin2 - work[n4 + 2]!;
    if (j > 0) ak[j - 1] = (xout1 + xout2) * 0.5;
    work[n4 + 1] = xin1;
    work[n4 + 2] = xin2;
    xin1 = 0;
    xin2 = 0;
  }
}

/** Interpolates LSPs for sub-frame `sub` and enforces a minimum spacing `margin`. */
export function lspInterpolate(
  oldLsp: Float32Array,
  newLsp: Float32Array,
  lsp: Float32Array,
  len: number,
  sub: number,
  nbSub: number,
  margin: number,
): void {
  const t = (1 + sub) / nbSub;
  for (let i = 0; i < len; i++) lsp[i] = (1 - t) * oldLsp[i]! + t * newLsp[i]!;
  if (lsp[0]! < margin) lsp[0] = margin;
  if (lsp[len - 1]! > Math.PI - margin) lsp[len - 1] = Math.PI - margin;
  for (let i = 1; i < len - 1; i++) {
    if (lsp[i]! < lsp[i - 1]! + margin) lsp[i] = lsp[i - 1]! + margin;
    if (lsp[i]! > lsp[i + 1]! - margin) lsp[i] = 0.5 * (lsp[i]! + lsp[i + 1]! - margin);
  }
}
