/**
 * The subscriber's state table (RFC 6665 section 4.1). A subscription is
 * created by SUBSCRIBE (or REFER, RFC 3515) and its state follows the
 * Subscription-State of the NOTIFYs; unknown inputs leave the state as it is.
 */

/** Where a subscription stands, as its subscriber sees it. */
export type SubscriberState =
  /** Not started. */
  | 'idle'
  /** SUBSCRIBE (or REFER) sent, no final response and no NOTIFY yet. */
  | 'subscribing'
  /** A 2xx arrived, waiting for the first NOTIFY (Timer N, RFC 6665 4.1.2.4). */
  | 'accepted'
  /** Subscription-State: pending (RFC 6665 4.1.3). */
  | 'pending'
  /** Subscription-State: active. */
  | 'active'
  /** SUBSCRIBE with Expires: 0 sent, waiting for the final NOTIFY (RFC 6665 4.1.2.3). */
  | 'unsubscribing'
  /** Terminated by the notifier with a reason that invites a new subscription; one is scheduled (4.1.3). */
  | 'waiting'
  | 'terminated';

/** What moves a subscription. */
export type SubscriberInput =
  | 'send'
  /** 2xx to the SUBSCRIBE/REFER (RFC 6665 4.1.2.1). */
  | 'ok'
  /** Non-2xx final response to the initial request, or 481/408 to a refresh (4.1.2.2). */
  | 'fail'
  | 'notify-pending'
  | 'notify-active'
  | 'notify-terminated'
  /** No NOTIFY within 64*T1 (RFC 6665 4.1.2.4, 4.1.2.3). */
  | 'timer-n'
  /** The subscription's duration passed without a successful refresh (4.1.2.2). */
  | 'expired'
  | 'unsubscribe'
  /** A new subscription is scheduled after termination (4.1.3: deactivated, probation...). */
  | 'wait'
  | 'retry';

type Row = Partial<Record<SubscriberInput, SubscriberState>>;

const LIVE: Row = {
  'notify-pending': 'pending', // 4.1.3
  'notify-active': 'active', // 4.1.3
  'notify-terminated': 'terminated', // 4.1.3
  wait: 'waiting', // 4.1.3 deactivated/probation/timeout
  expired: 'terminated', // 4.1.2.2
  fail: 'terminated', // 4.1.2.2: 481 to a refresh
  unsubscribe: 'unsubscribing', // 4.1.2.3
};

export const SUBSCRIBER_TABLE: Readonly<Record<SubscriberState, Row>> = {
  idle: { send: 'subscribing', unsubscribe: 'terminated' },
  subscribing: { ...LIVE, ok: 'accepted', expired: 'terminated' },
  accepted: { ...LIVE, 'timer-n': 'terminated' },
  pending: LIVE,
  active: LIVE,
  unsubscribing: {
    'notify-terminated': 'terminated', // 4.1.2.3: the final NOTIFY
    'timer-n': 'terminated', // 4.1.2.3: no final NOTIFY within Timer N
    fail: 'terminated',
    expired: 'terminated',
  },
  waiting: { retry: 'subscribing', unsubscribe: 'terminated' },
  terminated: {},
};
