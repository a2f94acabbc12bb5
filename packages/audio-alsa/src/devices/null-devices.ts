import type { MediaClock } from '../clock/media-clock.js';
import type { AudioDeviceEvent, AudioSink } from '../device.js';
import type { AudioFormat } from '../format.js';
import { Listeners } from '../listeners.js';
import { ClockPull } from './clock-pull.js';
import { ClockedSource } from './clocked-source.js';

/** Silence at the clock's pace: `null` as a microphone. */
export class NullSource extends ClockedSource {
  constructor(format: AudioFormat, clock: MediaClock, name = 'null') {
    super(name, format, clock);
  }

  protected fill(frame: Int16Array): void {
    frame.fill(0);
  }
}

/** Discards what it is given and counts it: `null` as a speaker. */
export class NullSink implements AudioSink {
  readonly events = new Listeners<AudioDeviceEvent>();
  readonly name: string;
  readonly #pull: ClockPull;
  #frames = 0;

  /** `clock` paces pull mode (default: a RealTimeClock). */
  constructor(
    readonly format: AudioFormat,
    options: { readonly name?: string; readonly clock?: MediaClock } = {},
  ) {
    this.name = options.name ?? 'null';
    this.#pull = new ClockPull(format, options.clock);
  }

  /** Frames written so far. */
  get frames(): number {
    return this.#frames;
  }

  write(_frame: Int16Array): void {
    this.#frames++;
  }

  pullFrom(fill: (frame: Int16Array) => void): void {
    this.#pull.start(fill, (f) => this.write(f));
  }

  async close(): Promise<void> {
    this.#pull.stop();
  }
}
