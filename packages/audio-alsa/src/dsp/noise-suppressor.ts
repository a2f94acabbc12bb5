import { RealFft } from './fft.js';

/** Options of {@link NoiseSuppressor}. */
export interface NoiseSuppressorOptions {
  readonly sampleRate: number;
  /** Samples per `process` call; must be even (it is split in two hops). */
  readonly frameSamples: number;
  /** Most the gain may take off a bin, dB (default 15): more removes more noise and more speech. */
  readonly maxAttenuationDb?: number;
}

/** Sub-windows of the minimum-statistics noise tracker, and hops per sub-window. */
const SUBWINDOWS = 8;
const SUBWINDOW_MS = 190; // 8 x 190 ms: the noise floor is the minimum of the last 1.5 s
/** Residual echo is taken this many times its expected power: it fluctuates, and must not leak. */
const ECHO_OVERSUBTRACTION = 3;
/** Minimum statistics underestimate the mean noise power; this compensates (about 2 dB). */
const MIN_BIAS = 1.6;

/**
 * Noise suppression by short-time spectral gain: a Wiener gain with a decision-directed
 * a-priori SNR (Ephraim and Malah), over a noise spectrum tracked by minimum statistics
 * (the smoothed power's minimum over the last 1.5 s, so it follows changing noise but not
 * speech). Square-root Hann windows with 50% overlap-add, half a frame per hop, so the
 * delay added is half a frame (10 ms at 20 ms frames).
 */
export class NoiseSuppressor {
  /** Delay the suppressor adds, in samples. */
  readonly latencySamples: number;
  readonly #hop: number;
  readonly #fft: RealFft;
  readonly #win: Float64Array;
  readonly #floor: number;
  readonly #in: Float64Array; // last 2 hops of input
  readonly #ola: Float64Array; // second half of the previous windowed output
  readonly #t: Float64Array;
  readonly #re: Float64Array;
  readonly #im: Float64Array;
  readonly #smooth: Float64Array;
  readonly #noise: Float64Array;
  readonly #echoIn: Float64Array;
  readonly #echoPow: Float64Array;
  #echoShare = 0;
  readonly #prevClean: Float64Array;
  readonly #curMin: Float64Array;
  readonly #subMins: Float64Array;
  readonly #hopsPerSub: number;
  #hopInSub = 0;
  #sub = 0;
  #subsFilled = 0;
  #hops = 0;

