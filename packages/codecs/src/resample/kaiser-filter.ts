/**
 * Windowed-sinc low-pass design with a Kaiser window (J. F. Kaiser, "Nonrecursive
 * digital filter design using the I0-sinh window function", 1974), and the
 * measurement of a designed filter's passband ripple and stopband attenuation.
 * Frequencies are in cycles per sample of the rate the filter runs at (0 .. 0.5).
 */

/** Specification of a low-pass filter. */
export interface LowpassSpec {
  /** Upper edge of the passband. */
  readonly passband: number;
  /** Lower edge of the stopband. */
  readonly stopband: number;
  /** Stopband attenuation to design for, in dB. */
  readonly attenuationDb: number;
  /** Number of taps; default Kaiser's estimate for the attenuation and transition width. */
  readonly taps?: number;
}

/** Zeroth-order modified Bessel function of the first kind (power series). */
export function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Kaiser's beta for a stopband attenuation in dB. */
export function kaiserBeta(attenuationDb: number): number {
  const a = attenuationDb;
  if (a > 50) return 0.1102 * (a - 8.7);
  if (a >= 21) return 0.5842 * (a - 21) ** 0.4 + 0.07886 * (a - 21);
  return 0;
}

/** Kaiser's estimate of the number of taps for an attenuation and a transition width. */
export function kaiserLength(attenuationDb: number, transition: number): number {
  return Math.ceil((attenuationDb - 7.95) / (14.36 * transition)) + 1;
}

/**
 * Designs a linear-phase low-pass FIR filter with unit gain at DC, cut off
 * half way between the passband and stopband edges. Returns the taps.
 */
export function designLowpass(spec: LowpassSpec): Float64Array {
  const { passband, stopband, attenuationDb } = spec;
  if (!(passband > 0 && stopband > passband && stopband <= 0.5)) {
    throw new RangeError('need 0 < passband < stopband <= 0.5');
  }
  const n = spec.taps ?? kaiserLength(attenuationDb, stopband - passband);
  const beta = kaiserBeta(attenuationDb);
  const fc = (passband + stopband) / 2;
  const mid = (n - 1) / 2;
  const i0b = besselI0(beta);
  const h = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = i - mid;
    const sinc = x === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x);
    const r = x / mid;
    const w = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b;
    h[i] = sinc * w;
    sum += h[i]!;
  }
  for (let i = 0; i < n; i++) h[i] = h[i]! / sum;
  return h;
}

/** Magnitude of the frequency response of `h` at frequency `f` (cycles per sample). */
export function magnitudeAt(h: ArrayLike<number>, f: number): number {
  let re = 0;
  let im = 0;
  const w = 2 * Math.PI * f;
  for (let i = 0; i < h.length; i++) {
    re += h[i]! * Math.cos(w * i);
    im -= h[i]! * Math.sin(w * i);
  }
  return Math.hypot(re, im);
}

/** Measured figures of a low-pass filter, relative to its gain at DC. */
export interface FilterFigures {
  /** Peak-to-peak passband ripple in dB. */
  readonly passbandRippleDb: number;
  /** Smallest attenuation anywhere in the stopband, in dB (positive). */
  readonly stopbandAttenuationDb: number;
}

/** Measures ripple over [0, passband] and attenuation over [stopband, 0.5] on a dense grid. */
export function measureLowpass(
  h: ArrayLike<number>,
  passband: number,
  stopband: number,
  points = 2000,
): FilterFigures {
  const dc = magnitudeAt(h, 0);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k <= points; k++) {
    const g = 20 * Math.log10(magnitudeAt(h, (passband * k) / points) / dc);
    lo = Math.min(lo, g);
    hi = Math.max(hi, g);
  }
  let worst = Number.NEGATIVE_INFINITY;
  for (let k = 0; k <= points; k++) {
    const f = stopband + ((0.5 - stopband) * k) / points;
    worst = Math.max(worst, 20 * Math.log10(magnitudeAt(h, f) / dc));
  }
  return { passbandRippleDb: hi - lo, stopbandAttenuationDb: -worst };
}
