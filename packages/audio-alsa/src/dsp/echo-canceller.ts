import { RealFft } from './fft.js';
import { PartitionedFilter } from './partitioned-filter.js';

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
 * Acoustic echo canceller: partitioned-block frequency-domain adaptive filters
 * (overlap-save, gradient-constrained, step normalised per frequency bin by the far end's
 * power over the whole tail), in the two-filter arrangement. The foreground filter makes
 * the output and adapts only when no double talk is detected (Geigel on peaks, and a
 * block whose echo reduction falls 15 dB below the running average). The background
 * filter adapts always: when it has cancelled clearly better for 50 ms the echo path has
 * changed and the foreground takes its weights; when it diverges (double talk) it takes
 * the foreground's. The output never carries more energy than the microphone did. All
 * state is allocated at construction.
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
  readonly #fg: PartitionedFilter;
  readonly #bg: PartitionedFilter;
  readonly #x: { readonly xr: Float64Array; readonly xi: Float64Array; head: number };
  readonly #pow: Float64Array; // sum over partitions of |X_k|^2 per bin
  readonly #blockPeak: Float64Array; // far-end peak per block, same ring as the spectra
  readonly #xbuf: Float64Array;
  readonly #yr: Float64Array;
  readonly #yi: Float64Array;
  readonly #er: Float64Array;
  readonly #ei: Float64Array;
  readonly #scratch: { readonly t: Float64Array; readonly gr: Float64Array; readonly gi: Float64Array };
  readonly #ef: Float64Array; // foreground error, this block
  readonly #echo: Float64Array; // what the output has had taken out, this frame
  readonly #eb: Float64Array; // background error
  readonly #delta: number;
  readonly #avgRate: number;
  readonly #switchBlocks: number;
  #hold = 0;
  #erleAvg = 0;
  #efAvg = 0;
  #ebAvg = 0;
  #better = 0;
  #adapting = false;
  #switches = 0;

  constructor(options: EchoCancellerOptions) {
    const frame = options.frameSamples;
    if (!Number.isInteger(frame) || frame % 8 !== 0) throw new RangeError(`AEC: frame of ${frame} samples`);
    let b = 8;
    while (b < 64 && frame % (b * 2) === 0) b *= 2;
    this.blockSize = b;
    const tail = Math.round((options.sampleRate * (options.tailMs ?? 128)) / 1000);
    const p = Math.max(1, Math.ceil(tail / b));
    this.partitions = p;
    this.#fft = new RealFft(2 * b);
    const bins = b + 1;
    this.#bins = bins;
    this.#mu = options.stepSize ?? 0.5;
    this.#dtd = options.doubleTalkThreshold ?? 0.7;
    this.#fg = new PartitionedFilter(p, bins);
    this.#bg = new PartitionedFilter(p, bins);
    this.#x = { xr: new Float64Array(p * bins), xi: new Float64Array(p * bins), head: 0 };
    this.#pow = new Float64Array(bins);
    this.#blockPeak = new Float64Array(p);
    this.#xbuf = new Float64Array(2 * b);
    this.#yr = new Float64Array(bins);
    this.#yi = new Float64Array(bins);
    this.#er = new Float64Array(bins);
    this.#ei = new Float64Array(bins);
    this.#scratch = { t: new Float64Array(2 * b), gr: new Float64Array(bins), gi: new Float64Array(bins) };
    this.#ef = new Float64Array(b);
    this.#echo = new Float64Array(frame);
    this.#eb = new Float64Array(b);
    // Regularisation: the power of a far end at about -70 dBFS, so silence does not
    // turn the normalisation into a division by zero.
    this.#delta = p * 2 * b * 10 * 10;
    this.#avgRate = Math.min(1, b / (0.1 * options.sampleRate)); // error averages over ~100 ms
    this.#switchBlocks = Math.ceil((0.05 * options.sampleRate) / b);
  }

  /** True when the last block adapted the foreground filter (no double talk, far end active). */
  get adapting(): boolean {
    return this.#adapting;
  }

  /**
   * The echo estimate of the last frame (what was subtracted from the microphone), for a
   * residual echo suppressor. Valid until the next `process`.
   */
  get echoEstimate(): Float64Array {
    return this.#echo;
  }

  /**
   * The share of the echo's power still left after cancellation, from the running echo
   * reduction (1 while the filter has not converged). What a residual echo suppressor
   * should expect to find next to the estimate.
   */
  get residualShare(): number {
    return Math.min(1, Math.max(1e-3, 10 ** (-this.#erleAvg / 10)));
  }

  /** Times the foreground took the background's weights (echo path changes, mostly). */
  get pathChanges(): number {
    return this.#switches;
  }

  /** Forgets the echo path (after a device change, for example). */
  reset(): void {
    for (const a of [this.#x.xr, this.#x.xi, this.#pow, this.#blockPeak, this.#xbuf]) a.fill(0);
    this.#fg.clear();
    this.#bg.clear();
    this.#hold = 0;
    this.#erleAvg = 0;
    this.#efAvg = 0;
    this.#ebAvg = 0;
    this.#better = 0;
  }

  /**
   * Removes the echo of `far` (what was sent to the speaker for this frame) from `mic`,
   * writing the result to `out` (which may be `mic`).
   */
  process(mic: Int16Array, far: Int16Array, out: Int16Array): void {
    const n = this.#echo.length;
    if (mic.length !== n || far.length !== n || out.length !== n) {
      throw new RangeError(`AEC: frames of ${n} samples, got ${mic.length}/${far.length}/${out.length}`);
    }
    const b = this.blockSize;
    for (let at = 0; at + b <= mic.length; at += b) this.#block(mic, far, out, at);
  }

  #block(mic: Int16Array, far: Int16Array, out: Int16Array, at: number): void {
    const b = this.blockSize;
    const p = this.partitions;
    const farPeak = this.#pushFar(far, at);
    const micEnergy = this.#residual(this.#fg, mic, at, this.#ef);
    this.#residual(this.#bg, mic, at, this.#eb);
    let micPeak = 0;
    let ef = 0;
    let eb = 0;
    for (let i = 0; i < b; i++) {
      const d = Math.abs(mic[at + i]!);
      if (d > micPeak) micPeak = d;
      ef += this.#ef[i]! ** 2;
      eb += this.#eb[i]! ** 2;
    }

    // Double talk, for the foreground: Geigel (a microphone peak above a fraction of the
    // far end's peak over the tail), or, once the filter works, a block whose echo
    // reduction falls far below the running average.
    const farActive = farPeak > 30;
    const blockErle = 10 * Math.log10((micEnergy + 1) / (ef + 1));
    const suspicious =
      micPeak > this.#dtd * farPeak || (this.#erleAvg > 10 && blockErle < this.#erleAvg - 15 && farActive);
    if (suspicious) this.#hold = Math.ceil(p / 2) + 4;
    else if (this.#hold > 0) this.#hold--;
    this.#adapting = farActive && this.#hold === 0;
    if (this.#adapting && micEnergy > b * 100 * 100) this.#erleAvg += 0.05 * (blockErle - this.#erleAvg);

    // Output: the foreground's residual, never louder than the microphone.
    const useErr = ef <= micEnergy;
    for (let i = 0; i < b; i++) {
      const v = useErr ? this.#ef[i]! : mic[at + i]!;
      this.#echo[at + i] = useErr ? mic[at + i]! - v : 0;
      out[at + i] = v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
    }

    if (!farActive) return;
    if (this.#adapting) this.#adapt(this.#fg, this.#ef);
    this.#adapt(this.#bg, this.#eb);
    this.#compare(ef, eb);
  }

  /** The background cancelling clearly better means a new echo path; much worse, double talk. */
  #compare(ef: number, eb: number): void {
    this.#efAvg += this.#avgRate * (ef - this.#efAvg);
    this.#ebAvg += this.#avgRate * (eb - this.#ebAvg);
    if (this.#ebAvg < 0.5 * this.#efAvg) {
      if (++this.#better >= this.#switchBlocks) {
        this.#fg.copyFrom(this.#bg);
        this.#efAvg = this.#ebAvg;
        this.#erleAvg = 0; // the running average belonged to the old path
        this.#hold = 0;
        this.#better = 0;
        this.#switches++;
      }
    } else {
      this.#better = 0;
      if (this.#ebAvg > 8 * this.#efAvg) {
        this.#bg.copyFrom(this.#fg);
        this.#ebAvg = this.#efAvg;
      }
    }
  }

  /** The newest far-end block enters; its spectrum replaces the oldest partition. Returns the tail's peak. */
  #pushFar(far: Int16Array, at: number): number {
    const b = this.blockSize;
    const bins = this.#bins;
    const p = this.partitions;
    const xbuf = this.#xbuf;
    const { xr, xi } = this.#x;
    let peak = 0;
    for (let i = 0; i < b; i++) {
      xbuf[i] = xbuf[b + i]!;
      const v = far[at + i]!;
      xbuf[b + i] = v;
      if (Math.abs(v) > peak) peak = Math.abs(v);
    }
    this.#x.head = (this.#x.head + p - 1) % p;
    const h0 = this.#x.head * bins;
    const pow = this.#pow;
    for (let k = 0; k < bins; k++) pow[k] = pow[k]! - xr[h0 + k]! ** 2 - xi[h0 + k]! ** 2;
    this.#fft.forward(xbuf, this.#yr, this.#yi);
    xr.set(this.#yr, h0);
    xi.set(this.#yi, h0);
    for (let k = 0; k < bins; k++) pow[k] = Math.max(0, pow[k]! + xr[h0 + k]! ** 2 + xi[h0 + k]! ** 2);
    this.#blockPeak[this.#x.head] = peak;
    let tailPeak = 0;
    for (let i = 0; i < p; i++) if (this.#blockPeak[i]! > tailPeak) tailPeak = this.#blockPeak[i]!;
    return tailPeak;
  }

  /** e = d - (filter's echo estimate), the last B samples of the overlap-save output. Returns sum d^2. */
  #residual(filter: PartitionedFilter, mic: Int16Array, at: number, e: Float64Array): number {
    const b = this.blockSize;
    const t = this.#scratch.t;
    filter.estimate(this.#x.xr, this.#x.xi, this.#x.head, this.#yr, this.#yi);
    this.#fft.inverse(this.#yr, this.#yi, t);
    let energy = 0;
    for (let i = 0; i < b; i++) {
      const d = mic[at + i]!;
      e[i] = d - t[b + i]!;
      energy += d * d;
    }
    return energy;
  }

  /** Normalised step: E(f) * mu / (sum over the tail of |X(f)|^2 + delta), then the filter's update. */
  #adapt(filter: PartitionedFilter, e: Float64Array): void {
    const b = this.blockSize;
    const t = this.#scratch.t;
    t.fill(0, 0, b);
    t.set(e, b);
    this.#fft.forward(t, this.#er, this.#ei);
    for (let k = 0; k < this.#bins; k++) {
      const s = this.#mu / (this.#pow[k]! + this.#delta);
      this.#er[k] = this.#er[k]! * s;
      this.#ei[k] = this.#ei[k]! * s;
    }
    filter.adapt(this.#fft, this.#x, this.#er, this.#ei, this.#scratch);
  }
}
