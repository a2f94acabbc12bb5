/**
 * Busy lamps: subscriptions to the dialog event package (RFC 4235) of other
 * users, each NOTIFY applied to a {@link DialogInfoTracker}; a change of the
 * lamp (idle, ringing, busy) becomes a `dialog-state` event. A partial
 * notification that skipped a version asks for the full state again with a
 * refresh (RFC 4235 section 4.1). Ended subscriptions are tried again like
 * the presence ones.
 */
import type { Subscription, TimerHandle, UserAgent } from '@twinkle/sip-core';
import { expandTarget } from '../engine/outgoing.js';
import type { ProfileSet } from '../engine/profile-set.js';
import { DIALOG_INFO_TYPE, DialogInfoTracker, type LampState, parseDialogInfo } from './dialog-info.js';

/** A watched user's lamp changed. */
export interface DialogStateEvent {
  readonly type: 'dialog-state';
  readonly profile: string;
  readonly uri: string;
  readonly state: LampState;
  /** Dialogs in progress (not terminated). */
  readonly dialogs: number;
}

export interface DialogWatchHost {
  readonly ua: UserAgent;
  readonly profiles: ProfileSet;
  readonly emit: (event: DialogStateEvent) => void;
  readonly closed: () => boolean;
}

/** One watched user, as `blf` lists it. */
export interface LampStatus {
  readonly profile: string;
  readonly uri: string;
  readonly state: LampState;
  readonly dialogs: number;
}

interface Watch {
  readonly profile: string;
  readonly uri: string;
  readonly tracker: DialogInfoTracker;
  lamp: LampState;
  /** A refresh was sent for the full state: partial documents wait for it. */
  awaitingFull: boolean;
  subscription: Subscription | undefined;
  retryS: number;
  retryTimer: TimerHandle | undefined;
  offs: (() => void)[];
}

const FIRST_RETRY_S = 30;
const LAST_RETRY_S = 1800;

export class DialogWatch {
  readonly #host: DialogWatchHost;
  readonly #watches = new Map<string, Watch>();
  #closing = false;

  constructor(host: DialogWatchHost) {
    this.#host = host;
  }

  /** Watches a user's dialogs from a profile (default the active one); returns the expanded URI. */
  watch(destination: string, profileName?: string): string {
    const p = this.#host.profiles.get(profileName);
    const uri = expandTarget(destination, p).uri;
    if (this.#watches.has(uri)) return uri;
    const w: Watch = {
      profile: p.name,
      uri,
      tracker: new DialogInfoTracker(),
      lamp: 'unknown',
      awaitingFull: false,
      subscription: undefined,
      retryS: FIRST_RETRY_S,
      retryTimer: undefined,
      offs: [],
    };
    this.#watches.set(uri, w);
    this.#subscribe(w);
    return uri;
  }

  /** Stops watching (unsubscribes); false when the user was not watched. */
  async unwatch(destination: string, profileName?: string): Promise<boolean> {
    const p = this.#host.profiles.get(profileName);
    const uri = expandTarget(destination, p).uri;
    const w = this.#watches.get(uri);
    if (w === undefined) return false;
    this.#watches.delete(uri);
    await this.#stop(w);
    return true;
  }

  lamps(): LampStatus[] {
    return [...this.#watches.values()].map((w) => ({
      profile: w.profile,
      uri: w.uri,
      state: w.lamp,
      dialogs: w.tracker.dialogs.length,
    }));
  }

  #subscribe(w: Watch): void {
    if (this.#closing || this.#host.closed()) return;
    const p = this.#host.profiles.get(w.profile);
    const proxy = p.proxyUri;
    w.tracker.reset();
    w.awaitingFull = false;
    const sub = this.#host.ua.events.subscribe({
      event: 'dialog',
      accept: [DIALOG_INFO_TYPE],
      target: w.uri,
      from: p.from,
      expires: p.profile.presSubscriptionTime,
      ...(proxy === undefined ? {} : { headers: [{ name: 'Route', value: `<${proxy};lr>` }] }),
    });
    w.subscription = sub;
    for (const off of w.offs) off();
    w.offs = [
      sub.notify.on((n) => {
        if (n.body.length === 0) return;
        const doc = parseDialogInfo(n.body);
        if (doc === undefined) return;
        if (doc.state === 'full') w.awaitingFull = false;
        if (!w.tracker.apply(doc)) {
          // A lost partial notification: a refresh brings the full state (RFC 4235 4.1), once.
          if (doc.state === 'partial' && !w.awaitingFull) {
            w.awaitingFull = true;
            w.tracker.reset();
            void sub.refresh().catch(() => {});
          }
          return;
        }
        this.#update(w);
      }),
      sub.stateChange.on((s) => {
        if (s === 'active') w.retryS = FIRST_RETRY_S;
      }),
      sub.ended.on((end) => {
        if (
          this.#closing ||
          this.#host.closed() ||
          end.reason === 'unsubscribed' ||
          !this.#watches.has(w.uri)
        )
          return;
        w.tracker.reset();
        this.#update(w);
        const wait = end.retryAfter ?? w.retryS;
        w.retryS = Math.min(LAST_RETRY_S, w.retryS * 2);
        w.retryTimer = this.#host.ua.clock.setTimer(wait * 1000, () => {
          w.retryTimer = undefined;
          this.#subscribe(w);
        });
      }),
    ];
  }

  #update(w: Watch): void {
    const lamp = w.tracker.lamp;
    if (lamp === w.lamp) return;
    w.lamp = lamp;
    this.#host.emit({
      type: 'dialog-state',
      profile: w.profile,
      uri: w.uri,
      state: lamp,
      dialogs: w.tracker.dialogs.length,
    });
  }

  #stop(w: Watch): Promise<unknown> {
    if (w.retryTimer !== undefined) this.#host.ua.clock.clearTimer(w.retryTimer);
    w.retryTimer = undefined;
    for (const off of w.offs) off();
    const s = w.subscription;
    w.subscription = undefined;
    return s !== undefined && s.state !== 'terminated' ? s.unsubscribe().catch(() => {}) : Promise.resolve();
  }

  /** Unsubscribes everything (quit). */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all([...this.#watches.values()].map((w) => this.#stop(w)));
  }
}
