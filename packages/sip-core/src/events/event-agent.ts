/**
 * The event framework of a user agent: subscriptions we make, event
 * packages we serve, REFER both ways, and the routing of SUBSCRIBE, NOTIFY
 * and REFER to them. The UA core calls {@link EventAgent.handleRequest} for
 * these methods (and for NOTIFYs whose To tag matches no dialog: RFC 6665
 * 4.1.2.4); {@link EventAgent.attach} does the routing itself for a stack
 * without a UA core (tests, small tools).
 */
import type { Dialog, DialogUsage } from '../dialog/dialog.js';
import { createResponse } from '../message/build.js';
import type { SipRequest } from '../message/sip-message.js';
import type { ServerTransaction } from '../transaction/types.js';
import type { EventsContext } from './context.js';
import { EventDialogs } from './event-dialogs.js';
import { checkRefer, IncomingRefer, type IncomingReferOptions, offerRefer } from './incoming-refer.js';
import type { AddressInput } from './initial-request.js';
import { EventNotifier, type EventPackage } from './notifier.js';
import { type ReferDestination, type ReferOptions, Referral } from './referral.js';
import { SessionBinding } from './session-bridge.js';
import type { SessionLike } from './session-referral.js';
import { Subscription } from './subscription.js';
import type { SubscribeOptions, SubscriberHost } from './subscription-types.js';

/** A NOTIFY that belongs to no subscription (Asterisk's unsolicited message-summary, for one). */
export interface UnsolicitedNotify {
  readonly request: SipRequest;
  /** The Event type. */
  readonly event: string;
  readonly body: Uint8Array;
  readonly contentType: string | undefined;
}

/** What the application decides on requests the framework cannot decide alone. */
export interface EventAgentDelegate {
  /** An out-of-dialog NOTIFY with no subscription: true answers 200, false 481 (RFC 6665 4.1.2.4 default). */
  onUnsolicitedNotify?(notify: UnsolicitedNotify): boolean;
  /** A REFER (in or out of a dialog): call accept() or reject(). Without a delegate REFER is refused with 603. */
  onRefer?(refer: IncomingRefer): void;
}

/** Options of {@link EventAgent}. */
export interface EventAgentOptions {
  readonly delegate?: EventAgentDelegate;
  readonly refer?: IncomingReferOptions;
}

/** The parts of the UA core (src/ua UaCore) the agent plugs into; structural so the layers stay apart. */
export interface UaCoreHooks {
  addRouter(router: {
    receiveRequest(tx: ServerTransaction): boolean;
    receiveAck(ack: SipRequest): boolean;
  }): () => void;
  allowInDialog(method: string): void;
  delegate: {
    readonly onSubscribe?: (tx: ServerTransaction) => void;
    readonly onNotify?: (tx: ServerTransaction) => void;
    readonly onRefer?: (tx: ServerTransaction) => void;
  };
}

const setKey = (callId: string, localTag: string): string => `${callId}\u0000${localTag}`;

export class EventAgent {
  readonly #ctx: EventsContext;
  readonly #notifier: EventNotifier;
  readonly #delegate: EventAgentDelegate;
  readonly #referOptions: IncomingReferOptions;
  readonly #watching = new Map<string, (tx: ServerTransaction) => boolean>();
  readonly #host: SubscriberHost;
  readonly #owned: EventDialogs;

  constructor(ctx: EventsContext, options: EventAgentOptions = {}) {
    this.#ctx = ctx;
    this.#delegate = options.delegate ?? {};
    this.#referOptions = options.refer ?? {};
    this.#owned = new EventDialogs(ctx.dialogs, this.dialogUsage);
    this.#notifier = new EventNotifier(ctx, this.#owned);
    this.#host = {
      ctx,
      own: (dialog) => this.#owned.own(dialog),
      release: (dialog) => this.#owned.release(dialog),
      watch: (callId, localTag, handler) => {
        const key = setKey(callId, localTag);
        this.#watching.set(key, handler);
        return () => {
          if (this.#watching.get(key) === handler) this.#watching.delete(key);
        };
      },
    };
  }

  /** Serves an event package (RFC 6665 section 5); the returned function withdraws it. */
  registerEventPackage(pkg: EventPackage): () => void {
    return this.#notifier.register(pkg);
  }

  /** Packages we serve, for Allow-Events in OPTIONS, INVITE and REGISTER responses (RFC 6665 8.2.2). */
  get allowEvents(): readonly string[] {
    return this.#notifier.allowEvents;
  }

