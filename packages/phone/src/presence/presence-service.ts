/**
 * Presence as Twinkle has it (RFC 3856 over RFC 6665, PIDF RFC 3863,
 * PUBLISH RFC 3903): each profile's buddy list (`<profile>.bud`) with a
 * presence subscription per buddy that says `subscribe`, refreshed by
 * sip-core's Subscription and tried again after a failure; the buddies'
 * states as `presence` events; our own state published to the profile's
 * AOR (`presence -b online|offline`), refreshed with SIP-If-Match before it
 * expires and removed when the phone quits.
 */
import type { Subscription, SubscriptionEnd, TimerHandle, UserAgent } from '@twinkle/sip-core';
import { PhoneError } from '../engine/errors.js';
import { expandTarget } from '../engine/outgoing.js';
import type { ProfileSet } from '../engine/profile-set.js';
import type { ProfileState } from '../engine/profile-state.js';
import { type Buddy, readBuddyList, writeBuddyList } from './buddy-list.js';
import { basicState, formatPidf, PIDF_TYPE, parsePidf } from './pidf.js';
import type { BuddyState, PresenceEvent, PresencePublishEvent } from './presence-events.js';

/** What the service needs of the phone. */
export interface PresenceHost {
  readonly ua: UserAgent;
  readonly profiles: ProfileSet;
  readonly emit: (event: PresenceEvent | PresencePublishEvent) => void;
  readonly closed: () => boolean;
  /** Where `<profile>.bud` files are (no directory: buddies only through setBuddies). */
  readonly configDir?: string;
}

/** A buddy with its state, as `presence` lists it. */
export interface BuddyStatus {
  readonly profile: string;
  readonly name: string;
  readonly uri: string;
  readonly subscribe: boolean;
  readonly state: BuddyState;
  readonly note?: string;
}

interface BuddyEntry {
  readonly buddy: Buddy;
  readonly profile: ProfileState;
  readonly uri: string;
  state: BuddyState;
  note: string | undefined;
  subscription: Subscription | undefined;
  retryS: number;
  retryTimer: TimerHandle | undefined;
  offs: (() => void)[];
}

interface Publication {
  state: 'online' | 'offline';
  etag: string | undefined;
  timer: TimerHandle | undefined;
  /** The PUBLISH in flight (or done): the next one waits for it. */
  queue: Promise<unknown>;
}

const FIRST_RETRY_S = 30;
const LAST_RETRY_S = 1800;

export class PresenceService {
  readonly #host: PresenceHost;
  readonly #buddies = new Map<string, BuddyEntry[]>();
  readonly #published = new Map<string, Publication>();
  #closing = false;
  /** The buddy lists being read: edits wait for it, or the read would undo them. */
  #loading: Promise<void> = Promise.resolve();

  constructor(host: PresenceHost) {
    this.#host = host;
  }

