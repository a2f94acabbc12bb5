import { RealFft } from './fft.js';

/** Options of {@link EchoCanceller}. */
export interface EchoCancellerOptions {
  readonly sampleRate: number;
  /** Samples per `process` call (a 20 ms frame); must be a multiple of 8. */
  readonly frameSamples: number;
  /**
   * Echo tail the filter covers, ms (default 128). It must cover the sound card's
   * playback-to-capture delay plus the room's reverberation that matters.
   */
  readonly tailMs?: number;
  /** Adaptation step, 0 < mu <= 1 (default 0.5): larger converges faster, smaller is steadier. */
  readonly stepSize?: number;
  /**
   * Geigel double-talk threshold (default 0.7, i.e. the echo path is assumed to lose at
   * least 3 dB): when the microphone peak exceeds this fraction of the far end's recent
   * peak, the near end is talking and adaptation pauses.
   */
  readonly doubleTalkThreshold?: number;
}

/**
 * Acoustic echo canceller: a partitioned-block frequency-domain adaptive filter
 * (overlap-save, gradient-constrained, normalised per frequency bin by the far end's
 * power over the whole tail), with a Geigel double-talk detector that freezes
 * adaptation while the near end speaks, and a guard that never lets the output carry
 * more energy than the microphone did. All state is allocated at construction.
 */
export class EchoCanceller {
  /** Internal block length (samples); the frame is processed in frame/block steps. */
  readonly blockSize: number;
  /** Number of filter partitions (tail / block). */
  readonly partitions: number;
  readonly #fft: RealFft;
  readonly #bins: number;
  readonly #mu: number;
  readonly #dtd: number;
  readonly #xr: Float64Array; // far-end spectra, partition-major ring
  readonly #xi: Float64Array;
  readonly #wr: Float64Array; // filter spectra
  readonly #wi: Float64Array;
  readonly #pow: Float64Array; // sum over partitions of |X_k|^2 per bin
  readonly #blockPeak: Float64Array; // far-end peak per block, same ring as spectra
  readonly #xbuf: Float64Array;
  readonly #t: Float64Array;
  readonly #yr: Float64Array;
  readonly #yi: Float64Array;
  readonly #er: Float64Array;
  readonly #ei: Float64Array;
  readonly #gr: Float64Array;
  readonly #gi: Float64Array;
  readonly #e: Float64Array;
  readonly #delta: number;
  #head = 0;
  #hold = 0;
  #held = 0;
  #erleAvg = 0;
  readonly #maxHold: number;
  #adapting = false;

  constructor(options: EchoCancellerOptions) {
    const frame = options.frameSamples;
    if (!Number.isInteger(frame) || frame % 8 !== 0) throw new RangeError(`AEC: frame of ${frame} samples`);
    let b = 8;
    while (b < 64 && frame % (b * 2) === 0) b *= 2;
    this.blockSize = b;
    const tail = Math.round((options.sampleRate * (options.tailMs ?? 128)) / 1000);
    this.partitions = Math.max(1, Math.ceil(tail / b));
    this.#fft = new RealFft(2 * b);
    const bins = b + 1;
    this.#bins = bins;
    this.#mu = options.stepSize ?? 0.5;
    this.#dtd = options.doubleTalkThreshold ?? 0.7;
    this.#maxHold = Math.round((1.5 * options.sampleRate) / b);
    const p = this.partitions;
    this.#xr = new Float64Array(p * bins);
    this.#xi = new Float64Array(p * bins);
    this.#wr = new Float64Array(p * bins);
    this.#wi = new Float64Array(p * bins);
    this.#pow = new Float64Array(bins);
    this.#blockPeak = new Float64Array(p);
    this.#xbuf = new Float64Array(2 * b);
    this.#t = new Float64Array(2 * b);
    this.#yr = new Float64Array(bins);
    this.#yi = new Float64Array(bins);
    this.#er = new Float64Array(bins);
    this.#ei = new Float64Array(bins);
    this.#gr = new Float64Array(bins);
    this.#gi = new Float64Array(bins);
    this.#e = new Float64Array(b);
    // Regularisation: the power of a far end at about -70 dBFS, so silence does not
    // turn the normalisation into a division by zero.
    this.#delta = p * 2 * b * 10 * 10;
  }

  /** True when the last block adapted the filter (no double talk, far end active). */
  get adapting(): boolean {
    return this.#adapting;
  }

