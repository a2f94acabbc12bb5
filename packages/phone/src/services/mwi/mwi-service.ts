/**
 * Message waiting indication (RFC 3842) for each profile, as Twinkle does it:
 * with `mwi_sollicited` a SUBSCRIBE to message-summary at
 * `mwi_user@mwi_server` (the profile's user and domain by default), through
 * the outbound proxy with `mwi_via_proxy`, for `mwi_subscription_time`
 * seconds and refreshed by sip-core's Subscription; a failed subscription is
 * tried again later. Without it, the unsolicited NOTIFYs a PBX such as
 * Asterisk sends out of dialog after REGISTER are taken. Each NOTIFY's
 * counts become an `mwi` event.
 */
import {
  createResponse,
  MESSAGE_SUMMARY_EVENT,
  type MessageSummary,
  messageSummarySubscription,
  parseMessageSummary,
  type Subscription,
  type SubscriptionEnd,
  type TimerHandle,
  type UnsolicitedNotify,
  type UserAgent,
  voiceMessages,
} from '@twinkle/sip-core';
import { userOf } from '../../engine/outgoing.js';
import type { ProfileSet } from '../../engine/profile-set.js';
import { type ProfileState, serverUri } from '../../engine/profile-state.js';
import type { MwiEvent, MwiSubscriptionEvent } from './mwi-events.js';
import type { MwiStatus } from './mwi-status.js';

/** What the service needs of the phone. */
export interface MwiHost {
  readonly ua: UserAgent;
  readonly profiles: ProfileSet;
  readonly emit: (event: MwiEvent | MwiSubscriptionEvent) => void;
  readonly closed: () => boolean;
}

/** Seconds before a failed subscription is tried again (doubling up to 30 minutes). */
const FIRST_RETRY_S = 30;
const LAST_RETRY_S = 1800;

interface ProfileMwi {
  readonly profile: ProfileState;
  subscription: Subscription | undefined;
  state: MwiStatus['subscription'];
  counts: MwiStatus['counts'];
  retryS: number;
  retryTimer: TimerHandle | undefined;
  offs: (() => void)[];
}

/** The mailbox URI a profile subscribes to. */
export function mailboxUri(p: ProfileState): string {
  const c = p.profile;
  const user = c.mwiUser === '' ? c.userName : c.mwiUser;
  const server = c.mwiServer === '' ? c.userDomain : c.mwiServer;
  const host = serverUri(server, c.sipTransport) ?? `sip:${c.userDomain}`;
  return user === '' ? host : host.replace(/^(sips?:)/i, `$1${user}@`);
}

export class MwiService {
  readonly #host: MwiHost;
  readonly #byProfile = new Map<string, ProfileMwi>();

  constructor(host: MwiHost) {
    this.#host = host;
    // Out-of-dialog NOTIFYs (no To tag) reach the UA core's delegate, which the event
    // framework took over (it answers those nobody subscribed to with 481): take the
    // message-summary ones first, leave the rest to it.
    const core = host.ua.core;
    const agent = core.delegate.onNotify;
    core.delegate = {
      ...core.delegate,
      onNotify: (tx) => {
        const req = tx.request;
        const event = req.header('event');
        if (req.to?.tag === undefined && event !== undefined) {
          const contentType = req.header('content-type')?.trim();
          const taken = this.unsolicitedNotify({ request: req, event, body: req.body, contentType });
          if (taken) {
            tx.respond(createResponse(req, 200));
            return;
          }
        }
        if (agent !== undefined) agent(tx);
        else tx.respond(createResponse(req, 481));
      },
    };
  }

