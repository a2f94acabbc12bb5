/**
 * Retransmissions the session layer does itself, in injected time: the 2xx
 * to an INVITE until its ACK (RFC 3261 13.3.1.4) and a reliable provisional
 * response until its PRACK (RFC 3262 section 3); and the glare back-off of
 * RFC 3261 14.1.
 */

import type { Clock, TimerHandle } from '../time/clock.js';
import type { SessionRandom as RandomBytes } from './ids.js';

export interface RetransmitOptions {
  /** First interval (T1). */
  readonly first: number;
  /** Largest interval (T2 for 2xx); undefined: doubling without a cap (RFC 3262 3). */
  readonly cap: number | undefined;
  /** Time after the first send to give up (64*T1). */
  readonly giveUpAfter: number;
  /** Sends the message again. */
  readonly resend: () => void;
  /** Called once when no acknowledgement came in time. */
  readonly onGiveUp: () => void;
}

/** Resends at `first`, doubling (up to `cap`), until stopped or `giveUpAfter` has passed. */
export class Retransmitter {
  readonly #clock: Clock;
  readonly #o: RetransmitOptions;
  #interval: number;
  #resend: TimerHandle | undefined;
  #giveUp: TimerHandle | undefined;
  #running = false;

  constructor(clock: Clock, options: RetransmitOptions) {
    this.#clock = clock;
    this.#o = options;
    this.#interval = options.first;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Starts the timers (the first send is the caller's). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule();
    this.#giveUp = this.#clock.setTimer(this.#o.giveUpAfter, () => {
      this.stop();
      this.#o.onGiveUp();
    });
  }

  #schedule(): void {
    this.#resend = this.#clock.setTimer(this.#interval, () => {
      if (!this.#running) return;
      this.#o.resend();
      this.#interval =
        this.#o.cap === undefined ? this.#interval * 2 : Math.min(this.#interval * 2, this.#o.cap);
      this.#schedule();
    });
  }

  stop(): void {
    this.#running = false;
    if (this.#resend !== undefined) this.#clock.clearTimer(this.#resend);
    if (this.#giveUp !== undefined) this.#clock.clearTimer(this.#giveUp);
    this.#resend = undefined;
    this.#giveUp = undefined;
  }
}

/** A uniform integer in [0, n) from injected random bytes. */
export function randomBelow(random: RandomBytes, n: number): number {
  const b = random(4);
  const x = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  return x % n;
}

/**
 * The wait before retrying a re-INVITE that got 491 (RFC 3261 14.1): the
 * owner of the Call-ID (the dialog's UAC) waits 2.1 to 4 s, the other side
 * 0 to 2 s, both in units of 10 ms.
 */
export function glareRetryDelay(ownsCallId: boolean, random: RandomBytes): number {
  return ownsCallId ? 2100 + randomBelow(random, 191) * 10 : randomBelow(random, 201) * 10;
}
