import type { Unsubscribe } from '../listeners.js';
import type { MediaClock } from './media-clock.js';

/**
 * A clock that runs `ppm` parts per million fast (or slow, when negative) against
 * another: what a second sound card, or the far end's RTP clock, looks like from here.
 * For tests of drift handling in virtual time.
 */
export class DriftingClock implements MediaClock {
  readonly #inner: MediaClock;
  readonly #rate: number;
  readonly #origin: number;

  constructor(inner: MediaClock, ppm: number) {
    this.#inner = inner;
    this.#rate = 1 + ppm / 1e6;
    this.#origin = inner.now();
  }

  now(): number {
    return this.#origin + (this.#inner.now() - this.#origin) * this.#rate;
  }

  every(periodMs: number, tick: (dueMs: number) => void): Unsubscribe {
    return this.#inner.every(periodMs / this.#rate, () => tick(this.now()));
  }
}
