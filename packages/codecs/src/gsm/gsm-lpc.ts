import { absW, add, addL, div, mult, multR, norm, toWord } from './gsm-math.js';
import { LAR_A, LAR_B, LAR_MAC, LAR_MIC } from './gsm-tables.js';

/** State of the encoder's preprocessing filters (ETSI EN 300 961 section 5.2.1 to 5.2.3). */
export interface PreprocessState {
  z1: number;
  lz2: number;
  mp: number;
}

/**
 * Downscaling, offset compensation (a high-pass with pole 32735/32768,
 * computed as a 31 by 16 bit product) and pre-emphasis (section 5.2.1 to 5.2.3).
 */
export function preprocess(st: PreprocessState, s: Int16Array, at: number, so: Int16Array): void {
  let z1 = st.z1;
  let lz2 = st.lz2;
  let mp = st.mp;
  for (let k = 0; k < 160; k++) {
    const so0 = (s[at + k]! >> 3) << 2;
    const s1 = toWord(so0 - z1);
    z1 = so0;
    let ls2 = s1 * 32768;
    // msp and lsp are 16-bit words in the reference code, truncated like them.
    const msp = toWord(lz2 >> 15);
    const lsp = toWord(lz2 - msp * 32768);
    ls2 += multR(lsp, 32735);
    lz2 = addL(msp * 32735, ls2);
    const ltemp = addL(lz2, 16384);
    const pre = multR(mp, -28180);
    mp = toWord(ltemp >> 15);
    so[k] = add(mp, pre);
  }
  st.z1 = z1;
  st.lz2 = lz2;
  st.mp = mp;
}

/**
 * LPC analysis of one frame (section 5.2.4 to 5.2.7): autocorrelation with
 * dynamic scaling, Schur recursion for the reflection coefficients, their
 * log area ratios and the quantized LARc. `s` is rescaled in place exactly as
 * the recommendation does (the scaling loses low bits, and later stages see that).
 */
export function lpcAnalysis(s: Int16Array, acf: Float64Array, larc: Int16Array, work: Int16Array): void {
  autocorrelation(s, acf);
  reflectionCoefficients(acf, larc, work);
  for (let i = 0; i < 8; i++) {
    // Section 5.2.6: transformation to log area ratios.
    const r = larc[i]!;
    let t = absW(r);
    if (t < 22118) t >>= 1;
    else if (t < 31130) t -= 11059;
    else t = (t - 26112) << 2;
    const lar = r < 0 ? -t : t;
    // Section 5.2.7: quantization and coding.
    let q = mult(LAR_A[i]!, lar);
    q = add(q, LAR_B[i]!);
    q = add(q, 256);
    q >>= 9;
    const mac = LAR_MAC[i]!;
    const mic = LAR_MIC[i]!;
    larc[i] = q > mac ? mac - mic : q < mic ? 0 : q - mic;
  }
}

function autocorrelation(s: Int16Array, acf: Float64Array): void {
  let smax = 0;
  for (let k = 0; k < 160; k++) {
    const t = absW(s[k]!);
    if (t > smax) smax = t;
  }
  const scalauto = smax === 0 ? 0 : 4 - norm(smax << 16);
  if (scalauto > 0) {
    const f = 16384 >> (scalauto - 1);
    for (let k = 0; k < 160; k++) s[k] = multR(s[k]!, f);
  }
  // One pass with the last eight samples in locals: acf[k] = 2 * sum s[i] * s[i-k].
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let a4 = 0;
  let a5 = 0;
  let a6 = 0;
  let a7 = 0;
  let a8 = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  let p4 = 0;
  let p5 = 0;
  let p6 = 0;
  let p7 = 0;
  let p8 = 0;
  for (let i = 0; i < 160; i++) {
    const x = s[i]!;
    a0 += x * x;
    a1 += x * p1;
    a2 += x * p2;
    a3 += x * p3;
    a4 += x * p4;
    a5 += x * p5;
    a6 += x * p6;
    a7 += x * p7;
    a8 += x * p8;
    p8 = p7;
    p7 = p6;
    p6 = p5;
    p5 = p4;
    p4 = p3;
    p3 = p2;
    p2 = p1;
    p1 = x;
  }
  acf[0] = 2 * a0;
  acf[1] = 2 * a1;
  acf[2] = 2 * a2;
  acf[3] = 2 * a3;
  acf[4] = 2 * a4;
  acf[5] = 2 * a5;
  acf[6] = 2 * a6;
  acf[7] = 2 * a7;
  acf[8] = 2 * a8;
  if (scalauto > 0) {
    for (let k = 0; k < 160; k++) s[k] = s[k]! << scalauto;
  }
}

/** Section 5.2.5: Schur recursion. Writes r[0..7] into `r`; `work` needs 18 words. */
function reflectionCoefficients(lacf: Float64Array, r: Int16Array, work: Int16Array): void {
  if (lacf[0] === 0) {
    r.fill(0);
    return;
  }
  const shift = norm(lacf[0]!);
  // P[0..8] at work[0..8], K[0..8] at work[9..17].
  const p = work;
  const K = 9;
  for (let i = 0; i < 9; i++) {
    const a = (lacf[i]! << shift) >> 16;
    p[i] = a;
    p[K + i] = a;
  }
  for (let n = 1; n <= 8; n++) {
    const t = absW(p[1]!);
    if (p[0]! < t) {
      for (let i = n; i <= 8; i++) r[i - 1] = 0;
      return;
    }
    let rn = div(t, p[0]!);
    if (p[1]! > 0) rn = -rn;
    r[n - 1] = rn;
    if (n === 8) return;
    p[0] = add(p[0]!, multR(p[1]!, rn));
    for (let m = 1; m <= 8 - n; m++) {
      p[m] = add(p[m + 1]!, multR(p[K + m]!, rn));
      p[K + m] = add(p[K + m]!, multR(p[m + 1]!, rn));
    }
  }
}