  /** Starts a subscription (RFC 6665 4.1.2.1). */
  subscribe(options: SubscribeOptions): Subscription {
    const sub = new Subscription(this.#host, options);
    sub.start();
    return sub;
  }

  /** Sends a REFER (RFC 3515) inside `destination` (a dialog) or out of dialog to a target. */
  refer(destination: ReferDestination, referTo: AddressInput, options?: ReferOptions): Referral {
    return new Referral(this.#host, destination, referTo, options).start();
  }

  /**
   * Serves REFER in an INVITE session of src/session (its dialog is kept by
   * the session layer): incoming REFERs go to `onRefer` (default: the
   * delegate's), and the returned binding sends REFERs in the session.
   * Call `close()` on it when the session ends.
   */
  bindSession(session: SessionLike, onRefer?: (refer: IncomingRefer) => void): SessionBinding {
    return new SessionBinding({
      ctx: this.#ctx,
      session,
      owner: this.#owned,
      referOptions: this.#referOptions,
      onRefer: onRefer ?? this.#delegate.onRefer,
      notifier: this.#notifier,
    });
  }

  /**
   * Handles SUBSCRIBE, NOTIFY and REFER for the UA core. `dialog` is the
   * dialog the request matched, if any (its usages were already offered
   * the request). Returns false when the request is not for the framework;
   * the UA core then answers it (481, 405...).
   */
  handleRequest(tx: ServerTransaction, dialog?: Dialog): boolean {
    const req = tx.request;
    const toTag = req.to?.tag;
    switch (req.method) {
      case 'SUBSCRIBE':
        if (toTag !== undefined && dialog === undefined) return false; // 481 by the core
        if (dialog !== undefined && !dialog.acceptRemoteCSeq(req)) {
          tx.respond(createResponse(req, 500, 'CSeq Out of Order'));
          return true;
        }
        void this.#notifier.handleSubscribe(tx, dialog);
        return true;
      case 'REFER':
        if (toTag !== undefined && dialog === undefined) return false;
        return this.#onRefer(tx, dialog);
      case 'NOTIFY':
        return this.#onNotify(tx, dialog);
      default:
        return false;
    }
  }

  /**
   * Routes every request of `ctx.transactions` itself: in-dialog ones to the
   * dialog's usages, then to {@link handleRequest}; anything else gets 481
   * (with a To tag) or 501. For use without a UA core. Returns a detach function.
   */
  attach(): () => void {
    return this.#ctx.transactions.onRequest((tx) => {
      const req = tx.request;
      const dialog = req.to?.tag === undefined ? undefined : this.#ctx.dialogs.matchRequest(req);
      if (dialog?.usages.some((u) => u.onRequest(tx, dialog)) === true) return;
      if (this.handleRequest(tx, dialog)) return;
      const status = req.to?.tag !== undefined ? 481 : 501;
      if (req.method !== 'ACK')
        tx.respond(createResponse(req, status, undefined, { headers: this.#notifier.allowEventsHeaders() }));
    });
  }

  /**
   * Plugs the agent into a UA core: out-of-dialog SUBSCRIBE, NOTIFY and
   * REFER through its delegate, NOTIFYs whose To tag matches no dialog yet
   * through a dialog router (RFC 6665 4.1.2.4), and the methods added to
   * Allow. Returns a function that removes the router.
   */
  attachTo(core: UaCoreHooks): () => void {
    const handle = (tx: ServerTransaction): void => {
      if (!this.handleRequest(tx)) tx.respond(createResponse(tx.request, 481));
    };
    core.delegate = { ...core.delegate, onSubscribe: handle, onNotify: handle, onRefer: handle };
    for (const m of ['SUBSCRIBE', 'NOTIFY', 'REFER']) core.allowInDialog(m);
    return core.addRouter({
      receiveRequest: (tx) => tx.request.method === 'NOTIFY' && this.#onNotify(tx, undefined),
      receiveAck: () => false,
    });
  }

  /**
   * A dialog usage for dialogs made elsewhere (INVITE sessions): REFER and
   * new SUBSCRIBEs inside them reach the agent (RFC 3515 2.4.1, RFC 6665
   * 4.5.2). Add it last, after the session's own usage.
   */
  readonly dialogUsage: DialogUsage = {
    onRequest: (tx, dialog) => {
      const method = tx.request.method;
      if (method !== 'REFER' && method !== 'SUBSCRIBE') return false;
      // A refresh belongs to the subscription it names, whatever the usage order.
      if (
        method === 'SUBSCRIBE' &&
        dialog.usages.some((u) => u !== this.dialogUsage && u.onRequest(tx, dialog))
      )
        return true;
      return this.handleRequest(tx, dialog);
    },
  };

  #onNotify(tx: ServerTransaction, dialog: Dialog | undefined): boolean {
    const req = tx.request;
    const callId = req.callId;
    const toTag = req.to?.tag;
    if (dialog === undefined && callId !== undefined && toTag !== undefined) {
      // RFC 6665 4.1.2.4: a NOTIFY may come before the 2xx (or from another fork) and create the dialog.
      const handler = this.#watching.get(setKey(callId, toTag));
      return handler?.(tx) === true;
    }
    if (toTag !== undefined) return false;
    const ev = req.get('event');
    if (ev === undefined) {
      tx.respond(createResponse(req, 400, 'Missing Event Header'));
      return true;
    }
    const accepted =
      this.#delegate.onUnsolicitedNotify?.({
        request: req,
        event: ev.value,
        body: req.body,
        contentType: req.header('content-type')?.trim(),
      }) ?? false;
    tx.respond(createResponse(req, accepted ? 200 : 481));
    return true;
  }

  #onRefer(tx: ServerTransaction, dialog: Dialog | undefined): boolean {
    const req = tx.request;
    if (dialog !== undefined && !dialog.acceptRemoteCSeq(req)) {
      tx.respond(createResponse(req, 500, 'CSeq Out of Order'));
      return true;
    }
    const check = checkRefer(req);
    if (!check.ok) {
      tx.respond(createResponse(req, check.status, check.reason));
      return true;
    }
    const onRefer = this.#delegate.onRefer;
    if (onRefer === undefined) {
      tx.respond(createResponse(req, 603));
      return true;
    }
    offerRefer(
      new IncomingRefer({
        ctx: this.#ctx,
        request: req,
        respond: (status, o) =>
          tx.respond(
            createResponse(req, status, o.reason, {
              ...(o.toTag === undefined ? {} : { toTag: o.toTag }),
              ...(o.headers === undefined ? {} : { headers: o.headers }),
            }),
          ),
        referTo: check.referTo,
        dialog,
        owner: this.#owned,
        options: this.#referOptions,
      }),
      onRefer,
      this.#ctx.logger,
    );
    return true;
  }
}
