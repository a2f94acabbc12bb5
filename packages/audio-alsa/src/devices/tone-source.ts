import type { MediaClock } from '../clock/media-clock.js';
import type { AudioFormat } from '../format.js';
import { ClockedSource } from './clocked-source.js';

/** Options of {@link ToneSource}. */
export interface ToneOptions {
  /** One or more frequencies in Hz, summed (350+440 is the North American dial tone). */
  readonly frequencies: readonly number[];
  /** Peak amplitude of the sum, 0..1 of full scale (default 0.5, about -6 dBFS). */
  readonly amplitude?: number;
}

/**
 * A sine tone (or a sum of sines), phase-continuous across frames: `tone:440`. The phase
 * is kept as a sample counter modulo the sample rate so it never loses precision.
 */
export class ToneSource extends ClockedSource {
  readonly #steps: Float64Array;
  readonly #peak: number;
  #n = 0;

  constructor(format: AudioFormat, clock: MediaClock, options: ToneOptions) {
    super(`tone:${options.frequencies.join('+')}`, format, clock);
    if (options.frequencies.length === 0) throw new RangeError('tone: no frequency');
    for (const f of options.frequencies) {
      if (!(f >= 0 && f < format.sampleRate / 2)) throw new RangeError(`tone: ${f} Hz is out of range`);
    }
    this.#steps = Float64Array.from(options.frequencies, (f) => (2 * Math.PI * f) / format.sampleRate);
    this.#peak = (32767 * (options.amplitude ?? 0.5)) / options.frequencies.length;
  }

  protected fill(frame: Int16Array): void {
    const ch = this.format.channels;
    const rate = this.format.sampleRate;
    for (let i = 0; i < frame.length; i += ch) {
      let s = 0;
      for (let k = 0; k < this.#steps.length; k++) s += Math.sin(this.#steps[k]! * this.#n);
      const v = Math.round(s * this.#peak);
      for (let c = 0; c < ch; c++) frame[i + c] = v;
      this.#n = (this.#n + 1) % rate;
    }
  }
}
