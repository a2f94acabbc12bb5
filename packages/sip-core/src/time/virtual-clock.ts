import type { Clock, TimerHandle } from './clock.js';

interface Scheduled {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/**
 * A clock that moves only when told to. Timers fire in time order (ties in
 * the order they were set) while `advance` walks time forward; a timer set by
 * a firing timer fires in the same `advance` if it falls within it.
 */
export class VirtualClock implements Clock {
  #now: number;
  #nextId = 1;
  #queue: Scheduled[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const s: Scheduled = { id: this.#nextId++, at: this.#now + Math.max(0, ms), fn };
    // Keep the queue sorted by (at, id); timers are few, insertion is cheap.
    let i = this.#queue.length;
    while (i > 0 && this.#queue[i - 1]!.at > s.at) i--;
    this.#queue.splice(i, 0, s);
    return { timerId: s.id };
  }

  clearTimer(handle: TimerHandle): void {
    const i = this.#queue.findIndex((s) => s.id === handle.timerId);
    if (i >= 0) this.#queue.splice(i, 1);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const first = this.#queue[0];
      if (first === undefined || first.at > end) break;
      this.#queue.shift();
      this.#now = first.at;
      first.fn();
    }
    this.#now = end;
  }

  /** Fires timers until none is left or `limitMs` of virtual time has passed; returns the time used. */
  runAll(limitMs = 3_600_000): number {
    const start = this.#now;
    while (this.#queue.length > 0 && this.#queue[0]!.at - start <= limitMs) {
      this.advance(this.#queue[0]!.at - this.#now);
    }
    return this.#now - start;
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.#queue.length;
  }
}
