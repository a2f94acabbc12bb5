/**
 * What a subscriber does when the notifier ends a subscription
 * (RFC 6665 section 4.1.3, the reason codes of section 6.2.3 of RFC 3265
 * carried over): which reasons invite a new subscription, and when.
 */
import type { SubscriptionState } from '../headers/types.js';

/** Why and how a subscription ended, as the application sees it. */
export interface SubscriptionEnd {
  /**
   * The Subscription-State reason (`deactivated`, `probation`, `rejected`,
   * `timeout`, `giveup`, `noresource`, `invariant` or an extension), or a
   * local one: `failed` (non-2xx to the request, see `status`), `no-notify`
   * (no NOTIFY within Timer N), `expired` (no successful refresh),
   * `dialog-gone` (481), `unsubscribed`, `norefersub` (RFC 4488: no
   * subscription was created), `terminated` (no reason given).
   */
  readonly reason: string;
  /** The final response status that ended it, when one did. */
  readonly status?: number;
  /** Seconds the notifier asked us to wait before subscribing again. */
  readonly retryAfter?: number;
}

/**
 * The delay in ms before a new subscription after a terminated NOTIFY, or
 * undefined for no new one (RFC 6665 4.1.3): `deactivated` and `timeout` at
 * once, `probation` and `giveup` after `retry-after` (`giveup` only with
 * one), never for `rejected`, `noresource`, `invariant` or no reason.
 */
export function resubscribeDelayMs(state: SubscriptionState): number | undefined {
  const after = state.retryAfter === undefined ? undefined : state.retryAfter * 1000;
  switch (state.reason?.toLowerCase()) {
    case 'deactivated':
    case 'timeout':
      return after ?? 0;
    case 'probation':
      return after ?? 0;
    case 'giveup':
      return after;
    default:
      return undefined;
  }
}

/** The end described by a terminated Subscription-State. */
export function endOf(state: SubscriptionState): SubscriptionEnd {
  return {
    reason: state.reason?.toLowerCase() ?? 'terminated',
    ...(state.retryAfter === undefined ? {} : { retryAfter: state.retryAfter }),
  };
}

/** At most `max` new subscriptions after terminations within `windowMs` (3 a minute by default). */
export class RetryBudget {
  #times: number[] = [];
  constructor(
    readonly max = 3,
    readonly windowMs = 60_000,
  ) {}

  /** Takes one retry at `now` if the budget allows. */
  take(now: number): boolean {
    this.#times = this.#times.filter((t) => now - t < this.windowMs);
    if (this.#times.length >= this.max) return false;
    this.#times.push(now);
    return true;
  }
}

/**
 * When to refresh a subscription of `seconds` (RFC 6665 4.1.2.2 leaves it
 * to us): a whole transaction time (64*T1) and a second before expiry, and
 * no sooner than half-way.
 */
export function refreshDelayMs(seconds: number, t1: number): number {
  const ms = seconds * 1000;
  return Math.max(ms / 2, ms - 64 * t1 - 1000);
}
