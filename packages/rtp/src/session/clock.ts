import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/** An opaque timer handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/**
 * Time as the session sees it, injected so RTCP timing can run in virtual time.
 * `now()` is wall-clock time in milliseconds since the Unix epoch (it feeds the NTP
 * timestamps of sender reports); fractions of a millisecond are welcome.
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Uniform random numbers in [0, 1), injected for SSRC, initial sequence/timestamp and RTCP timing. */
export type RandomSource = () => number;

/** The real clock: sub-millisecond wall time and Node timers (unref'd, so they never hold the process open). */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (callback, ms) => {
    const t = setTimeout(callback, ms);
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * A cryptographically strong random source: RFC 3550 section 8.1 asks for SSRCs
 * and initial values that an outsider cannot guess.
 */
export const cryptoRandom: RandomSource = () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48;

/** A random 32-bit unsigned integer from `random`. */
export const randomUint32 = (random: RandomSource): number => Math.floor(random() * 0x1_0000_0000) >>> 0;
