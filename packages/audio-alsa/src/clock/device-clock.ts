import type { AudioSource } from '../device.js';
import type { Unsubscribe } from '../listeners.js';
import type { MediaClock } from './media-clock.js';
import { VirtualClock } from './virtual-clock.js';

/**
 * A clock whose time is the number of frames a capture device has delivered: media paced
 * by it runs exactly at the sound card's real rate (which differs from the nominal rate
 * and from the far end's clock by a few hundred ppm; see `DriftCompensator`).
 */
export class DeviceClock implements MediaClock {
  readonly #inner = new VirtualClock();
  #frames = 0;

  /** Advances the clock by one device frame of `frameMs`. Called by the capture path. */
  onDeviceFrame(frameMs: number): void {
    this.#frames++;
    this.#inner.advance(frameMs);
  }

  /** Frames delivered so far. */
  get frames(): number {
    return this.#frames;
  }

  now(): number {
    return this.#inner.now();
  }

  every(periodMs: number, tick: (dueMs: number) => void): Unsubscribe {
    return this.#inner.every(periodMs, tick);
  }

  /**
   * Starts `source` and returns a clock driven by it; every captured frame is also given
   * to `onFrame` before the clock's ticks for that frame run.
   */
  static fromSource(source: AudioSource, onFrame?: (frame: Int16Array) => void): DeviceClock {
    const clock = new DeviceClock();
    source.start((frame) => {
      onFrame?.(frame);
      clock.onDeviceFrame(source.format.frameMs);
    });
    return clock;
  }
}
