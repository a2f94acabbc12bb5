import type { MediaClock } from '../clock/media-clock.js';
import type { AudioDeviceEvent, AudioSource, FrameHandler } from '../device.js';
import { type AudioFormat, formatProblem, frameLength } from '../format.js';
import { Listeners, type Unsubscribe } from '../listeners.js';

/**
 * Base of the pure-TypeScript sources: one frame per clock period, filled by the subclass
 * into a buffer allocated once. With a {@link VirtualClock} they run in virtual time;
 * with a {@link RealTimeClock} they pace a headless phone like a sound card would.
 */
export abstract class ClockedSource implements AudioSource {
  readonly events = new Listeners<AudioDeviceEvent>();
  readonly #clock: MediaClock;
  readonly #frame: Int16Array;
  #stop: Unsubscribe | undefined;

  constructor(
    readonly name: string,
    readonly format: AudioFormat,
    clock: MediaClock,
  ) {
    const problem = formatProblem(format);
    if (problem) throw new RangeError(`${name}: ${problem}`);
    this.#clock = clock;
    this.#frame = new Int16Array(frameLength(format));
  }

  /** Writes the next frame's interleaved samples into `frame`. */
  protected abstract fill(frame: Int16Array): void;

  /**
   * Fills `frame` with the next frame now, without the clock: for a sink in pull mode,
   * e.g. a ring tone file played at the speaker's pace (`sink.pullFrom((f) => ring.read(f))`).
   * Use either this or `start`, not both.
   */
  read(frame: Int16Array): void {
    if (frame.length !== this.#frame.length) {
      throw new RangeError(`${this.name}: frames of ${this.#frame.length} samples, got ${frame.length}`);
    }
    this.fill(frame);
  }

  start(onFrame: FrameHandler): void {
    if (this.#stop) throw new Error(`${this.name}: already started`);
    this.#stop = this.#clock.every(this.format.frameMs, () => {
      this.fill(this.#frame);
      onFrame(this.#frame);
    });
  }

  async close(): Promise<void> {
    this.#stop?.();
    this.#stop = undefined;
  }
}
