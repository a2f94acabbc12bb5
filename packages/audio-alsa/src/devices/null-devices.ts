import type { MediaClock } from '../clock/media-clock.js';
import type { AudioDeviceEvent, AudioSink } from '../device.js';
import type { AudioFormat } from '../format.js';
import { Listeners } from '../listeners.js';
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
  #frames = 0;

  constructor(
    readonly format: AudioFormat,
    readonly name = 'null',
  ) {}

  /** Frames written so far. */
  get frames(): number {
    return this.#frames;
  }

  write(_frame: Int16Array): void {
    this.#frames++;
  }

  async close(): Promise<void> {}
}
