/**
 * The notifier side of one subscription (RFC 6665 section 4.2): the
 * immediate NOTIFY after accepting or refreshing (4.2.1.2, 4.2.2), state
 * changes, one NOTIFY transaction at a time with later states coalesced,
 * refresh and unsubscribe SUBSCRIBEs (4.2.1.2), expiry with the final
 * `terminated;reason=timeout` NOTIFY (4.2.2), and the end of the dialog
 * when the last usage goes (RFC 5057).
 */
import type { Dialog, DialogUsage } from '../dialog/dialog.js';
import { eventId } from '../headers/event.js';
import { formatNameAddr } from '../headers/name-addr-format.js';
import type { FieldInit } from '../message/assemble.js';
import { createResponse } from '../message/build.js';
import type { SipRequest } from '../message/sip-message.js';
import type { TimerHandle } from '../time/clock.js';
import type { ServerTransaction } from '../transaction/types.js';
import { Emitter } from '../util/emitter.js';
import { type EventsContext, EventsError } from './context.js';
import type { DialogOwner } from './event-dialogs.js';
import { safeEmit } from './safe-emit.js';
import { sendRequest } from './send-request.js';

/** A NOTIFY body: bytes or text and its Content-Type. */
export interface EventBody {
  readonly body: Uint8Array | string;
  readonly contentType: string;
}

/** The notifier's view of a subscription's state. */
export type NotifierState = 'pending' | 'active' | 'terminated';

/** Why a notifier subscription ended. */
export interface NotifierEnd {
  /** The reason sent in Subscription-State, or `dialog-gone`/`notify-failed` when a NOTIFY failed (4.2.2). */
  readonly reason: string;
  readonly status?: number;
}

/** What a notifier subscription is made from. */
export interface NotifierSubscriptionInit {
  readonly ctx: EventsContext;
  /** The dialog, when it is one of the stack's Dialogs: the subscription becomes its usage. */
  readonly dialog?: Dialog;
  /** How NOTIFYs are sent; default: in `dialog` through the transaction layer. */
  readonly channel?: NotifyChannel;
  /** Told when this usage ends; ends the dialog if the framework made it and nothing else uses it. */
  readonly owner?: DialogOwner;
  /** The SUBSCRIBE or REFER that created it. */
  readonly request: SipRequest;
  readonly event: string;
  readonly id: string | undefined;
  readonly state: 'pending' | 'active';
  /** Granted duration in seconds. */
  readonly expires: number;
  /** Bounds for refreshes. */
  readonly minExpires?: number;
  readonly maxExpires?: number;
  /** Extra headers for the 2xx to a refresh (Allow-Events). */
  readonly responseHeaders?: readonly { name: string; value: string }[];
}

/** Where NOTIFYs go: a Dialog of the stack, or a dialog kept by another layer (INVITE sessions). */
export interface NotifyChannel {
  /** Sends a NOTIFY with these headers and body; resolves with its final status (408/503 made locally: `local`). */
  send(
    headers: readonly FieldInit[],
    content: EventBody | undefined,
  ): Promise<{ status: number; local: boolean }>;
}

/** A channel that sends in a Dialog through the transaction layer, CSeq from the dialog. */
export function dialogChannel(ctx: EventsContext, dialog: Dialog): NotifyChannel {
  return {
    send: async (headers, content) => {
      if (dialog.state === 'terminated') return { status: 481, local: true };
      const build = (): SipRequest =>
        dialog.createRequest('NOTIFY', {
          headers,
          ...(content === undefined ? {} : { body: content.body, contentType: content.contentType }),
        });
      const { response, local } = await sendRequest(ctx, build(), { rebuild: build });
      return { status: response.status, local };
    },
  };
}

/** How a refresh SUBSCRIBE is answered: final status and headers. */
export type RefreshResponder = (status: number, headers: readonly FieldInit[]) => void;

