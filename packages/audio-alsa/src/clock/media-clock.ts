import type { Unsubscribe } from '../listeners.js';

/**
 * The time base that paces media. Three kinds exist: {@link RealTimeClock} (wall clock,
 * drift-free scheduling), {@link VirtualClock} (tests: time moves only on `advance`) and
 * {@link DeviceClock} (time moves with the frames a sound card delivers).
 */
export interface MediaClock {
  /** Current time in milliseconds (origin is clock-specific). */
  now(): number;
  /**
   * Calls `tick` every `periodMs`, at due times `t0 + n * periodMs` so errors never
   * accumulate. `tick` receives the due time of the call.
   */
  every(periodMs: number, tick: (dueMs: number) => void): Unsubscribe;
}
