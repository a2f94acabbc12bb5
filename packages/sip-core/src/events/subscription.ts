/**
 * The subscriber side of a subscription (RFC 6665 section 4.1): the
 * SUBSCRIBE (or REFER, RFC 3515) that asks for it, the NOTIFYs that carry
 * its state (the first may come before the 2xx and create the dialog,
 * 4.1.2.4), refresh before expiry (4.1.2.2), 423 Min-Expires, unsubscribe
 * and its final NOTIFY (4.1.2.3), Timer N, and forked NOTIFYs, each of
 * which makes its own subscription (4.1.2.4).
 */
import { nextAttempt } from '../auth/request-copy.js';
import { Dialog, type DialogUsage } from '../dialog/dialog.js';
import { cryptoRandomBytes } from '../dialog/random.js';
import { eventId } from '../headers/event.js';
import type { SubscriptionState } from '../headers/types.js';
import { type HeadersInit, toFields } from '../message/assemble.js';
import { createResponse } from '../message/build.js';
import { withHeader } from '../message/copies.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { TimerHandle } from '../time/clock.js';
import type { ServerTransaction } from '../transaction/types.js';
import { Emitter } from '../util/emitter.js';
import { type EventsContext, EventsError } from './context.js';
import { type AddressInput, initialRequest, type UriInput } from './initial-request.js';
import { sendRequest } from './send-request.js';
import { SUBSCRIBER_TABLE, type SubscriberInput, type SubscriberState } from './subscriber-table.js';
import { endOf, resubscribeDelayMs, type SubscriptionEnd } from './subscription-end.js';

/** A NOTIFY received for a subscription (already answered with 200). */
export interface SubscriptionNotify {
  readonly request: SipRequest;
  readonly state: SubscriptionState;
  readonly body: Uint8Array;
  /** Content-Type as written, lower-cased type/subtype, or undefined without a body. */
  readonly contentType: string | undefined;
}

/** Options of a subscription. */
export interface SubscribeOptions {
  /** The event package (Event header type, RFC 6665 7.2.1). */
  readonly event: string;
  /** The Event `id` parameter, to tell subscriptions of one dialog apart (RFC 6665 7.2.1). */
  readonly id?: string;
  /** Request-URI of an out-of-dialog SUBSCRIBE. */
  readonly target?: UriInput;
  /** Our address of record (From) for an out-of-dialog SUBSCRIBE. */
  readonly from?: AddressInput;
  /** To of an out-of-dialog SUBSCRIBE (default: the target). */
  readonly to?: AddressInput;
  /** Subscribe inside this dialog instead (RFC 6665 4.5.2, dialog reuse). */
  readonly dialog?: Dialog;
  /** Accept: the body types we understand (RFC 6665 4.1.2.1). */
  readonly accept?: readonly string[];
  /** Requested duration in seconds (default 3600). */
  readonly expires?: number;
  readonly headers?: HeadersInit;
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
  /** Subscribe again when the notifier ends with deactivated/probation/timeout/giveup (default true). */
  readonly resubscribe?: boolean;
}

/** The link between a subscription and the agent that routes requests to it. */
export interface SubscriberHost {
  readonly ctx: EventsContext;
  /** Routes NOTIFYs whose To tag matches no dialog yet (RFC 6665 4.1.2.4) to `handler`. */
  watch(callId: string, localTag: string, handler: (tx: ServerTransaction) => boolean): () => void;
  /** Marks a dialog as made by the event framework (not an INVITE dialog). */
  own(dialog: Dialog): void;
}

/** How the subscription is asked for: SUBSCRIBE, or REFER with its implicit subscription (RFC 3515 2.4.4). */
export interface SubscriptionKind {
  readonly method: 'SUBSCRIBE' | 'REFER';
  /** The headers of the initial request besides Event/Expires/Accept (Refer-To, Referred-By...). */
  readonly initialHeaders?: HeadersInit;
}

const MIN_EXPIRES_ROUNDS = 2;

