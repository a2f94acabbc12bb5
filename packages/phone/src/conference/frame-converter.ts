import { Resampler } from '@twinkle/codecs';
import { SampleFifo } from '../media/sample-fifo.js';

/**
 * Converts a stream of fixed-duration frames from one sample rate to frames
 * of the same duration at another: resampling (when the rates differ) into a
 * FIFO, out of which exact frames are read. The resampler may give a sample
 * more or less per frame for uneven ratios; the FIFO absorbs that, and a
 * shortfall (only at the very start) is filled with silence. Buffers are
 * allocated once, at construction.
 */
export class FrameConverter {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Samples per input frame. */
  readonly inputFrameLength: number;
  /** The converted frame, valid after {@link convert} until the next call. */
  readonly output: Int16Array;
  readonly #resampler: Resampler | undefined;
  readonly #fifo = new SampleFifo();
  readonly #scratch: Int16Array;
  readonly #drop = new Int16Array(1);

  constructor(inputRate: number, outputRate: number, frameMs: number) {
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.output = new Int16Array(Math.round((outputRate * frameMs) / 1000));
    const inputFrame = Math.round((inputRate * frameMs) / 1000);
    this.inputFrameLength = inputFrame;
    if (inputRate !== outputRate) {
      this.#resampler = new Resampler({ inputRate, outputRate, quality: 'low-latency' });
      this.#scratch = new Int16Array(this.#resampler.outputLength(inputFrame) + 16);
    } else {
      this.#scratch = new Int16Array(0);
    }
  }

  /** Takes one input frame and returns one output frame ({@link output}). */
  convert(input: Int16Array): Int16Array {
    const r = this.#resampler;
    if (r) {
      if (r.outputLength(input.length) > this.#scratch.length)
        throw new RangeError(`frame of ${input.length} samples is longer than this converter's`);
      this.#fifo.push(this.#scratch.subarray(0, r.process(input, this.#scratch)));
    } else {
      this.#fifo.push(input);
    }
    const n = this.#fifo.read(this.output);
    if (n < this.output.length) this.output.fill(0, n);
    // Keep at most one frame of slack: uneven ratios must not turn into growing delay.
    while (this.#fifo.length > this.output.length) this.#fifo.read(this.#drop);
    return this.output;
  }
}
