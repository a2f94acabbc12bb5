/**
 * The subscriber side of a subscription (RFC 6665 4.1, and REFER's, RFC 3515): NOTIFY before the
 * 2xx and forks (4.1.2.4), refresh (4.1.2.2), 423, unsubscribe (4.1.2.3), Timer N.
 */
import { nextAttempt } from '../auth/request-copy.js';
import { Dialog, type DialogUsage } from '../dialog/dialog.js';
import { cryptoRandomBytes } from '../dialog/random.js';
import type { SubscriptionState } from '../headers/types.js';
import { type FieldInit, type HeadersInit, toFields } from '../message/assemble.js';
import { withHeader } from '../message/copies.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { ServerTransaction } from '../transaction/types.js';
import { Emitter } from '../util/emitter.js';
import { EventsError } from './context.js';
import { defined, initialRequest } from './initial-request.js';
import { NamedTimers } from './named-timers.js';
import { answerNotify, dialogFromNotify, eventMatches } from './notify-dialog.js';
import { safeEmit } from './safe-emit.js';
import { sendRequest } from './send-request.js';
import { SUBSCRIBER_TABLE, type SubscriberInput, type SubscriberState } from './subscriber-table.js';
import {
  endOf,
  RetryBudget,
  refreshDelayMs,
  resubscribeDelayMs,
  type SubscriptionEnd,
} from './subscription-end.js';
import {
  type SubscribeOptions,
  type SubscriberHost,
  type SubscriptionKind,
  type SubscriptionNotify,
  subscribeHeaders,
} from './subscription-types.js';

export type { SubscribeOptions, SubscriptionNotify } from './subscription-types.js';

const MIN_EXPIRES_ROUNDS = 2;
const SUBSCRIBE: SubscriptionKind = { method: 'SUBSCRIBE' };

/** One subscription dialog as its subscriber sees it. */
export class Subscription implements DialogUsage {
  readonly stateChange = new Emitter<SubscriberState>();
  /** Each NOTIFY of this subscription (already answered). */
  readonly notify = new Emitter<SubscriptionNotify>();
  /** The final response to the SUBSCRIBE/REFER that started (or restarted) it. */
  readonly response = new Emitter<SipResponse>();
  /** A NOTIFY from another fork made a new subscription (RFC 6665 4.1.2.4). */
  readonly fork = new Emitter<Subscription>();
  /** It ended (state `terminated`). */
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
  #offUsage: (() => void) | undefined;
  #unwatch: (() => void) | undefined;
  readonly #timers: NamedTimers;
  #wantUnsubscribe = false;
  readonly #retries = new RetryBudget();
  /** Builds the initial request again inside an existing dialog (next CSeq). */
  #rebuild: (() => SipRequest) | undefined;
  #end: SubscriptionEnd | undefined;