/** One subscription dialog as its subscriber sees it. */
export class Subscription implements DialogUsage {
  /** Every state change. */
  readonly stateChange = new Emitter<SubscriberState>();
  /** Each NOTIFY of this subscription. */
  readonly notify = new Emitter<SubscriptionNotify>();
  /** The final response to the SUBSCRIBE/REFER that started (or restarted) it. */
  readonly response = new Emitter<SipResponse>();
  /** A NOTIFY from another fork made a new subscription (RFC 6665 4.1.2.4). */
  readonly fork = new Emitter<Subscription>();
  /** The subscription ended (state `terminated`). */
  readonly ended = new Emitter<SubscriptionEnd>();
  readonly event: string;
  readonly #host: SubscriberHost;
  readonly #options: SubscribeOptions;
  readonly #kind: SubscriptionKind;
  #state: SubscriberState = 'idle';
  #id: string | undefined;
  #expires: number;
  #request: SipRequest | undefined;
  #dialog: Dialog | undefined;
  #ownsDialog = false;
  #offUsage: (() => void) | undefined;
  #unwatch: (() => void) | undefined;
  #timers = new Map<string, TimerHandle>();
  #wantUnsubscribe = false;
  #end: SubscriptionEnd | undefined;

  constructor(
    host: SubscriberHost,
    options: SubscribeOptions,
    kind: SubscriptionKind = { method: 'SUBSCRIBE' },
  ) {
    if (options.dialog === undefined && (options.target === undefined || options.from === undefined))
      throw new EventsError('bad-argument', 'a subscription needs a dialog, or a target and a from address');
    this.#host = host;
    this.#options = options;
    this.#kind = kind;
    this.event = options.event;
    this.#id = options.id;
    this.#expires = options.expires ?? 3600;
  }

  get state(): SubscriberState {
    return this.#state;
  }
  /** The Event id parameter NOTIFYs must carry (for REFER: the CSeq of the REFER, RFC 3515 2.4.6). */
  get id(): string | undefined {
    return this.#id;
  }
  get dialog(): Dialog | undefined {
    return this.#dialog;
  }
  /** How it ended, once terminated. */
  get end(): SubscriptionEnd | undefined {
    return this.#end;
  }
  /** The last SUBSCRIBE or REFER that created it. */
  get request(): SipRequest | undefined {
    return this.#request;
  }