  constructor(options: NoiseSuppressorOptions) {
    const frame = options.frameSamples;
    if (!Number.isInteger(frame) || frame % 2 !== 0) throw new RangeError(`NS: frame of ${frame} samples`);
    const hop = frame / 2;
    this.#hop = hop;
    this.latencySamples = hop;
    let n = 4;
    while (n < 2 * hop) n *= 2;
    this.#fft = new RealFft(n);
    const bins = this.#fft.bins;
    // Periodic sqrt-Hann: analysis x synthesis = Hann, which sums to 1 at 50% overlap.
    this.#win = Float64Array.from({ length: 2 * hop }, (_, i) =>
      Math.sqrt(0.5 - 0.5 * Math.cos((Math.PI * i) / hop)),
    );
    this.#floor = 10 ** (-(options.maxAttenuationDb ?? 15) / 20);
    this.#in = new Float64Array(2 * hop);
    this.#ola = new Float64Array(hop);
    this.#t = new Float64Array(n);
    this.#re = new Float64Array(bins);
    this.#im = new Float64Array(bins);
    this.#smooth = new Float64Array(bins);
    this.#noise = new Float64Array(bins);
    this.#echoIn = new Float64Array(2 * hop);
    this.#echoPow = new Float64Array(bins);
    this.#prevClean = new Float64Array(bins);
    this.#curMin = new Float64Array(bins).fill(Number.POSITIVE_INFINITY);
    this.#subMins = new Float64Array(bins * SUBWINDOWS).fill(Number.POSITIVE_INFINITY);
    this.#hopsPerSub = Math.max(1, Math.round((options.sampleRate * SUBWINDOW_MS) / 1000 / hop));
  }

  /**
   * Denoises one frame of `input` into `out` (which may be `input`), delayed by
   * `latencySamples`. With `echo` (an echo canceller's estimate of what it removed from
   * this frame, and the share of that power it expects left over), the residual echo is
   * suppressed like noise: it is added, per bin, to the noise the gain works against.
   */
  process(
    input: Int16Array,
    out: Int16Array,
    echo?: { readonly estimate: Float64Array; readonly residual: number },
  ): void {
    const hop = this.#hop;
    if (input.length !== 2 * hop || out.length !== 2 * hop) {
      throw new RangeError(`NS: frames of ${2 * hop} samples, got ${input.length}`);
    }
    this.#echoShare = echo ? echo.residual * ECHO_OVERSUBTRACTION : 0;
    for (let at = 0; at + hop <= input.length; at += hop) {
      if (echo) this.#echoSpectrum(echo.estimate, at);
      this.#hopStep(input, out, at);
    }
  }

  /** |FFT|^2 of the windowed echo estimate, over the same two hops as the input. */
  #echoSpectrum(estimate: Float64Array, at: number): void {
    const hop = this.#hop;
    const buf = this.#echoIn;
    const t = this.#t;
    for (let i = 0; i < hop; i++) {
      buf[i] = buf[hop + i]!;
      buf[hop + i] = estimate[at + i]!;
    }
    t.fill(0);
    for (let i = 0; i < 2 * hop; i++) t[i] = buf[i]! * this.#win[i]!;
    this.#fft.forward(t, this.#re, this.#im);
    for (let k = 0; k < this.#echoPow.length; k++) this.#echoPow[k] = this.#re[k]! ** 2 + this.#im[k]! ** 2;
  }

  #hopStep(input: Int16Array, out: Int16Array, at: number): void {
    const hop = this.#hop;
    const buf = this.#in;
    const t = this.#t;
    const win = this.#win;
    for (let i = 0; i < hop; i++) {
      buf[i] = buf[hop + i]!;
      buf[hop + i] = input[at + i]!;
    }
    t.fill(0);
    for (let i = 0; i < 2 * hop; i++) t[i] = buf[i]! * win[i]!;
    const re = this.#re;
    const im = this.#im;
    this.#fft.forward(t, re, im);
    this.#track(re, im);
    this.#applyGain(re, im);
    this.#fft.inverse(re, im, t);
    for (let i = 0; i < hop; i++) {
      const v = this.#ola[i]! + t[i]! * win[i]!;
      out[at + i] = v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
      this.#ola[i] = t[hop + i]! * win[hop + i]!;
    }
    this.#hops++;
  }

  /** Minimum statistics: smoothed power, its running minimum per sub-window, min of those. */
  #track(re: Float64Array, im: Float64Array): void {
    const bins = re.length;
    const first = this.#hops === 0;
    for (let k = 0; k < bins; k++) {
      const p = re[k]! ** 2 + im[k]! ** 2;
      const s = first ? p : 0.7 * this.#smooth[k]! + 0.3 * p;
      this.#smooth[k] = s;
      if (s < this.#curMin[k]!) this.#curMin[k] = s;
    }
    if (++this.#hopInSub === this.#hopsPerSub) {
      this.#hopInSub = 0;
      this.#subMins.set(this.#curMin, this.#sub * bins);
      this.#sub = (this.#sub + 1) % SUBWINDOWS;
      this.#subsFilled = Math.min(SUBWINDOWS, this.#subsFilled + 1);
      this.#curMin.set(this.#smooth);
    }
    for (let k = 0; k < bins; k++) {
      let m = this.#curMin[k]!;
      for (let j = 0; j < this.#subsFilled; j++) m = Math.min(m, this.#subMins[j * bins + k]!);
      this.#noise[k] = MIN_BIAS * m + 1e-3;
    }
  }

  /** Wiener gain with the decision-directed a-priori SNR (alpha 0.98), floored. */
  #applyGain(re: Float64Array, im: Float64Array): void {
    for (let k = 0; k < re.length; k++) {
      const p = re[k]! ** 2 + im[k]! ** 2;
      const n = this.#noise[k]! + this.#echoShare * this.#echoPow[k]!;
      const post = p / n;
      const prio = 0.98 * (this.#prevClean[k]! / n) + 0.02 * Math.max(post - 1, 0);
      let g = prio / (1 + prio);
      if (g < this.#floor) g = this.#floor;
      this.#prevClean[k] = g * g * p;
      re[k] = re[k]! * g;
      im[k] = im[k]! * g;
    }
  }
}
