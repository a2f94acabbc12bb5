/**
 * Floating-point LPC analysis of the iLBC encoder (RFC 3951 section 3.2): input
 * high-pass filter, windowed autocorrelation with lag window, Levinson-Durbin,
 * bandwidth expansion, LPC to LSF conversion and the split VQ of the LSFs.
 */
import { ORDER } from './ilbc-lpc.js';
import { LSF_CB, LSF_DIM, LSF_SIZE } from './ilbc-tables.js';

/** Samples of the previous block the LPC analysis looks back at. */
export const LPC_LOOKBACK = 60;
const BLOCKL_MAX = 240;

const q15 = (x: number): number => Math.round(x * 32768) / 32768;
/** Symmetric Hann window over 240 samples (RFC 3951 lpc_winTbl, Q15-rounded). */
export const LPC_WIN = Float64Array.from({ length: BLOCKL_MAX }, (_, n) =>
  Math.min(q15(0.5 * (1 - Math.cos((2 * Math.PI * (n + 1)) / 241))), 32767 / 32768),
);
/** Asymmetric window: a slow sine-squared rise over 220 samples, a quarter cosine fall over 20 (lpc_asymwinTbl). */
export const LPC_ASYM_WIN = Float64Array.from({ length: BLOCKL_MAX }, (_, n) =>
  Math.min(
    n < 220 ? q15(Math.sin((Math.PI * (n + 1)) / 442) ** 2) : q15(Math.cos((Math.PI * (n - 220)) / 40)),
    32767 / 32768,
  ),
);
/** Lag window of the autocorrelation (lpc_lagwinTbl). */
const LAG_WIN = Float64Array.of(
  1.0001,
  0.99889,
  0.995569,
  0.990057,
  0.982392,
  0.972623,
  0.960816,
  0.947047,
  0.931405,
  0.913989,
  0.894909,
);
const CHIRP_SYNT = 0.9025;

/** The encoder's input high-pass filter (RFC 3951 section 3.1), 90 Hz cut-off. */
export class HighPassInput {
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;
  process(pcm: Int16Array, out: Float64Array, length: number): void {
    for (let i = 0; i < length; i++) {
      const x = pcm[i]!;
      const y =
        0.92727436 * x -
        1.8544941 * this.x1 +
        0.92727436 * this.x2 +
        1.9059465 * this.y1 -
        0.9114024 * this.y2;
      this.x2 = this.x1;
      this.x1 = x;
      this.y2 = this.y1;
      this.y1 = y;
      out[i] = y;
    }
  }
  reset(): void {
    this.x1 = this.x2 = this.y1 = this.y2 = 0;
  }
}

const windowed = new Float64Array(BLOCKL_MAX);
const r = new Float64Array(ORDER + 1);
const a = new Float64Array(ORDER + 1);
const tmpA = new Float64Array(ORDER + 1);

/** LPC coefficients a[0..10] (a[0] = 1) of `buf[at .. at + 240)` under `win`, bandwidth-expanded by 0.9025. */
export function lpcAnalysis(buf: Float64Array, at: number, win: Float64Array, out: Float64Array): void {
  for (let i = 0; i < BLOCKL_MAX; i++) windowed[i] = buf[at + i]! * win[i]!;
  for (let lag = 0; lag <= ORDER; lag++) {
    let s = 0;
    for (let i = lag; i < BLOCKL_MAX; i++) s += windowed[i]! * windowed[i - lag]!;
    r[lag] = s * LAG_WIN[lag]!;
  }
  a.fill(0);
  a[0] = 1;
  if (r[0]! > 1e-10) {
    // Levinson-Durbin recursion.
    let err = r[0]!;
    for (let m = 1; m <= ORDER && err > 0; m++) {
      let acc = r[m]!;
      for (let j = 1; j < m; j++) acc += a[j]! * r[m - j]!;
      const k = -acc / err;
      tmpA.set(a);
      for (let j = 1; j < m; j++) a[j] = tmpA[j]! + k * tmpA[m - j]!;
      a[m] = k;
      err *= 1 - k * k;
    }
  }
  let c = 1;
  for (let i = 0; i <= ORDER; i++, c *= CHIRP_SYNT) out[i] = a[i]! * c;
}

