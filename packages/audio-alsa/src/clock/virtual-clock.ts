import type { Unsubscribe } from '../listeners.js';
import type { MediaClock } from './media-clock.js';

interface Timer {
  due: number;
  readonly period: number;
  readonly tick: (dueMs: number) => void;
  live: boolean;
}

/**
 * A clock for tests: time stands still until {@link VirtualClock.advance} moves it, which
 * runs every tick that falls due, in time order, each seeing `now()` equal to its due time.
 */
export class VirtualClock implements MediaClock {
  #now: number;
  readonly #timers: Timer[] = [];

  constructor(startMs = 0) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  every(periodMs: number, tick: (dueMs: number) => void): Unsubscribe {
    if (!(periodMs > 0)) throw new RangeError(`period must be positive, got ${periodMs}`);
    const timer: Timer = { due: this.#now + periodMs, period: periodMs, tick, live: true };
    this.#timers.push(timer);
    return () => {
      timer.live = false;
      const i = this.#timers.indexOf(timer);
      if (i >= 0) this.#timers.splice(i, 1);
    };
  }

  /** Moves time forward by `ms`, running every tick due on the way. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let next: Timer | undefined;
      for (const t of this.#timers) if (t.due <= target && (!next || t.due < next.due)) next = t;
      if (!next) break;
      this.#now = next.due;
      next.due += next.period;
      next.tick(this.#now);
    }
    this.#now = target;
  }

  /** Number of live timers. */
  get timerCount(): number {
    return this.#timers.filter((t) => t.live).length;
  }
}