  /** Sends the SUBSCRIBE (or REFER). */
  start(): void {
    if (this.#state !== 'idle' && this.#state !== 'waiting')
      throw new EventsError('bad-state', `start in ${this.#state}`);
    const existing = this.#options.dialog;
    let request: SipRequest;
    if (existing !== undefined) {
      request = existing.createRequest(this.#kind.method, { headers: this.#initialHeaders(this.#expires) });
      this.#useDialog(existing, false);
    } else {
      request = initialRequest(this.#host.ctx, {
        method: this.#kind.method,
        target: this.#options.target!,
        from: this.#options.from!,
        ...(this.#options.to === undefined ? {} : { to: this.#options.to }),
        headers: this.#initialHeaders(this.#expires),
        ...(this.#options.body === undefined ? {} : { body: this.#options.body }),
        ...(this.#options.contentType === undefined ? {} : { contentType: this.#options.contentType }),
      });
    }
    this.#apply(this.#state === 'idle' ? 'send' : 'retry');
    void this.#sendInitial(request, 0);
  }

  /** Sends a refresh SUBSCRIBE now (RFC 6665 4.1.2.2); resolves with its final response. */
  async refresh(expires = this.#expires): Promise<SipResponse> {
    const dialog = this.#dialog;
    if (dialog === undefined || !['accepted', 'pending', 'active'].includes(this.#state))
      throw new EventsError('bad-state', `refresh in ${this.#state}`);
    this.#expires = expires;
    for (let round = 0; ; round++) {
      const req = dialog.createRequest('SUBSCRIBE', { headers: this.#refreshHeaders(this.#expires) });
      const { response } = await sendRequest(this.#host.ctx, req);
      const status = response.status;
      if (status >= 200 && status < 300) {
        this.#setDuration(response.get('expires') ?? this.#expires);
      } else if (status === 423 && round < MIN_EXPIRES_ROUNDS && response.get('min-expires') !== undefined) {
        this.#expires = response.get('min-expires')!;
        continue;
      } else if (status === 481) {
        this.#finish('fail', { reason: 'dialog-gone', status });
      } else {
        // 4.1.2.2: still valid until the last known expiry.
        this.#host.ctx.logger?.info(`subscription ${this.event}: refresh failed with ${status}`);
      }
      return response;
    }
  }

  /** Ends the subscription (SUBSCRIBE with Expires: 0, then the final NOTIFY: RFC 6665 4.1.2.3); resolves once terminated. */
  unsubscribe(): Promise<SubscriptionEnd> {
    const done = new Promise<SubscriptionEnd>((resolve) => {
      if (this.#end !== undefined) resolve(this.#end);
      else this.ended.once(resolve);
    });
    switch (this.#state) {
      case 'idle':
      case 'waiting':
        this.#finish('unsubscribe', { reason: 'unsubscribed' });
        break;
      case 'subscribing':
        this.#wantUnsubscribe = true; // sent once a dialog exists
        break;
      case 'accepted':
      case 'pending':
      case 'active':
        void this.#sendUnsubscribe();
        break;
      default:
        break;
    }
    return done;
  }

  /** DialogUsage: a request of our dialog; NOTIFYs of this subscription are ours. */
  onRequest(tx: ServerTransaction): boolean {
    return tx.request.method === 'NOTIFY' && this.#onNotify(tx);
  }

  #initialHeaders(expires: number): HeadersInit {
    const out: { name: string; value: string }[] = [];
    if (this.#kind.method === 'SUBSCRIBE') {
      out.push({ name: 'Event', value: this.#eventValue() });
      out.push({ name: 'Expires', value: String(expires) });
      if (this.#options.accept !== undefined)
        out.push({ name: 'Accept', value: this.#options.accept.join(', ') });
    }
    const extra = this.#kind.initialHeaders ?? this.#options.headers;
    out.push(...toFields(extra));
    return out;
  }

  #refreshHeaders(expires: number): HeadersInit {
    const out = [
      { name: 'Event', value: this.#eventValue() },
      { name: 'Expires', value: String(expires) },
    ];
    if (this.#options.accept !== undefined)
      out.push({ name: 'Accept', value: this.#options.accept.join(', ') });
    return out;
  }

  #eventValue(): string {
    return this.#id === undefined ? this.event : `${this.event};id=${this.#id}`;
  }

  async #sendInitial(request: SipRequest, round: number): Promise<void> {
    this.#request = request;
    if (this.#kind.method === 'REFER') this.#id = String(request.cseq?.seq);
    const callId = request.callId;
    const tag = request.from?.tag;
    if (this.#options.dialog === undefined && callId !== undefined && tag !== undefined) {
      this.#unwatch?.();
      this.#unwatch = this.#host.watch(callId, tag, (tx) => this.#onUnmatchedNotify(tx));
    }
    const exchange = await sendRequest(this.#host.ctx, request);
    const sent = exchange.request;
    if (sent !== request) {
      this.#request = sent;
      if (this.#kind.method === 'REFER') this.#id = String(sent.cseq?.seq);
    }
    const response = exchange.response;
    const status = response.status;
    if (status === 423 && round < MIN_EXPIRES_ROUNDS && response.get('min-expires') !== undefined) {
      this.#expires = response.get('min-expires')!;
      const again = withHeader(
        nextAttempt(sent, this.#host.ctx.random ?? cryptoRandomBytes),
        'Expires',
        String(this.#expires),
      );
      return this.#sendInitial(again, round + 1);
    }
    this.response.emit(response);
    if (this.#state === 'terminated') return;
    if (status < 200 || status >= 300) {
      if (this.#state === 'subscribing') this.#finish('fail', { reason: 'failed', status });
      return;
    }
    if (this.#dialog === undefined && response.to?.tag !== undefined) {
      const dialog = Dialog.asUac(sent, response, this.#host.ctx.dialogContext);
      this.#useDialog(dialog, true);
    }
    // RFC 4488 4: Refer-Sub: false in the 2xx means no implicit subscription.
    if (this.#kind.method === 'REFER' && response.header('refer-sub')?.trim().toLowerCase() === 'false') {
      this.#finish('notify-terminated', { reason: 'norefersub' });
      return;
    }
    if (this.#kind.method === 'SUBSCRIBE') this.#setDuration(response.get('expires') ?? this.#expires);
    if (this.#apply('ok')) this.#startTimerN();
    // Forked NOTIFYs may still come for a while after the 2xx (4.1.2.4).
    this.#later('forks', 64 * this.#host.ctx.transactions.timers.t1, () => {
      this.#unwatch?.();
      this.#unwatch = undefined;
    });
    if (this.#wantUnsubscribe) void this.#sendUnsubscribe();
  }

  /** A NOTIFY of our request's Call-ID and From tag from a peer that has no dialog with us yet. */
  #onUnmatchedNotify(tx: ServerTransaction): boolean {
    if (!this.#matchesEvent(tx.request)) return false;
    if (this.#dialog === undefined && this.#state !== 'terminated') {
      const dialog = this.#dialogFromNotify(tx.request);
      if (dialog === undefined) return false;
      this.#useDialog(dialog, true);
      return this.#onNotify(tx);
    }
    // Another fork: its own subscription (4.1.2.4).
    const forked = new Subscription(this.#host, { ...this.#options, resubscribe: false }, this.#kind);
    const dialog = forked.#dialogFromNotify(tx.request, this.#request);
    if (dialog === undefined) return false;
    forked.#request = this.#request;
    forked.#id = this.#id;
    forked.#expires = this.#expires;
    forked.#state = 'subscribing';
    forked.#useDialog(dialog, true);
    this.fork.emit(forked);
    return forked.#onNotify(tx);
  }

  #dialogFromNotify(notify: SipRequest, request = this.#request): Dialog | undefined {
    const from = notify.from;
    const local = request?.from;
    if (
      request === undefined ||
      from?.tag === undefined ||
      local?.tag === undefined ||
      notify.callId === undefined
    )
      return undefined;
    const contact = notify.contact;
    return new Dialog(
      {
        id: { callId: notify.callId, localTag: local.tag, remoteTag: from.tag },
        role: 'uac',
        state: 'confirmed',
        local,
        remote: from,
        remoteTarget: (contact !== undefined && contact !== '*' ? contact[0]?.uri : undefined) ?? from.uri,
        // The NOTIFY's Record-Route in order, as for a request we receive (RFC 6665 4.1.2.4, RFC 3261 12.1.1).
        routeSet: notify.get('record-route') ?? [],
        localSeq: request.cseq?.seq,
        remoteSeq: undefined,
        secure: request.uri?.scheme === 'sips',
      },
      this.#host.ctx.dialogContext,
    );
  }

  #useDialog(dialog: Dialog, owned: boolean): void {
    this.#dialog = dialog;
    this.#ownsDialog = owned;
    if (owned) {
      this.#host.own(dialog);
      this.#host.ctx.dialogs.add(dialog);
    }
    this.#offUsage?.();
    this.#offUsage = dialog.addUsage(this);
  }

  #matchesEvent(request: SipRequest): boolean {
    const ev = request.get('event');
    if (ev === undefined || ev.value !== this.event) return false;
    const id = eventId(ev);
    // RFC 3515 2.4.6: NOTIFYs for the first REFER of a dialog may leave the id out.
    if (id === undefined && this.#kind.method === 'REFER') return true;
    return id === this.#id;
  }

  #onNotify(tx: ServerTransaction): boolean {
    const req = tx.request;
    if (!this.#matchesEvent(req)) return false;
    const dialog = this.#dialog;
    const ss = req.parsed('subscription-state');
    if (!ss.ok || ss.value === undefined) {
      // RFC 6665 4.1.3: a NOTIFY without a usable Subscription-State is rejected.
      tx.respond(createResponse(req, 400, 'Bad Subscription-State'));
      return true;
    }
    if (dialog !== undefined) {
      if (!dialog.acceptRemoteCSeq(req)) {
        tx.respond(createResponse(req, 500, 'CSeq Out of Order'));
        return true;
      }
      dialog.refreshRemoteTarget(req); // NOTIFY is a target refresh request (RFC 6665 4.1.2.4 / 7.x)
    }
    if (this.#state === 'terminated') {
      tx.respond(createResponse(req, 481, 'Subscription Does Not Exist'));
      return true;
    }
    tx.respond(createResponse(req, 200));
    this.#clear('timer-n');
    const state = ss.value;
    const ct = req.header('content-type');
    this.notify.emit({ request: req, state, body: req.body, contentType: ct?.trim() });
    switch (state.state) {
      case 'active':
      case 'pending':
        this.#apply(state.state === 'active' ? 'notify-active' : 'notify-pending');
        if (state.expires !== undefined && this.#state !== 'unsubscribing') this.#setDuration(state.expires);
        break;
      case 'terminated':
        this.#onTerminatedNotify(state);
        break;
      default:
        // An unknown state is treated as pending (RFC 6665 4.1.3 lets extensions define more).
        this.#apply('notify-pending');
    }
    if (this.#wantUnsubscribe && (this.#state === 'pending' || this.#state === 'active'))
      void this.#sendUnsubscribe();
    return true;
  }

  #onTerminatedNotify(state: SubscriptionState): void {
    const delay = this.#state === 'unsubscribing' ? undefined : resubscribeDelayMs(state);
    if (delay === undefined || this.#options.resubscribe === false) {
      this.#finish('notify-terminated', endOf(state));
      return;
    }
    // 4.1.3: a new subscription, with a new dialog unless we reuse one.
    this.#releaseDialog();
    this.#apply('wait');
    this.#later('retry', delay, () => {
      if (this.#state === 'waiting') this.start();
    });
  }

  async #sendUnsubscribe(): Promise<void> {
    this.#wantUnsubscribe = false;
    const dialog = this.#dialog;
    if (dialog === undefined || !this.#apply('unsubscribe')) return;
    this.#clear('refresh');
    this.#clear('expiry');
    this.#startTimerN();
    const req = dialog.createRequest('SUBSCRIBE', { headers: this.#refreshHeaders(0) });
    const { response } = await sendRequest(this.#host.ctx, req);
    if (response.status >= 300 && this.#state === 'unsubscribing')
      this.#finish('fail', {
        reason: response.status === 481 ? 'dialog-gone' : 'unsubscribed',
        status: response.status,
      });
  }

  #startTimerN(): void {
    // RFC 6665 4.1.2.4 / 4.1.2.3: Timer N = 64*T1.
    this.#later('timer-n', 64 * this.#host.ctx.transactions.timers.t1, () => {
      const reason = this.#state === 'unsubscribing' ? 'unsubscribed' : 'no-notify';
      this.#finish('timer-n', { reason });
    });
  }

  /** The subscription lasts `seconds` from now: refresh before, end at expiry (4.1.2.2). */
  #setDuration(seconds: number): void {
    this.#clear('refresh');
    this.#clear('expiry');
    if (seconds <= 0) return;
    const ms = seconds * 1000;
    // Leave a whole transaction time (64*T1) before expiry, and refresh no sooner than half-way.
    const refreshIn = Math.max(ms / 2, ms - 64 * this.#host.ctx.transactions.timers.t1 - 1000);
    this.#later('expiry', ms, () => this.#finish('expired', { reason: 'expired' }));
    this.#later('refresh', refreshIn, () => {
      if (this.#state === 'pending' || this.#state === 'active' || this.#state === 'accepted')
        this.refresh().catch((e: unknown) => this.#host.ctx.logger?.warn(`refresh: ${(e as Error).message}`));
    });
  }

  #later(name: string, ms: number, fn: () => void): void {
    this.#clear(name);
    this.#timers.set(
      name,
      this.#host.ctx.clock.setTimer(ms, () => {
        this.#timers.delete(name);
        fn();
      }),
    );
  }

  #clear(name: string): void {
    const t = this.#timers.get(name);
    if (t !== undefined) this.#host.ctx.clock.clearTimer(t);
    this.#timers.delete(name);
  }

  #apply(input: SubscriberInput): boolean {
    const next = SUBSCRIBER_TABLE[this.#state][input];
    if (next === undefined) return false;
    const changed = next !== this.#state;
    this.#state = next;
    if (changed) this.stateChange.emit(next);
    return true;
  }

  #releaseDialog(): void {
    this.#offUsage?.();
    this.#offUsage = undefined;
    const dialog = this.#dialog;
    this.#dialog = undefined;
    if (dialog !== undefined && this.#ownsDialog && dialog.usages.length === 0) dialog.terminate();
    for (const name of ['refresh', 'expiry', 'timer-n']) this.#clear(name);
  }

  #finish(input: SubscriberInput, end: SubscriptionEnd): void {
    if (this.#state === 'terminated') return;
    this.#apply(input);
    if ((this.#state as SubscriberState) !== 'terminated') {
      this.#state = 'terminated';
      this.stateChange.emit('terminated');
    }
    this.#releaseDialog();
    for (const t of this.#timers.values()) this.#host.ctx.clock.clearTimer(t);
    this.#timers.clear();
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#end = end;
    this.ended.emit(end);
  }
}