const GRID = 512;
const gridCos = Float64Array.from({ length: (GRID + 1) * 6 }, (_, i) =>
  Math.cos((i % 6) * ((Math.floor(i / 6) * Math.PI) / GRID)),
);
const p = new Float64Array(6);
const q = new Float64Array(6);

/** Evaluates the symmetric order-10 polynomial with half-coefficients `c` at frequency w (radians). */
function evalSym(c: Float64Array, w: number): number {
  let s = c[5]!;
  for (let k = 0; k < 5; k++) s += 2 * c[k]! * Math.cos((5 - k) * w);
  return s;
}

function evalSymGrid(c: Float64Array, g: number): number {
  let s = c[5]!;
  const base = g * 6;
  for (let k = 0; k < 5; k++) s += 2 * c[k]! * gridCos[base + 5 - k]!;
  return s;
}

/**
 * LSFs (radians, ascending) of the LPC polynomial `lpc`: the roots of the sum and
 * difference polynomials on the unit circle, found on a grid and refined by
 * bisection. Returns false if fewer than 10 roots are found.
 */
export function lpcToLsf(lpc: Float64Array, lsf: Float64Array, lsfAt: number): boolean {
  // P(z) = A(z) + z^-11 A(1/z) divided by (1 + z^-1); Q(z) = A(z) - z^-11 A(1/z) divided by (1 - z^-1).
  let pp = 0;
  let qq = 0;
  for (let i = 0; i <= 5; i++) {
    const mirror = i === 0 ? 0 : lpc[ORDER + 1 - i]!;
    pp = lpc[i]! + mirror - pp;
    qq = lpc[i]! - mirror + qq;
    p[i] = pp;
    q[i] = qq;
  }
  // The roots of P and Q interlace, P first; each has 5 in (0, pi).
  const np = roots(p, lsf, lsfAt, 0);
  const nq = roots(q, lsf, lsfAt, 1);
  if (np !== 5 || nq !== 5) return false;
  lsf.subarray(lsfAt, lsfAt + ORDER).sort();
  return true;
}

function roots(c: Float64Array, lsf: Float64Array, lsfAt: number, first: number): number {
  let found = 0;
  let prev = evalSymGrid(c, 0);
  for (let g = 1; g <= GRID && found < 5; g++) {
    const cur = evalSymGrid(c, g);
    if ((prev < 0 && cur >= 0) || (prev > 0 && cur <= 0)) {
      let lo = ((g - 1) * Math.PI) / GRID;
      let hi = (g * Math.PI) / GRID;
      let flo = prev;
      for (let it = 0; it < 16; it++) {
        const mid = 0.5 * (lo + hi);
        const fm = evalSym(c, mid);
        if (flo * fm <= 0) hi = mid;
        else {
          lo = mid;
          flo = fm;
        }
      }
      lsf[lsfAt + first + 2 * found] = 0.5 * (lo + hi);
      found++;
    }
    prev = cur;
  }
  return found;
}

/** Split VQ of one LSF vector (radians) against the Q13 codebook: writes 3 indices. */
export function quantizeLsf(lsf: Float64Array, lsfAt: number, index: Int16Array, indexAt: number): void {
  let pos = 0;
  let cbPos = 0;
  for (let s = 0; s < 3; s++) {
    const dim = LSF_DIM[s]!;
    let best = 0;
    let bestErr = Number.POSITIVE_INFINITY;
    for (let e = 0; e < LSF_SIZE[s]!; e++) {
      let err = 0;
      for (let j = 0; j < dim; j++) {
        const d = lsf[lsfAt + pos + j]! * 8192 - LSF_CB[cbPos + e * dim + j]!;
        err += d * d;
      }
      if (err < bestErr) {
        bestErr = err;
        best = e;
      }
    }
    index[indexAt + s] = best;
    pos += dim;
    cbPos += LSF_SIZE[s]! * dim;
  }
}