  #entry(p: ProfileState): ProfileMwi {
    let e = this.#byProfile.get(p.name);
    if (e === undefined) {
      e = {
        profile: p,
        subscription: undefined,
        state: p.profile.mwiSollicited ? 'off' : 'unsolicited',
        counts: undefined,
        retryS: FIRST_RETRY_S,
        retryTimer: undefined,
        offs: [],
      };
      this.#byProfile.set(p.name, e);
    }
    return e;
  }

  /** Subscribes for a profile with mwi_sollicited (again, if it ended); a no-op otherwise. */
  subscribe(profile: ProfileState): void {
    if (!profile.profile.mwiSollicited || this.#host.closed()) return;
    const e = this.#entry(profile);
    if (e.subscription !== undefined && e.subscription.state !== 'terminated') return;
    this.#clearRetry(e);
    const p = profile.profile;
    const proxy = p.mwiViaProxy ? profile.proxyUri : undefined;
    const sub = this.#host.ua.events.subscribe({
      ...messageSummarySubscription({
        target: mailboxUri(profile),
        from: profile.from,
        expires: p.mwiSubscriptionTime,
      }),
      // mwi_via_proxy: the outbound proxy as a loose route (RFC 3261 8.1.2).
      ...(proxy === undefined ? {} : { headers: [{ name: 'Route', value: `<${proxy};lr>` }] }),
    });
    e.subscription = sub;
    for (const off of e.offs) off();
    e.offs = [
      sub.stateChange.on((s) => {
        if (s === 'subscribing' || s === 'pending' || s === 'active') this.#state(e, s);
        if (s === 'active') e.retryS = FIRST_RETRY_S;
      }),
      sub.notify.on((n) => this.#counts(e, n.body, true)),
      sub.ended.on((end) => this.#ended(e, end)),
    ];
    this.#state(e, 'subscribing');
  }

  #state(
    e: ProfileMwi,
    state: MwiSubscriptionEvent['state'],
    extra: { reason?: string; retryIn?: number } = {},
  ): void {
    if (e.state === state && extra.reason === undefined) return;
    e.state = state;
    this.#host.emit({ type: 'mwi-subscription', profile: e.profile.name, state, ...extra });
  }

  #ended(e: ProfileMwi, end: SubscriptionEnd): void {
    if (this.#host.closed() || end.reason === 'unsubscribed') {
      this.#state(e, 'terminated', { reason: end.reason });
      return;
    }
    // RFC 6665 4.1.3 retry-after, else our doubling back-off.
    const wait = end.retryAfter ?? e.retryS;
    e.retryS = Math.min(LAST_RETRY_S, e.retryS * 2);
    const reason = end.status === undefined ? end.reason : `${end.status}`;
    this.#state(e, 'failed', { reason, retryIn: wait });
    e.retryTimer = this.#host.ua.clock.setTimer(wait * 1000, () => {
      e.retryTimer = undefined;
      e.subscription = undefined;
      this.subscribe(e.profile);
    });
  }

  #clearRetry(e: ProfileMwi): void {
    if (e.retryTimer !== undefined) this.#host.ua.clock.clearTimer(e.retryTimer);
    e.retryTimer = undefined;
  }

  #counts(e: ProfileMwi, body: Uint8Array, solicited: boolean): boolean {
    if (body.length === 0) return true; // a NOTIFY without a body (pending, final): nothing new
    const r = parseMessageSummary(body);
    if (!r.ok) return false;
    const event = mwiEvent(e.profile.name, r.value, solicited);
    const { type: _t, profile: _p, solicited: _s, ...counts } = event;
    e.counts = counts;
    this.#host.emit(event);
    return true;
  }

  /**
   * An out-of-dialog NOTIFY nobody subscribed to: message-summary for a
   * profile (by Request-URI or To user) is taken, as Twinkle does (Asterisk
   * sends them unsolicited); anything else is refused with 481.
   */
  unsolicitedNotify(n: UnsolicitedNotify): boolean {
    if (n.event.split(';')[0]!.trim().toLowerCase() !== MESSAGE_SUMMARY_EVENT) return false;
    const profiles = this.#host.profiles;
    const user = userOf(n.request.uri) ?? userOf(n.request.to?.uri);
    const p =
      profiles.ofUser(user) ??
      profiles.all.find((x) => x.profile.mwiUser !== '' && x.profile.mwiUser === user) ??
      (profiles.all.length === 1 ? profiles.all[0] : undefined);
    if (p === undefined) return false;
    return this.#counts(this.#entry(p), n.body, false);
  }

  /** Every profile's MWI state, or one profile's. */
  status(profile?: string): MwiStatus[] {
    const list = profile === undefined ? this.#host.profiles.all : [this.#host.profiles.get(profile)];
    return list.map((p) => {
      const e = this.#entry(p);
      const c = p.profile;
      return {
        profile: p.name,
        solicited: c.mwiSollicited,
        subscription: e.state,
        ...(c.mwiSollicited ? { mailbox: mailboxUri(p) } : {}),
        ...(e.counts === undefined ? {} : { counts: e.counts }),
        ...(c.mwiVmAddress === '' ? {} : { voicemail: c.mwiVmAddress }),
      };
    });
  }

  /** Unsubscribes every profile (bounded by the caller's quit timeout). */
  async close(): Promise<void> {
    const ends: Promise<unknown>[] = [];
    for (const e of this.#byProfile.values()) {
      this.#clearRetry(e);
      const s = e.subscription;
      if (s !== undefined && s.state !== 'terminated') ends.push(s.unsubscribe().catch(() => {}));
    }
    await Promise.all(ends);
    for (const e of this.#byProfile.values()) for (const off of e.offs) off();
  }
}

/** A NOTIFY's summary as an `mwi` event (voice-message counts; zero when the server gives none). */
export function mwiEvent(profile: string, s: MessageSummary, solicited: boolean): MwiEvent {
  const v = voiceMessages(s) ?? s.counts[0];
  return {
    type: 'mwi',
    profile,
    waiting: s.messagesWaiting,
    newMessages: v?.newMessages ?? 0,
    oldMessages: v?.oldMessages ?? 0,
    ...(v?.newUrgent === undefined ? {} : { newUrgent: v.newUrgent, oldUrgent: v.oldUrgent ?? 0 }),
    ...(s.account === undefined ? {} : { account: s.account }),
    solicited,
  };
}