  constructor(host: SubscriberHost, options: SubscribeOptions, kind: SubscriptionKind = SUBSCRIBE) {
    if (options.dialog === undefined && (options.target === undefined || options.from === undefined))
      throw new EventsError('bad-argument', 'a subscription needs a dialog, or a target and a from address');
    this.#host = host;
    this.#timers = new NamedTimers(host.ctx.clock);
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
    const s = this.#state;
    if (s !== 'idle' && s !== 'waiting') throw new EventsError('bad-state', `start in ${s}`);
    const existing = this.#options.dialog;
    let request: SipRequest;
    if (existing !== undefined) {
      this.#rebuild = () =>
        existing.createRequest(this.#kind.method, { headers: this.#initialHeaders(this.#expires) });
      request = this.#rebuild();
      this.#useDialog(existing, false);
    } else {
      const { target, from, to, body, contentType } = this.#options;
      const headers = this.#initialHeaders(this.#expires);
      const init = { method: this.#kind.method, target: target!, from: from!, headers };
      request = initialRequest(this.#host.ctx, { ...init, ...defined({ to, body, contentType }) });
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
      const build = (): SipRequest =>
        dialog.createRequest('SUBSCRIBE', { headers: this.#headers(this.#expires) });
      const { response } = await sendRequest(this.#host.ctx, build(), { rebuild: build });
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
    const state = this.#state;
    if (state === 'idle' || state === 'waiting') this.#finish('unsubscribe', { reason: 'unsubscribed' });
    else if (state === 'subscribing')
      this.#wantUnsubscribe = true; // sent once there is a dialog
    else if (state === 'accepted' || state === 'pending' || state === 'active') void this.#sendUnsubscribe();
    return done;
  }

  /** DialogUsage: a request of our dialog; NOTIFYs of this subscription are ours. */
  onRequest(tx: ServerTransaction): boolean {
    return tx.request.method === 'NOTIFY' && this.#onNotify(tx);
  }

  #initialHeaders(expires: number): HeadersInit {
    const base = this.#kind.method === 'SUBSCRIBE' ? this.#headers(expires) : [];
    return [...base, ...toFields(this.#kind.initialHeaders ?? this.#options.headers)];
  }

  #headers(expires: number): FieldInit[] {
    return subscribeHeaders(this.event, this.#id, expires, this.#options.accept);
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
    const rebuild = this.#rebuild;
    const exchange = await sendRequest(this.#host.ctx, request, {
      ...(rebuild === undefined ? {} : { rebuild }),
      // NOTIFYs may come before the final response: they carry the id of the REFER last sent (RFC 3515 2.4.6).
      onAttempt: (sent) => {
        this.#request = sent;
        if (this.#kind.method === 'REFER') this.#id = String(sent.cseq?.seq);
      },
    });
    const sent = exchange.request;
    const response = exchange.response;
    const status = response.status;
    if (status === 423 && round < MIN_EXPIRES_ROUNDS && response.get('min-expires') !== undefined) {
      this.#expires = response.get('min-expires')!;
      const again = withHeader(
        rebuild?.() ?? nextAttempt(sent, this.#host.ctx.random ?? cryptoRandomBytes),
        'Expires',
        String(this.#expires),
      );
      return this.#sendInitial(again, round + 1);
    }
    this.#emit(this.response, response);
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
    this.#timers.set('forks', 64 * this.#host.ctx.transactions.timers.t1, () => {
      this.#unwatch?.();
      this.#unwatch = undefined;
    });
    if (this.#wantUnsubscribe) void this.#sendUnsubscribe();
  }

  /** A NOTIFY of our request's Call-ID and From tag from a peer that has no dialog with us yet. */
  #onUnmatchedNotify(tx: ServerTransaction): boolean {
    if (!this.#matchesEvent(tx.request) || this.#request === undefined) return false;
    if (this.#dialog?.id.remoteTag === tx.request.from?.tag) return this.#onNotify(tx);
    const dialog = dialogFromNotify(tx.request, this.#request, this.#host.ctx.dialogContext);
    if (dialog === undefined) return false;
    if (this.#dialog === undefined && this.#state !== 'terminated') {
      this.#useDialog(dialog, true);
      return this.#onNotify(tx);
    }
    // Another fork: its own subscription (4.1.2.4).
    const forked = new Subscription(this.#host, { ...this.#options, resubscribe: false }, this.#kind);
    forked.#request = this.#request;
    forked.#id = this.#id;
    forked.#expires = this.#expires;
    forked.#state = 'subscribing';
    forked.#useDialog(dialog, true);
    this.#emit(this.fork, forked);
    return forked.#onNotify(tx);
  }

  #useDialog(dialog: Dialog, owned: boolean): void {
    this.#dialog = dialog;
    this.#offUsage?.();
    const offUsage = dialog.addUsage(this);
    // The dialog ending under us (BYE of a shared call, 481) ends the subscription (RFC 5057).
    const offState = dialog.stateChange.on((st) => {
      if (st === 'terminated' && this.#dialog === dialog) this.#finish('fail', { reason: 'dialog-gone' });
    });
    this.#offUsage = () => {
      offUsage();
      offState();
    };
    if (owned) this.#host.own(dialog);
  }

  #matchesEvent(request: SipRequest): boolean {
    // RFC 3515 2.4.6: NOTIFYs for the first REFER of a dialog may leave the id out.
    return eventMatches(request, this.event, this.#id, this.#kind.method === 'REFER');
  }

  #onNotify(tx: ServerTransaction): boolean {
    const req = tx.request;
    if (!this.#matchesEvent(req)) return false;
    const state = answerNotify(tx, this.#dialog, this.#state !== 'terminated');
    if (state === undefined) return true;
    this.#timers.clear('timer-n');
    const ct = req.header('content-type');
    this.#emit(this.notify, { request: req, state, body: req.body, contentType: ct?.trim() });
    switch (state.state) {
      case 'active':
      case 'pending':
        this.#apply(state.state === 'active' ? 'notify-active' : 'notify-pending');
        if (state.expires !== undefined && this.#state !== 'unsubscribing') {
          // REFER asks for no duration: refreshes ask for what the notifier gave (RFC 3515 2.4.4).
          if (this.#kind.method === 'REFER') this.#expires = state.expires;
          this.#setDuration(state.expires);
        }
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
    // No new subscription after our unsubscribe or a fetch (Expires: 0, RFC 6665 4.4.3).
    const over = this.#state === 'unsubscribing' || this.#expires === 0;
    const delay = over ? undefined : resubscribeDelayMs(state);
    if (
      delay === undefined ||
      this.#options.resubscribe === false ||
      !this.#retries.take(this.#host.ctx.clock.now())
    ) {
      this.#finish('notify-terminated', endOf(state));
      return;
    }
    this.#unwatch?.(); // the old Call-ID is done with
    this.#unwatch = undefined;
    this.#releaseDialog();
    this.#apply('wait');
    this.#timers.set('retry', delay, () => {
      if (this.#state === 'waiting') this.start();
    });
  }

  async #sendUnsubscribe(): Promise<void> {
    this.#wantUnsubscribe = false;
    const dialog = this.#dialog;
    if (dialog === undefined || !this.#apply('unsubscribe')) return;
    this.#timers.clear('refresh', 'expiry');
    this.#startTimerN();
    if (dialog.state === 'terminated') return this.#finish('fail', { reason: 'dialog-gone' });
    const build = (): SipRequest =>
      dialog.createRequest('SUBSCRIBE', {
        headers: this.#headers(0),
      });
    const { response } = await sendRequest(this.#host.ctx, build(), { rebuild: build });
    if (response.status >= 300 && this.#state === 'unsubscribing')
      this.#finish('fail', {
        reason: response.status === 481 ? 'dialog-gone' : 'unsubscribed',
        status: response.status,
      });
  }

  /** Timer N = 64*T1 (RFC 6665 4.1.2.4, 4.1.2.3). */
  #startTimerN(): void {
    this.#timers.set('timer-n', 64 * this.#host.ctx.transactions.timers.t1, () =>
      this.#finish('timer-n', { reason: this.#state === 'unsubscribing' ? 'unsubscribed' : 'no-notify' }),
    );
  }

  /** The subscription lasts `seconds` from now: refresh before, end at expiry (4.1.2.2). */
  #setDuration(seconds: number): void {
    this.#timers.clear('refresh', 'expiry');
    if (seconds <= 0) return;
    const refreshIn = refreshDelayMs(seconds, this.#host.ctx.transactions.timers.t1);
    this.#timers.set('expiry', seconds * 1000, () => this.#finish('expired', { reason: 'expired' }));
    this.#timers.set('refresh', refreshIn, () => {
      if (this.#state === 'pending' || this.#state === 'active' || this.#state === 'accepted')
        this.refresh().catch((e: unknown) => this.#host.ctx.logger?.warn(`refresh: ${(e as Error).message}`));
    });
  }

  #emit<T>(emitter: Emitter<T>, value: T): void {
    safeEmit(emitter, value, this.#host.ctx.logger);
  }

  #apply(input: SubscriberInput): boolean {
    const next = SUBSCRIBER_TABLE[this.#state][input];
    if (next === undefined) return false;
    const changed = next !== this.#state;
    this.#state = next;
    if (changed) this.#emit(this.stateChange, next);
    return true;
  }

  #releaseDialog(): void {
    this.#offUsage?.();
    this.#offUsage = undefined;
    const dialog = this.#dialog;
    this.#dialog = undefined;
    if (dialog !== undefined) this.#host.release(dialog); // ends it if ours and unused
    this.#timers.clear('refresh', 'expiry', 'timer-n');
  }

  #finish(input: SubscriberInput, end: SubscriptionEnd): void {
    if (this.#state === 'terminated') return;
    this.#apply(input);
    if ((this.#state as SubscriberState) !== 'terminated') {
      this.#state = 'terminated';
      this.#emit(this.stateChange, 'terminated');
    }
    this.#releaseDialog();
    this.#timers.clearAll();
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#end = end;
    this.#emit(this.ended, end);
  }
}