export class NotifierSubscription implements DialogUsage {
  readonly event: string;
  readonly id: string | undefined;
  readonly dialog: Dialog | undefined;
  /** The request that created the subscription. */
  readonly request: SipRequest;
  /** Each state change. */
  readonly stateChange = new Emitter<NotifierState>();
  /** A refresh SUBSCRIBE was accepted; the new duration in seconds. */
  readonly refreshed = new Emitter<number>();
  readonly ended = new Emitter<NotifierEnd>();
  readonly #init: NotifierSubscriptionInit;
  #state: NotifierState;
  #expiresAt = 0;
  #expiry: TimerHandle | undefined;
  #content: EventBody | undefined;
  #inFlight = false;
  #queued = false;
  /** Set once the final NOTIFY is chosen: sent when the queue drains. */
  #final: { reason: string; retryAfter: number | undefined } | undefined;
  readonly #channel: NotifyChannel;
  readonly #offUsage: (() => void) | undefined;
  readonly #offDialog: (() => void) | undefined;
  #end: NotifierEnd | undefined;

  constructor(init: NotifierSubscriptionInit) {
    this.#init = init;
    this.event = init.event;
    this.id = init.id;
    this.dialog = init.dialog;
    this.request = init.request;
    this.#state = init.state;
    this.#offUsage = init.dialog?.addUsage(this);
    // The dialog ending (BYE of the call it shares, 481 elsewhere) ends the subscription (RFC 5057).
    this.#offDialog = init.dialog?.stateChange.on((st) => {
      if (st === 'terminated') this.#close({ reason: 'dialog-gone' });
    });
    if (init.channel === undefined && init.dialog === undefined)
      throw new EventsError('bad-argument', 'a notifier subscription needs a dialog or a channel');
    this.#channel = init.channel ?? dialogChannel(init.ctx, init.dialog!);
    this.#setExpiry(init.expires);
  }

  get state(): NotifierState {
    return this.#state;
  }
  /** Seconds left before the subscription expires (at least 0). */
  get remaining(): number {
    return Math.max(0, Math.ceil((this.#expiresAt - this.#init.ctx.clock.now()) / 1000));
  }
  /** The body of the last NOTIFY (sent again after refreshes). */
  get content(): EventBody | undefined {
    return this.#content;
  }
  get end(): NotifierEnd | undefined {
    return this.#end;
  }

  /** Sends a NOTIFY with new state (and optionally moves pending to active or back: RFC 6665 4.2.1.3). */
  notify(content?: EventBody, state?: 'pending' | 'active'): void {
    if (this.#state === 'terminated' || this.#final !== undefined)
      throw new EventsError('terminated', 'NOTIFY on a terminated subscription');
    if (content !== undefined) this.#content = content;
    if (state !== undefined && state !== this.#state) {
      this.#state = state;
      safeEmit(this.stateChange, state, this.#init.ctx.logger);
    }
    this.#send();
  }

  /** Ends the subscription with a final NOTIFY `terminated;reason=...` (RFC 6665 4.2.2, 4.1.3). */
  terminate(reason = 'noresource', options: { retryAfter?: number; content?: EventBody } = {}): void {
    if (this.#state === 'terminated' || this.#final !== undefined) return;
    if (options.content !== undefined) this.#content = options.content;
    this.#final = { reason, retryAfter: options.retryAfter };
    this.#clearExpiry();
    this.#send();
  }

  /** DialogUsage: refresh or unsubscribe SUBSCRIBEs for this event and id. */
  onRequest(tx: ServerTransaction): boolean {
    const req = tx.request;
    if (!this.matches(req)) return false;
    const dialog = this.dialog;
    if (dialog !== undefined && !dialog.acceptRemoteCSeq(req)) {
      tx.respond(createResponse(req, 500, 'CSeq Out of Order'));
      return true;
    }
    dialog?.refreshRemoteTarget(req);
    const contact = dialog === undefined ? [] : [{ name: 'Contact', value: contactOf(dialog) }];
    this.refresh(req, (status, headers) =>
      tx.respond(
        createResponse(req, status, undefined, { headers: [...headers, ...(status === 200 ? contact : [])] }),
      ),
    );
    return true;
  }

  /** Whether a SUBSCRIBE names this subscription (event and id, RFC 6665 4.2.1.2). */
  matches(request: SipRequest): boolean {
    if (request.method !== 'SUBSCRIBE') return false;
    const ev = request.get('event');
    return ev !== undefined && ev.value === this.event && eventId(ev) === this.id;
  }

  /** Handles a refresh or unsubscribe SUBSCRIBE of this subscription (RFC 6665 4.2.1.2), answering through `respond`. */
  refresh(req: SipRequest, respond: RefreshResponder): void {
    if (this.#state === 'terminated' || this.#final !== undefined) {
      respond(481, []);
      return;
    }
    let expires = req.get('expires') ?? this.#init.expires;
    const min = this.#init.minExpires;
    if (expires > 0 && min !== undefined && expires < min) {
      respond(423, [{ name: 'Min-Expires', value: String(min) }]);
      return;
    }
    if (this.#init.maxExpires !== undefined) expires = Math.min(expires, this.#init.maxExpires);
    respond(200, [...(this.#init.responseHeaders ?? []), { name: 'Expires', value: String(expires) }]);
    if (expires === 0) {
      // 4.2.1.2 / 4.2.2: an unsubscribe gets a final NOTIFY.
      this.terminate('timeout');
      return;
    }
    this.#setExpiry(expires);
    safeEmit(this.refreshed, expires, this.#init.ctx.logger);
    this.#send(); // 4.2.1.2: a NOTIFY after every successful refresh
  }

  #setExpiry(seconds: number): void {
    this.#clearExpiry();
    const clock = this.#init.ctx.clock;
    this.#expiresAt = clock.now() + seconds * 1000;
    if (seconds > 0) this.#expiry = clock.setTimer(seconds * 1000, () => this.terminate('timeout'));
  }

  #clearExpiry(): void {
    if (this.#expiry !== undefined) this.#init.ctx.clock.clearTimer(this.#expiry);
    this.#expiry = undefined;
  }

  /** Subscription-State for the next NOTIFY (RFC 6665 7.2.3). */
  #subscriptionState(): string {
    const f = this.#final;
    if (f !== undefined)
      return `terminated;reason=${f.reason}${f.retryAfter === undefined ? '' : `;retry-after=${f.retryAfter}`}`;
    return `${this.#state};expires=${this.remaining}`;
  }

  /** One NOTIFY transaction at a time; states set meanwhile go in the next one (coalesced). */
  #send(): void {
    if (this.#inFlight) {
      this.#queued = true;
      return;
    }
    this.#inFlight = true;
    this.#queued = false;
    const final = this.#final !== undefined;
    const content = this.#content;
    const headers = [
      { name: 'Event', value: this.id === undefined ? this.event : `${this.event};id=${this.id}` },
      { name: 'Subscription-State', value: this.#subscriptionState() },
    ];
    void this.#channel.send(headers, content).then(({ status, local }) => {
      this.#inFlight = false;
      if (final) {
        this.#close({ reason: this.#final!.reason });
        return;
      }
      // 4.2.2: 481, or a timeout/transport failure, removes the subscription without another NOTIFY.
      if (status === 481 || (local && (status === 408 || status === 503))) {
        this.#close({ reason: status === 481 ? 'dialog-gone' : 'notify-failed', status });
        return;
      }
      if (this.#queued || this.#final !== undefined) this.#send();
    });
  }

  #close(end: NotifierEnd): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#clearExpiry();
    this.#offUsage?.();
    this.#offDialog?.();
    if (this.dialog !== undefined) this.#init.owner?.release(this.dialog);
    this.#end = end;
    safeEmit(this.stateChange, 'terminated', this.#init.ctx.logger);
    safeEmit(this.ended, end, this.#init.ctx.logger);
  }
}

/** Our Contact as a header value. */
export const contactOf = (dialog: Dialog): string =>
  formatNameAddr({ ...dialog.localContact, bracketed: true });
