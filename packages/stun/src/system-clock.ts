import type { StunClock, TimerHandle } from './types.js';

/** The real clock: performance.now() and setTimeout; timers do not keep the process alive. */
export const systemClock: StunClock = (() => {
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
      (t as { unref?: () => void }).unref?.();
      pending.set(timerId, t);
      return { timerId };
    },
    clearTimer(handle: TimerHandle): void {
      const t = pending.get(handle.timerId);
      if (t !== undefined) clearTimeout(t);
      pending.delete(handle.timerId);
    },
  };
})();
