/** A virtual clock and an in-memory socket for the client's tests. */
import type { DatagramSocket, Endpoint, StunClock, TimerHandle } from './types.js';

export class ManualClock implements StunClock {
  #now = 0;
  #next = 1;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timerId = this.#next++;
    this.#timers.set(timerId, { at: this.#now + Math.max(0, ms), fn });
    return { timerId };
  }

  clearTimer(handle: TimerHandle): void {
    this.#timers.delete(handle.timerId);
  }

  /** Runs every timer due up to now + ms, in order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let best: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.#timers)
        if (e[1].at <= end && (best === undefined || e[1].at < best[1].at)) best = e;
      if (best === undefined) break;
      this.#timers.delete(best[0]);
      this.#now = best[1].at;
      best[1].fn();
    }
    this.#now = end;
  }
}

/** Records what the client sends; `deliver` plays a datagram to it. */
export class RecordingSocket implements DatagramSocket {
  readonly sent: { data: Uint8Array; to: Endpoint; at: number }[] = [];
  readonly #listeners = new Set<(data: Uint8Array, from: Endpoint) => void>();
  failNext = false;

  constructor(private readonly clock: StunClock) {}

  send(data: Uint8Array, to: Endpoint): void {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('EHOSTUNREACH');
    }
    this.sent.push({ data, to, at: this.clock.now() });
  }

  onMessage(listener: (data: Uint8Array, from: Endpoint) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  deliver(data: Uint8Array, from: Endpoint): void {
    for (const l of this.#listeners) l(data, from);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
