import type { Unsubscribe } from '../listeners.js';
import type { MediaClock } from './media-clock.js';

/** Options of {@link RealTimeClock}. */
export interface RealTimeClockOptions {
  /** Monotonic time source in ms; `performance.now` by default. */
  readonly now?: () => number;
  /**
   * When the event loop stalled for more than this many periods, the missed ticks are
   * dropped instead of being delivered in a burst (default 10: 200 ms at 20 ms frames).
   */
  readonly maxCatchUpTicks?: number;
}

/**
 * Paces media from the monotonic wall clock. Each tick is scheduled at `t0 + n * period`
 * rather than `previous + period`, so timer lateness never accumulates into drift; ticks
 * that are late are delivered at once to catch up (bounded by `maxCatchUpTicks`).
 */
export class RealTimeClock implements MediaClock {
  readonly #now: () => number;
  readonly #maxCatchUp: number;

  constructor(options: RealTimeClockOptions = {}) {
    this.#now = options.now ?? (() => performance.now());
    this.#maxCatchUp = options.maxCatchUpTicks ?? 10;
  }

  now(): number {
    return this.#now();
  }

  every(periodMs: number, tick: (dueMs: number) => void): Unsubscribe {
    if (!(periodMs > 0)) throw new RangeError(`period must be positive, got ${periodMs}`);
    let due = this.#now() + periodMs;
    let handle: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    const run = (): void => {
      if (!live) return;
      const now = this.#now();
      if (now - due > this.#maxCatchUp * periodMs) {
        // A long stall: skip the backlog rather than flood the pipeline.
        due += Math.floor((now - due) / periodMs) * periodMs;
      }
      while (live && due <= now) {
        const d = due;
        due += periodMs;
        tick(d);
      }
      if (live) handle = setTimeout(run, Math.max(0, due - this.#now()));
    };
    handle = setTimeout(run, periodMs);
    return () => {
      live = false;
      if (handle !== undefined) clearTimeout(handle);
    };
  }
}
