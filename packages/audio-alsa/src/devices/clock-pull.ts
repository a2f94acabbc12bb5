import type { MediaClock } from '../clock/media-clock.js';
import { RealTimeClock } from '../clock/real-time-clock.js';
import { type AudioFormat, frameLength } from '../format.js';
import type { Unsubscribe } from '../listeners.js';

/**
 * Pull mode for sinks that have no clock of their own (files, null, a child process): a
 * {@link MediaClock} asks for one frame per frame period and hands it to `write`. The
 * frame buffer is allocated once.
 */
export class ClockPull {
  readonly #clock: MediaClock | undefined;
  readonly #frame: Int16Array;
  readonly #frameMs: number;
  #stop: Unsubscribe | undefined;

  constructor(format: AudioFormat, clock?: MediaClock) {
    this.#clock = clock;
    this.#frame = new Int16Array(frameLength(format));
    this.#frameMs = format.frameMs;
  }

  /** Starts (or restarts with a new `fill`) pulling one frame per period. */
  start(fill: (frame: Int16Array) => void, write: (frame: Int16Array) => void): void {
    this.stop();
    const clock = this.#clock ?? new RealTimeClock();
    this.#stop = clock.every(this.#frameMs, () => {
      fill(this.#frame);
      write(this.#frame);
    });
  }

  stop(): void {
    this.#stop?.();
    this.#stop = undefined;
  }
}