  /** Reads every profile's buddy list from the config directory. */
  load(): Promise<void> {
    this.#loading = (async () => {
      const dir = this.#host.configDir;
      if (dir === undefined) return;
      for (const p of this.#host.profiles.all) this.setBuddies(p.name, await readBuddyList(dir, p.name));
    })();
    return this.#loading;
  }

  /** Replaces a profile's buddy list (subscriptions follow on the next `start`). */
  setBuddies(profile: string, buddies: readonly Buddy[]): void {
    const p = this.#host.profiles.get(profile);
    for (const e of this.#buddies.get(p.name) ?? []) this.#stop(e);
    const entries = this.#entries(p, buddies);
    this.#buddies.set(p.name, entries);
  }

  /**
   * Adds a buddy to a profile's list (default the active one), saves
   * `<profile>.bud` when there is a config directory, and subscribes when
   * the buddy says `subscribe`. A buddy of the same name is replaced.
   */
  async addBuddy(buddy: Buddy, profileName?: string): Promise<void> {
    await this.#loading.catch(() => {});
    const p = this.#host.profiles.get(profileName);
    const [entry] = this.#entries(p, [buddy]);
    if (entry === undefined) throw new PhoneError('bad-argument', `not a SIP address: ${buddy.address}`);
    const list = this.#buddies.get(p.name) ?? [];
    await Promise.all(list.filter((e) => e.buddy.name === buddy.name).map((e) => this.#stop(e)));
    this.#buddies.set(p.name, [...list.filter((e) => e.buddy.name !== buddy.name), entry]);
    await this.#save(p.name);
    this.#subscribe(entry);
  }

  /** Removes a buddy by name (unsubscribing) and saves the list; false when there is none. */
  async removeBuddy(name: string, profileName?: string): Promise<boolean> {
    await this.#loading.catch(() => {});
    const p = this.#host.profiles.get(profileName);
    const list = this.#buddies.get(p.name) ?? [];
    const gone = list.filter((e) => e.buddy.name === name);
    if (gone.length === 0) return false;
    this.#buddies.set(
      p.name,
      list.filter((e) => e.buddy.name !== name),
    );
    await Promise.all(gone.map((e) => this.#stop(e)));
    await this.#save(p.name);
    return true;
  }

  async #save(profile: string): Promise<void> {
    const dir = this.#host.configDir;
    if (dir === undefined) return;
    const buddies = (this.#buddies.get(profile) ?? []).map((e) => e.buddy);
    await writeBuddyList(dir, profile, buddies);
  }

  #entries(p: ProfileState, buddies: readonly Buddy[]): BuddyEntry[] {
    const entries: BuddyEntry[] = [];
    for (const buddy of buddies) {
      let uri: string;
      try {
        uri = expandTarget(buddy.address, p).uri;
      } catch {
        continue; // not an address: Twinkle logs and skips it
      }
      entries.push({
        buddy,
        profile: p,
        uri,
        state: 'unknown',
        note: undefined,
        subscription: undefined,
        retryS: FIRST_RETRY_S,
        retryTimer: undefined,
        offs: [],
      });
    }
    return entries;
  }

  /**
   * Subscribes to the profile's buddies; with `registered` (the profile has
   * just registered, as Twinkle does it) also publishes `online` when
   * pres_publish_startup says so.
   */
  start(which: ProfileState | string, registered = false): void {
    const profile = typeof which === 'string' ? this.#host.profiles.get(which) : which;
    for (const e of this.#buddies.get(profile.name) ?? []) this.#subscribe(e);
    if (registered && profile.profile.presPublishStartup && !this.#published.has(profile.name))
      void this.publish('online', profile.name).catch(() => {});
  }

  /** Every buddy's state (of one profile, or all). */
  buddies(profile?: string): BuddyStatus[] {
    const names = profile === undefined ? this.#host.profiles.names : [this.#host.profiles.get(profile).name];
    return names.flatMap((n) =>
      (this.#buddies.get(n) ?? []).map((e) => ({
        profile: n,
        name: e.buddy.name,
        uri: e.uri,
        subscribe: e.buddy.subscribe,
        state: e.state,
        ...(e.note === undefined ? {} : { note: e.note }),
      })),
    );
  }

  /** Our published state of a profile, if we published one. */
  ownState(profile?: string): 'online' | 'offline' | undefined {
    return this.#published.get(this.#host.profiles.get(profile).name)?.state;
  }

  #subscribe(e: BuddyEntry): void {
    if (!e.buddy.subscribe || this.#host.closed() || this.#closing) return;
    if (e.subscription !== undefined && e.subscription.state !== 'terminated') return;
    this.#clearRetry(e);
    const p = e.profile;
    const proxy = p.proxyUri;
    const sub = this.#host.ua.events.subscribe({
      event: 'presence',
      accept: [PIDF_TYPE],
      target: e.uri,
      from: p.from,
      expires: p.profile.presSubscriptionTime,
      ...(proxy === undefined ? {} : { headers: [{ name: 'Route', value: `<${proxy};lr>` }] }),
    });
    e.subscription = sub;
    for (const off of e.offs) off();
    e.offs = [
      sub.notify.on((n) => {
        if (n.body.length === 0) return;
        const doc = parsePidf(n.body);
        if (doc === undefined) return;
        const basic = basicState(doc);
        const note = doc.tuples.find((t) => t.note !== undefined)?.note ?? doc.notes[0];
        this.#set(e, basic === 'open' ? 'online' : basic === 'closed' ? 'offline' : 'unknown', note);
      }),
      sub.stateChange.on((s) => {
        if (s === 'active') e.retryS = FIRST_RETRY_S;
      }),
      sub.ended.on((end) => this.#ended(e, end)),
    ];
  }

  #set(e: BuddyEntry, state: BuddyState, note: string | undefined): void {
    if (e.state === state && e.note === note) return;
    e.state = state;
    e.note = note;
    this.#host.emit({
      type: 'presence',
      profile: e.profile.name,
      buddy: e.buddy.name,
      uri: e.uri,
      state,
      ...(note === undefined ? {} : { note }),
    });
  }

  #ended(e: BuddyEntry, end: SubscriptionEnd): void {
    if (this.#closing || this.#host.closed() || end.reason === 'unsubscribed') return;
    this.#set(
      e,
      end.reason === 'rejected' || end.status === 403 || end.status === 603 ? 'rejected' : 'failed',
      undefined,
    );
    const wait = end.retryAfter ?? e.retryS;
    e.retryS = Math.min(LAST_RETRY_S, e.retryS * 2);
    e.retryTimer = this.#host.ua.clock.setTimer(wait * 1000, () => {
      e.retryTimer = undefined;
      e.subscription = undefined;
      this.#subscribe(e);
    });
  }

  #clearRetry(e: BuddyEntry): void {
    if (e.retryTimer !== undefined) this.#host.ua.clock.clearTimer(e.retryTimer);
    e.retryTimer = undefined;
  }

  #stop(e: BuddyEntry): Promise<unknown> {
    this.#clearRetry(e);
    const s = e.subscription;
    e.subscription = undefined;
    for (const off of e.offs) off();
    return s !== undefined && s.state !== 'terminated' ? s.unsubscribe().catch(() => {}) : Promise.resolve();
  }

  /**
   * Publishes our state to the profile's AOR (RFC 3903 4.1), replacing an
   * earlier publication (SIP-If-Match); resolves with the final response.
   */
  async publish(
    state: 'online' | 'offline',
    profileName?: string,
  ): Promise<{ status: number; reason: string }> {
    const p = this.#host.profiles.get(profileName);
    const pub = this.#published.get(p.name) ?? {
      state,
      etag: undefined,
      timer: undefined,
      queue: Promise.resolve(),
    };
    pub.state = state;
    this.#published.set(p.name, pub);
    const body = formatPidf(p.aor, state === 'online' ? 'open' : 'closed', { id: `${p.name}-twinkle` });
    const r = await this.#send(p, pub, p.profile.presPublicationTime, body);
    this.#host.emit({
      type: 'presence-published',
      profile: p.name,
      state,
      status: r.status,
      reason: r.reason,
    });
    return r;
  }

  /**
   * One PUBLISH at a time per publication: each names the ETag the one before it was
   * given (RFC 3903 4.1), so a new state sent while a refresh is in flight does not
   * carry the ETag that refresh replaces.
   */
  #send(
    p: ProfileState,
    pub: Publication,
    expires: number,
    body: string | undefined,
  ): Promise<{ status: number; reason: string }> {
    const run = pub.queue.then(() => this.#exchange(p, pub, expires, body));
    pub.queue = run.catch(() => {});
    return run;
  }

  async #exchange(
    p: ProfileState,
    pub: Publication,
    expires: number,
    body: string | undefined,
  ): Promise<{ status: number; reason: string }> {
    if (pub.timer !== undefined) this.#host.ua.clock.clearTimer(pub.timer);
    pub.timer = undefined;
    const headers: { name: string; value: string }[] = [
      { name: 'Event', value: 'presence' },
      { name: 'Expires', value: String(expires) },
    ];
    if (pub.etag !== undefined) headers.push({ name: 'SIP-If-Match', value: pub.etag });
    const proxy = p.proxyUri;
    if (proxy !== undefined) headers.push({ name: 'Route', value: `<${proxy};lr>` });
    let r: { status: number; reason: string; header(name: string): string | undefined };
    try {
      r = await this.#host.ua.request('PUBLISH', p.aor, {
        from: p.from,
        headers,
        ...(body === undefined ? {} : { body, contentType: PIDF_TYPE }),
      });
    } catch (error) {
      return { status: 408, reason: (error as Error).message };
    }
    if (r.status === 412 && body === undefined && expires > 0) {
      // RFC 3903 4.4: the ETag is unknown to the compositor: publish the state afresh.
      pub.etag = undefined;
      return this.#exchange(p, pub, expires, formatPidf(p.aor, pub.state === 'online' ? 'open' : 'closed'));
    }
    if (r.status >= 200 && r.status < 300 && expires > 0) {
      pub.etag = r.header('sip-etag')?.trim() ?? pub.etag;
      const granted = Number(r.header('expires') ?? expires);
      const seconds = Number.isFinite(granted) && granted > 0 ? granted : expires;
      // Refresh (no body, RFC 3903 4.3) a little before the publication lapses.
      const inMs = Math.max(seconds * 500, seconds * 1000 - 30_000);
      pub.timer = this.#host.ua.clock.setTimer(inMs, () => {
        pub.timer = undefined;
        if (!this.#closing && !this.#host.closed())
          void this.#send(p, pub, p.profile.presPublicationTime, undefined);
      });
    }
    return { status: r.status, reason: r.reason };
  }

  /** Unsubscribes every buddy and removes our publications (Expires: 0, RFC 3903 4.5). */
  async close(): Promise<void> {
    this.#closing = true;
    const work: Promise<unknown>[] = [];
    for (const list of this.#buddies.values()) for (const e of list) work.push(this.#stop(e));
    for (const [name, pub] of this.#published) {
      if (pub.timer !== undefined) this.#host.ua.clock.clearTimer(pub.timer);
      pub.timer = undefined;
      if (pub.etag !== undefined && this.#host.profiles.has(name))
        work.push(this.#send(this.#host.profiles.get(name), pub, 0, undefined));
    }
    await Promise.all(work);
  }
}
