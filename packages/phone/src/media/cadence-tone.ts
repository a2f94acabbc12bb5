/**
 * A tone pattern: one or more frequencies summed, switched on and off in a repeating
 * cadence. Used for ringback and, without a ring tone file, for ringing.
 */
export interface Cadence {
  /** Frequencies in Hz, summed (e.g. [425], or [440, 480]). */
  readonly frequencies: readonly number[];
  /** On and off durations in ms, alternating, starting with on (e.g. [1000, 4000]). */
  readonly pattern: readonly number[];
  /** Level of each frequency, dBFS (default -16). */
  readonly levelDbfs?: number;
}

/** Ringback as ETSI recommends for Europe (ETSI TR 101 041, ITU-T E.180): 425 Hz, 1 s on, 4 s off. */
export const RINGBACK_CADENCE: Cadence = { frequencies: [425], pattern: [1000, 4000] };

/** A ring for when no `ringtone_file` is set: 440+480 Hz, 2 s on, 4 s off (the North American ring). */
export const RING_CADENCE: Cadence = { frequencies: [440, 480], pattern: [2000, 4000], levelDbfs: -12 };

/** Call waiting: 425 Hz, two short bursts, then 10 s quiet (ITU-T E.180 style). */
export const CALL_WAITING_CADENCE: Cadence = { frequencies: [425], pattern: [200, 200, 200, 10_000] };

/** Generates a {@link Cadence} sample by sample, with phase kept across frames and 5 ms ramps at each switch. */
export class CadenceTone {
  readonly #steps: Float64Array;
  readonly #phase: Float64Array;
  readonly #amplitude: number;
  readonly #segments: readonly number[];
  readonly #ramp: number;
  #segment = 0;
  #at = 0;

  constructor(cadence: Cadence, sampleRate: number) {
    if (cadence.pattern.length === 0 || cadence.pattern.some((d) => !(d >= 0))) {
      throw new RangeError('a cadence needs on/off durations');
    }
    this.#steps = Float64Array.from(cadence.frequencies, (f) => (2 * Math.PI * f) / sampleRate);
    this.#phase = new Float64Array(cadence.frequencies.length);
    this.#amplitude = 32767 * 10 ** ((cadence.levelDbfs ?? -16) / 20);
    this.#segments = cadence.pattern.map((ms) => Math.round((ms * sampleRate) / 1000));
    this.#ramp = Math.round(sampleRate * 0.005);
  }

  /** Fills `frame` with the next samples of the pattern. */
  read(frame: Int16Array): void {
    for (let i = 0; i < frame.length; i++) {
      while (this.#at >= this.#segments[this.#segment]!) {
        this.#at = 0;
        this.#segment = (this.#segment + 1) % this.#segments.length;
        if (this.#segments.every((s) => s === 0)) break;
      }
      const on = this.#segment % 2 === 0;
      let v = 0;
      if (on) {
        for (let k = 0; k < this.#steps.length; k++) {
          v += Math.sin(this.#phase[k]!);
          this.#phase[k] = (this.#phase[k]! + this.#steps[k]!) % (2 * Math.PI);
        }
        const len = this.#segments[this.#segment]!;
        const edge = Math.min(this.#at, len - 1 - this.#at);
        const g = edge < this.#ramp ? 0.5 - 0.5 * Math.cos((Math.PI * edge) / this.#ramp) : 1;
        v *= g * this.#amplitude;
      } else {
        this.#phase.fill(0); // each burst starts at phase 0
      }
      frame[i] = Math.max(-32768, Math.min(32767, Math.round(v)));
      this.#at++;
    }
  }
}
