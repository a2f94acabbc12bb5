/**
 * Time as the stack sees it. Every protocol timer (transactions, registration
 * refresh, session timers, keep-alives) goes through a Clock, so tests run
 * them in virtual time, quickly and deterministically.
 */

/** An opaque handle for a scheduled callback. */
export interface TimerHandle {
  readonly timerId: number;
}

export interface Clock {
  /** Milliseconds on a monotonic scale (not wall-clock time). */
  now(): number;
  /** Calls `fn` once, `ms` milliseconds from now. */
  setTimer(ms: number, fn: () => void): TimerHandle;
  /** Cancels a timer; cancelling a fired or cancelled timer does nothing. */
  clearTimer(handle: TimerHandle): void;
}

/** The real clock: performance.now() and setTimeout. Timers do not keep the process alive. */
export const systemClock: Clock = (() => {
  const pending = new Map<number, ReturnType<typeof setTimeout>>();
  let next = 1;
  return {
    now: () => performance.now(),
    setTimer(ms: number, fn: () => void): TimerHandle {
      const timerId = next++;
      const t = setTimeout(
        () => {
          pending.delete(timerId);
          fn();
        },
        Math.max(0, ms),
      );
      t.unref?.();
      pending.set(timerId, t);
      return { timerId };
    },
    clearTimer(handle: TimerHandle): void {
      const t = pending.get(handle.timerId);
      if (t !== undefined) {
        clearTimeout(t);
        pending.delete(handle.timerId);
      }
    },
  };
})();
