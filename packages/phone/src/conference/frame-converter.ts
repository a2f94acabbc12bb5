import { Resampler } from '@twinkle/codecs';

/**
 * Converts a stream of fixed-duration frames from one sample rate to frames
 * of the same duration at another: resampling (when the rates differ) into a
 * small ring, out of which exact frames are read. The resampler may give a
 * sample more or less per frame for uneven ratios; the ring absorbs that, and
 * a shortfall (only at the very start) is filled with silence. Everything is
 * allocated at construction: converting creates no objects, not even views.
 */
export class FrameConverter {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Samples per input frame. */
  readonly inputFrameLength: number;
  /** The converted frame, valid after {@link convert} until the next call. */
  readonly output: Int16Array;
  readonly #resampler: Resampler | undefined;
  readonly #scratch: Int16Array;
  /** Converted samples not yet handed out: a ring of two output frames and some slack. */
  readonly #ring: Int16Array;
  #head = 0;
  #size = 0;

  constructor(inputRate: number, outputRate: number, frameMs: number) {
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.inputFrameLength = Math.round((inputRate * frameMs) / 1000);
    this.output = new Int16Array(Math.round((outputRate * frameMs) / 1000));
    if (inputRate !== outputRate) {
      this.#resampler = new Resampler({ inputRate, outputRate, quality: 'low-latency' });
      this.#scratch = new Int16Array(this.#resampler.outputLength(this.inputFrameLength) + 16);
    } else {
      this.#scratch = new Int16Array(0);
    }
    this.#ring = new Int16Array(2 * this.output.length + this.#scratch.length + 16);
  }

  /** Takes one input frame and returns one output frame ({@link output}). */
  convert(input: Int16Array): Int16Array {
    const r = this.#resampler;
    if (r) {
      if (r.outputLength(input.length) > this.#scratch.length)
        throw new RangeError(`frame of ${input.length} samples is longer than this converter's`);
      this.#append(this.#scratch, r.process(input, this.#scratch));
    } else {
      this.#append(input, input.length);
    }
    const out = this.output;
    const ring = this.#ring;
    const cap = ring.length;
    const n = Math.min(out.length, this.#size);
    for (let i = 0; i < n; i++) out[i] = ring[(this.#head + i) % cap]!;
    out.fill(0, n);
    this.#head = (this.#head + n) % cap;
    this.#size -= n;
    // Keep at most one frame of slack: uneven ratios must not turn into growing delay.
    if (this.#size > out.length) {
      this.#head = (this.#head + this.#size - out.length) % cap;
      this.#size = out.length;
    }
    return out;
  }

  #append(samples: Int16Array, n: number): void {
    const ring = this.#ring;
    const cap = ring.length;
    // More than the ring holds (a caller's frame much longer than ours): keep the newest.
    if (n > cap - this.#size) {
      const drop = Math.min(this.#size, n - (cap - this.#size));
      this.#head = (this.#head + drop) % cap;
      this.#size -= drop;
    }
    const start = Math.max(0, n - cap);
    let tail = (this.#head + this.#size) % cap;
    for (let i = start; i < n; i++) {
      ring[tail] = samples[i]!;
      tail = tail + 1 === cap ? 0 : tail + 1;
    }
    this.#size += n - start;
  }
}
