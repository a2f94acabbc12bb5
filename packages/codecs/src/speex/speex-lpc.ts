/**
 * Narrowband LPC analysis: windowing, autocorrelation, Levinson-Durbin, LPC to
 * LSP root search and the weighted-synthesis impulse response (libspeex lpc.c,
 * lsp.c, filters.c, window.c; float build).
 */

/** Lag window (Gaussian, applied to the autocorrelation). */
export const LAG_WINDOW = Float32Array.of(
  1.0,
  0.99716,
  0.98869,
  0.97474,
  0.95554,
  0.9314,
  0.90273,
  0.86998,
  0.83367,
  0.79434,
  0.75258,
);

/** Asymmetric 200-sample analysis window (the frame plus one sub-frame of look-back). */
// biome-ignore format: table
export const LPC_WINDOW = Float32Array.of(
  0.08, 0.080158, 0.08063, 0.081418, 0.08252, 0.083935, 0.085663, 0.087703, 0.090052, 0.09271,
  0.095674, 0.098943, 0.102514, 0.106385, 0.110553, 0.115015, 0.119769, 0.124811, 0.130137, 0.135744,
  0.141628, 0.147786, 0.154212, 0.160902, 0.167852, 0.175057, 0.182513, 0.190213, 0.198153, 0.206328,
  0.214731, 0.223357, 0.2322, 0.241254, 0.250513, 0.25997, 0.269619, 0.279453, 0.289466, 0.299651,
  0.31, 0.320507, 0.331164, 0.341965, 0.352901, 0.363966, 0.375151, 0.386449, 0.397852, 0.409353,
  0.420943, 0.432615, 0.444361, 0.456172, 0.46804, 0.479958, 0.491917, 0.503909, 0.515925, 0.527959,
  0.54, 0.552041, 0.564075, 0.576091, 0.588083, 0.600042, 0.61196, 0.623828, 0.635639, 0.647385,
  0.659057, 0.670647, 0.682148, 0.693551, 0.704849, 0.716034, 0.727099, 0.738035, 0.748836, 0.759493,
  0.77, 0.780349, 0.790534, 0.800547, 0.810381, 0.82003, 0.829487, 0.838746, 0.8478, 0.856643,
  0.865269, 0.873672, 0.881847, 0.889787, 0.897487, 0.904943, 0.912148, 0.919098, 0.925788, 0.932214,
  0.938372, 0.944256, 0.949863, 0.955189, 0.960231, 0.964985, 0.969447, 0.973615, 0.977486, 0.981057,
  0.984326, 0.98729, 0.989948, 0.992297, 0.994337, 0.996065, 0.99748, 0.998582, 0.99937, 0.999842,
  1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
  1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
  1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
  1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
  1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
  1.0, 0.99864, 0.994566, 0.987787, 0.978324, 0.966203, 0.951458, 0.934131, 0.91427, 0.891931,
  0.867179, 0.840084, 0.810723, 0.779182, 0.745551, 0.70993, 0.672424, 0.633148, 0.592223, 0.549781,
  0.505964, 0.460932, 0.414863, 0.367968, 0.320511, 0.272858, 0.225569, 0.179655, 0.137254, 0.103524,
);

/** Autocorrelation ac[0..lag) of x[0..n), plus a small noise floor on ac[0]. */
export function autocorr(x: Float32Array, ac: Float32Array, lag: number, n: number): void {
  for (let l = lag - 1; l >= 0; l--) {
    let d = 0;
    for (let i = l; i < n; i++) d += x[i]! * x[i - l]!;
    ac[l] = d;
  }
  ac[0] = ac[0]! + 10;
}

/** Levinson-Durbin recursion: LPC a1..ap from ac[0..p]; returns the prediction error. */
export function levinson(lpc: Float32Array, ac: Float32Array, p: number): number {
  let error = ac[0]!;
  for (let i = 0; i < p; i++) {
    let rr = -ac[i + 1]!;
    for (let j = 0; j < i; j++) rr -= lpc[j]! * ac[i - j]!;
    // The small bias keeps the recursion stable on near-singular input.
    const r = rr / (error + 0.003 * ac[0]!);
    lpc[i] = r;
    for (let j = 0; j < (i + 1) >> 1; j++) {
      const t1 = lpc[j]!;
      const t2 = lpc[i - 1 - j]!;
      lpc[j] = t1 + r * t2;
      lpc[i - 1 - j] = t2 + r * t1;
    }
    error -= r * r * error;
  }
  return error;
}

