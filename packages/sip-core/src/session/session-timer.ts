/**
 * Session timers (RFC 4028): Session-Expires/Min-SE negotiation for both
 * roles, 422 handling and the refresh/expiry timer.
 */
import { formatSessionExpires } from '../headers/index.js';
import type { FieldInit } from '../message/assemble.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { Clock, TimerHandle } from '../time/clock.js';
import type { SessionTimerSettings } from './context.js';
import { hasOptionTag } from './message-helpers.js';

/** The smallest Session-Expires and Min-SE allowed (RFC 4028 section 4). */
export const MIN_SESSION_EXPIRES = 90;

/** What both sides agreed on for one refresh period. */
export interface SessionTimerAgreement {
  /** Session interval in seconds. */
  readonly interval: number;
  /** Whether we send the refreshes (else we watch for them). */
  readonly weRefresh: boolean;
}

/**
 * Headers of a request that asks for a session timer (RFC 4028 7.1): Supported
 * is the caller's; Session-Expires and Min-SE here. `minSe` raised by a 422.
 */
export function requestTimerHeaders(
  settings: SessionTimerSettings,
  options: { minSe?: number; interval?: number; refresher?: 'uac' | 'uas' } = {},
): FieldInit[] {
  const minSe = Math.max(options.minSe ?? settings.minSe, MIN_SESSION_EXPIRES);
  const interval = Math.max(options.interval ?? settings.expires, minSe);
  if (settings.expires <= 0 && options.interval === undefined) return [];
  const refresher = options.refresher ?? settings.refresher;
  return [
    {
      name: 'Session-Expires',
      value: formatSessionExpires({ deltaSeconds: interval, refresher, params: [] }),
    },
    { name: 'Min-SE', value: String(minSe) },
  ];
}

/** The UAC side reads the 2xx (RFC 4028 7.2): no Session-Expires, no timer. */
export function agreementFromResponse(response: SipResponse): SessionTimerAgreement | undefined {
  const se = response.get('session-expires');
  if (se === undefined || se.deltaSeconds <= 0) return undefined;
  // A 2xx with Session-Expires carries refresher; without it the UAC refreshes (7.2, 8.1).
  return { interval: se.deltaSeconds, weRefresh: (se.refresher ?? 'uac') === 'uac' };
}

/** What a UAS does with a request's Session-Expires (RFC 4028 8.1, 9). */
export type UasTimerDecision =
  | { readonly kind: 'reject'; readonly minSe: number }
  | {
      readonly kind: 'accept';
      readonly agreement: SessionTimerAgreement | undefined;
      readonly headers: FieldInit[];
    };

export function uasTimerDecision(request: SipRequest, settings: SessionTimerSettings): UasTimerDecision {
  const se = request.get('session-expires');
  const uacSupports = hasOptionTag(request, 'supported', 'timer');
  const ourMin = Math.max(settings.minSe, MIN_SESSION_EXPIRES);
  let interval: number;
  let refresher: 'uac' | 'uas';
  if (se !== undefined) {
    // Section 8.1: too small an interval is refused with 422 and our Min-SE.
    if (se.deltaSeconds < ourMin) return { kind: 'reject', minSe: ourMin };
    const floor = Math.max(request.get('min-se') ?? MIN_SESSION_EXPIRES, ourMin);
    interval =
      settings.expires > 0 ? Math.max(Math.min(se.deltaSeconds, settings.expires), floor) : se.deltaSeconds;
    // Section 9: the UAS picks the refresher when the request did not; uac only if it supports timers.
    refresher = se.refresher ?? (uacSupports ? 'uac' : 'uas');
    if (!uacSupports) refresher = 'uas';
  } else if (settings.expires > 0) {
    // Section 9: a UAS may ask for a timer itself; it refreshes, so the UAC need not support it.
    interval = Math.max(settings.expires, ourMin);
    refresher = 'uas';
  } else {
    return { kind: 'accept', agreement: undefined, headers: [] };
  }
  const headers: FieldInit[] = [
    {
      name: 'Session-Expires',
      value: formatSessionExpires({ deltaSeconds: interval, refresher, params: [] }),
    },
  ];
  if (uacSupports) headers.push({ name: 'Require', value: 'timer' });
  return { kind: 'accept', agreement: { interval, weRefresh: refresher === 'uas' }, headers };
}

/** The refresh (at half the interval) or expiry timer (interval minus min(32, interval/3), RFC 4028 10). */
export class SessionRefreshTimer {
  readonly #clock: Clock;
  readonly #onRefresh: () => void;
  readonly #onExpire: () => void;
  #handle: TimerHandle | undefined;
  #agreement: SessionTimerAgreement | undefined;

  constructor(clock: Clock, handlers: { onRefresh: () => void; onExpire: () => void }) {
    this.#clock = clock;
    this.#onRefresh = handlers.onRefresh;
    this.#onExpire = handlers.onExpire;
  }

  get agreement(): SessionTimerAgreement | undefined {
    return this.#agreement;
  }

  /** Starts a new period (after each successful refresh or the 2xx of the INVITE). */
  arm(agreement: SessionTimerAgreement | undefined): void {
    this.stop();
    this.#agreement = agreement;
    if (agreement === undefined) return;
    const ms = agreement.interval * 1000;
    if (agreement.weRefresh) {
      this.#handle = this.#clock.setTimer(ms / 2, () => {
        this.#handle = undefined;
        this.#onRefresh();
      });
    } else {
      const wait = ms - Math.min(32_000, ms / 3);
      this.#handle = this.#clock.setTimer(wait, () => {
        this.#handle = undefined;
        this.#onExpire();
      });
    }
  }

  stop(): void {
    if (this.#handle !== undefined) this.#clock.clearTimer(this.#handle);
    this.#handle = undefined;
  }
}
