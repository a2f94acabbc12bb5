/** A few named one-shot timers on an injected clock: setting a name again replaces its timer. */
import type { Clock, TimerHandle } from '../time/clock.js';

export class NamedTimers {
  readonly #clock: Clock;
  readonly #timers = new Map<string, TimerHandle>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Runs `fn` in `ms`, replacing a pending timer of the same name. */
  set(name: string, ms: number, fn: () => void): void {
    this.clear(name);
    this.#timers.set(
      name,
      this.#clock.setTimer(ms, () => {
        this.#timers.delete(name);
        fn();
      }),
    );
  }

  clear(...names: string[]): void {
    for (const name of names) {
      const t = this.#timers.get(name);
      if (t !== undefined) this.#clock.clearTimer(t);
      this.#timers.delete(name);
    }
  }

  clearAll(): void {
    for (const t of this.#timers.values()) this.#clock.clearTimer(t);
    this.#timers.clear();
  }
}