// Chebyshev series evaluation of P'(x) or Q'(x) (coefficients c[0..m]).
function chebPolyEva(c: Float64Array, co: number, x: number, m: number): number {
  let b0 = 0;
  let b1 = 0;
  const x2 = 2 * x;
  for (let k = m; k > 0; k--) {
    const t = b0;
    b0 = x2 * b0 - b1 + c[co + m - k]!;
    b1 = t;
  }
  return -b1 + 0.5 * x2 * b0 + c[co + m]!;
}

/**
 * LPC to LSP (radians) by searching the roots of the symmetric and
 * antisymmetric polynomials on a grid of step `delta` in cos(w), refined by
 * `nb` bisections. Returns the number of roots found (order when all are).
 * `work` needs 2 * (order/2 + 1) entries.
 */
export function lpcToLsp(
  a: Float32Array,
  order: number,
  freq: Float32Array,
  nb: number,
  delta: number,
  work: Float64Array,
): number {
  const m = order >> 1;
  const P = 0;
  const Q = m + 1;
  work[P] = 1;
  work[Q] = 1;
  for (let i = 0; i < m; i++) {
    work[P + i + 1] = a[i]! + a[order - 1 - i]! - work[P + i]!;
    work[Q + i + 1] = a[i]! - a[order - 1 - i]! + work[Q + i]!;
  }
  for (let i = 0; i < m; i++) {
    work[P + i] = 2 * work[P + i]!;
    work[Q + i] = 2 * work[Q + i]!;
  }
  let roots = 0;
  let xl = 1;
  let xr = 0;
  let xm = 0;
  for (let j = 0; j < order; j++) {
    const pt = j & 1 ? Q : P;
    let psuml = chebPolyEva(work, pt, xl, m);
    while (xr >= -1) {
      // Finer steps near x = +-1 where the roots crowd.
      let dd = delta * (1 - 0.9 * xl * xl);
      if (Math.abs(psuml) < 0.2) dd *= 0.5;
      xr = xl - dd;
      let psumr = chebPolyEva(work, pt, xr, m);
      const tempPsumr = psumr;
      const tempXr = xr;
      if (psumr * psuml < 0) {
        roots++;
        for (let k = 0; k <= nb; k++) {
          xm = 0.5 * (xl + xr);
          const psumm = chebPolyEva(work, pt, xm, m);
          if (!(psumm * psuml < 0)) {
            psuml = psumm;
            xl = xm;
          } else {
            psumr = psumm;
            xr = xm;
          }
        }
        freq[j] = Math.acos(xm);
        xl = xm;
        break;
      }
      psuml = tempPsumr;
      xl = tempXr;
    }
  }
  return roots;
}

/**
 * Impulse response of A(z/g1) / (A(z/g2) A(z)) truncated to n samples
 * (the weighted synthesis filter used by the codebook searches).
 */
export function computeImpulseResponse(
  ak: Float32Array,
  awk1: Float32Array,
  awk2: Float32Array,
  y: Float32Array,
  n: number,
  order: number,
  mem1: Float32Array,
  mem2: Float32Array,
): void {
  y[0] = 1;
  for (let i = 0; i < order; i++) y[i + 1] = awk1[i]!;
  for (let i = order + 1; i < n; i++) y[i] = 1e-15;
  mem1.fill(0, 0, order);
  mem2.fill(0, 0, order);
  for (let i = 0; i < n; i++) {
    const y1 = y[i]! + mem1[0]!;
    const ny1 = -y1;
    const yi = y1 + mem2[0]!;
    y[i] = yi;
    const ny2 = -yi;
    for (let j = 0; j < order - 1; j++) {
      mem1[j] = mem1[j + 1]! + awk2[j]! * ny1;
      mem2[j] = mem2[j + 1]! + ak[j]! * ny2;
    }
    mem1[order - 1] = awk2[order - 1]! * ny1;
    mem2[order - 1] = ak[order - 1]! * ny2;
  }
}