  /** Forgets the echo path (after a device change, for example). */
  reset(): void {
    for (const a of [this.#xr, this.#xi, this.#wr, this.#wi, this.#pow, this.#blockPeak, this.#xbuf])
      a.fill(0);
    this.#hold = 0;
    this.#held = 0;
    this.#erleAvg = 0;
  }

  /**
   * Removes the echo of `far` (what was sent to the speaker for this frame) from `mic`,
   * writing the result to `out` (which may be `mic`).
   */
  process(mic: Int16Array, far: Int16Array, out: Int16Array): void {
    const b = this.blockSize;
    for (let at = 0; at + b <= mic.length; at += b) this.#block(mic, far, out, at);
  }

  #block(mic: Int16Array, far: Int16Array, out: Int16Array, at: number): void {
    const b = this.blockSize;
    const bins = this.#bins;
    const p = this.partitions;
    const fft = this.#fft;
    const xbuf = this.#xbuf;
    // 1. Newest far-end block enters; its spectrum replaces the oldest partition.
    let peak = 0;
    for (let i = 0; i < b; i++) {
      xbuf[i] = xbuf[b + i]!;
      const v = far[at + i]!;
      xbuf[b + i] = v;
      if (Math.abs(v) > peak) peak = Math.abs(v);
    }
    this.#head = (this.#head + p - 1) % p;
    const h0 = this.#head * bins;
    const xr = this.#xr;
    const xi = this.#xi;
    for (let k = 0; k < bins; k++) this.#pow[k] = this.#pow[k]! - xr[h0 + k]! ** 2 - xi[h0 + k]! ** 2;
    fft.forward(xbuf, this.#yr, this.#yi);
    xr.set(this.#yr, h0);
    xi.set(this.#yi, h0);
    for (let k = 0; k < bins; k++)
      this.#pow[k] = Math.max(0, this.#pow[k]! + xr[h0 + k]! ** 2 + xi[h0 + k]! ** 2);
    this.#blockPeak[this.#head] = peak;

    // 2. Echo estimate Y = sum_k W_k X_k; its last b samples are valid (overlap-save).
    const yr = this.#yr.fill(0);
    const yi = this.#yi.fill(0);
    const wr = this.#wr;
    const wi = this.#wi;
    for (let part = 0; part < p; part++) {
      const xo = ((this.#head + part) % p) * bins;
      const wo = part * bins;
      for (let k = 0; k < bins; k++) {
        const a = xr[xo + k]!;
        const c = xi[xo + k]!;
        const w = wr[wo + k]!;
        const z = wi[wo + k]!;
        yr[k] = yr[k]! + a * w - c * z;
        yi[k] = yi[k]! + a * z + c * w;
      }
    }
    const t = this.#t;
    fft.inverse(yr, yi, t);
    const e = this.#e;
    let micPeak = 0;
    let micEnergy = 0;
    let errEnergy = 0;
    for (let i = 0; i < b; i++) {
      const d = mic[at + i]!;
      e[i] = d - t[b + i]!;
      micEnergy += d * d;
      errEnergy += e[i]! ** 2;
      if (Math.abs(d) > micPeak) micPeak = Math.abs(d);
    }

    // 3. Spectrum of the error, framed as overlap-save wants it (first half zero).
    const er = this.#er;
    const ei = this.#ei;
    t.fill(0, 0, b);
    t.set(e, b);
    fft.forward(t, er, ei);

    // 4. Double talk. Geigel: a microphone peak above a fraction of the far end's recent
    // peak. And once the filter works: a block whose echo reduction falls far below the
    // running average is near-end speech, not echo. A hold longer than 1.5 s is taken
    // for an echo path change instead, and adaptation resumes.
    let farPeak = 0;
    for (let i = 0; i < p; i++) if (this.#blockPeak[i]! > farPeak) farPeak = this.#blockPeak[i]!;
    const farActive = farPeak > 30;
    const blockErle = 10 * Math.log10((micEnergy + 1) / (errEnergy + 1));
    const suspicious =
      micPeak > this.#dtd * farPeak || (this.#erleAvg > 10 && blockErle < this.#erleAvg - 15 && farActive);
    if (suspicious && this.#held < this.#maxHold) this.#hold = Math.ceil(p / 2) + 4;
    else if (this.#hold > 0) this.#hold--;
    this.#held = this.#hold > 0 ? this.#held + 1 : 0;
    if (this.#held >= 2 * this.#maxHold) this.#held = 0;
    this.#adapting = farActive && this.#hold === 0;
    if (this.#adapting && micEnergy > b * 100 * 100) this.#erleAvg += 0.05 * (blockErle - this.#erleAvg);

    // 5. Output, never louder than the microphone (a diverged filter must not add echo).
    const useErr = errEnergy <= micEnergy;
    for (let i = 0; i < b; i++) {
      const v = useErr ? e[i]! : mic[at + i]!;
      out[at + i] = v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
    }
    if (this.#adapting) this.#adapt();
  }

  /** W_k += constrain(step * conj(X_k) E / (sum |X|^2 + delta)) for every partition. */
  #adapt(): void {
    const b = this.blockSize;
    const bins = this.#bins;
    const p = this.partitions;
    const fft = this.#fft;
    const t = this.#t;
    const er = this.#er;
    const ei = this.#ei;
    for (let k = 0; k < bins; k++) {
      const s = this.#mu / (this.#pow[k]! + this.#delta);
      er[k] = er[k]! * s;
      ei[k] = ei[k]! * s;
    }
    const gr = this.#gr;
    const gi = this.#gi;
    for (let part = 0; part < p; part++) {
      const xo = ((this.#head + part) % p) * bins;
      const wo = part * bins;
      for (let k = 0; k < bins; k++) {
        const a = this.#xr[xo + k]!;
        const c = -this.#xi[xo + k]!; // conjugate
        gr[k] = a * er[k]! - c * ei[k]!;
        gi[k] = a * ei[k]! + c * er[k]!;
      }
      // Gradient constraint: keep the first half of the impulse response only, so each
      // partition stays a linear (not circular) convolution.
      fft.inverse(gr, gi, t);
      t.fill(0, b);
      fft.forward(t, gr, gi);
      for (let k = 0; k < bins; k++) {
        this.#wr[wo + k] = this.#wr[wo + k]! + gr[k]!;
        this.#wi[wo + k] = this.#wi[wo + k]! + gi[k]!;
      }
    }
  }
}
