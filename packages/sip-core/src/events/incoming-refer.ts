/**
 * The referee side of REFER (RFC 3515): the application accepts or rejects
 * (202 Accepted, or 603/403: 2.4.2), the implicit subscription reports
 * `SIP/2.0 100 Trying` at once and then the progress and final status of
 * the triggered request as message/sipfrag (2.4.4, 2.4.5), ending with
 * `terminated;reason=noresource`. Refer-To, Referred-By (RFC 3892) and an
 * embedded Replaces (RFC 3891 7.1) are given to the application;
 * `Refer-Sub: false` is honoured (RFC 4488).
 */
import { Dialog } from '../dialog/dialog.js';
import { cryptoRandomBytes, makeTag } from '../dialog/random.js';
import { unescapeUriComponent } from '../grammar/escape.js';
import { replacesFromReferTo } from '../headers/replaces.js';
import type { NameAddr, Replaces } from '../headers/types.js';
import type { FieldInit } from '../message/assemble.js';
import { canonicalHeaderName } from '../message/header-names.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { isSipUri } from '../uri/format.js';
import type { Uri } from '../uri/types.js';
import { type EventsContext, EventsError } from './context.js';
import type { DialogOwner } from './event-dialogs.js';
import { contactOf, NotifierSubscription, type NotifyChannel } from './notifier-subscription.js';
import { formatSipfragStatus, SIPFRAG_TYPE } from './packages/sipfrag.js';

/** Options of the referee side. */
export interface IncomingReferOptions {
  /** Duration of the implicit subscription in seconds (default 180). */
  readonly expires?: number;
  /** Honour `Refer-Sub: false` (RFC 4488; default true). */
  readonly norefersub?: boolean;
}

/** Result of reading a REFER: the referral, or the response that refuses it. */
export type ReferCheck =
  | { readonly ok: true; readonly referTo: NameAddr }
  | { readonly ok: false; readonly status: number; readonly reason: string };

/** RFC 3515 2.4.1/2.4.2: exactly one Refer-To, and it must parse. */
export function checkRefer(request: SipRequest): ReferCheck {
  const lines = request.headers('refer-to');
  if (lines.length !== 1)
    return {
      ok: false,
      status: 400,
      reason: lines.length === 0 ? 'Missing Refer-To' : 'More Than One Refer-To',
    };
  const r = request.parsed('refer-to');
  if (!r.ok || r.value === undefined) return { ok: false, status: 400, reason: 'Bad Refer-To' };
  return { ok: true, referTo: r.value };
}

/** Answers the REFER (a server transaction, or a session's incoming request). */
export type ReferResponder = (
  status: number,
  options: { readonly reason?: string; readonly headers?: readonly FieldInit[]; readonly toTag?: string },
) => void;

/** What an IncomingRefer is made from. */
export interface IncomingReferInit {
  readonly ctx: EventsContext;
  readonly request: SipRequest;
  readonly respond: ReferResponder;
  readonly referTo: NameAddr;
  /** The stack Dialog the REFER came in (none: out of dialog, or a session's dialog with `channel`). */
  readonly dialog: Dialog | undefined;
  /** NOTIFYs through a dialog another layer keeps (INVITE sessions). */
  readonly channel?: NotifyChannel;
  readonly owner: DialogOwner;
  readonly options?: IncomingReferOptions;
  /** Told of the implicit subscription once made (to route its refreshes). */
  readonly onSubscription?: (sub: NotifierSubscription) => void;
}

type ReferState = 'offered' | 'accepted' | 'rejected' | 'done';

/** A REFER we received, waiting for the application's decision. */
export class IncomingRefer {
  readonly request: SipRequest;
  /** Refer-To: where we are asked to send a request (INVITE for a sip URI). */
  readonly referTo: NameAddr;
  /** Referred-By (RFC 3892), passed through to the triggered request by the application. */
  readonly referredBy: NameAddr | undefined;
  /** The Replaces embedded in the Refer-To URI (RFC 3891 7.1): put it on the triggered INVITE. */
  readonly replaces: Replaces | undefined;
  /** The referrer asked for no subscription (RFC 4488) and we honour it. */
  readonly norefersub: boolean;
  readonly #respond: ReferResponder;
  readonly #channel: NotifyChannel | undefined;
  readonly #onSubscription: ((sub: NotifierSubscription) => void) | undefined;
  readonly #ctx: EventsContext;
  readonly #owner: DialogOwner;
  readonly #options: IncomingReferOptions;
  #dialog: Dialog | undefined;
  #state: ReferState = 'offered';
  #subscription: NotifierSubscription | undefined;

  constructor(init: IncomingReferInit) {
    this.#ctx = init.ctx;
    this.#respond = init.respond;
    this.#channel = init.channel;
    this.#onSubscription = init.onSubscription;
    this.#owner = init.owner;
    this.#dialog = init.dialog;
    this.#options = init.options ?? {};
    this.request = init.request;
    this.referTo = init.referTo;
    this.referredBy = this.request.get('referred-by');
    this.replaces = replacesFromReferTo(init.referTo.uri);
    const asked = this.request.header('refer-sub')?.trim().toLowerCase() === 'false';
    this.norefersub = asked && this.#options.norefersub !== false;
  }

  /** Whether accept() or reject() was called. */
  get decided(): boolean {
    return this.#state !== 'offered';
  }

  /** The dialog the REFER came in, or the one accepting made for it. */
  get dialog(): Dialog | undefined {
    return this.#dialog;
  }
  /** The implicit subscription, once accepted (none with norefersub). */
  get subscription(): NotifierSubscription | undefined {
    return this.#subscription;
  }

  /** Answers 202 Accepted and, unless norefersub, sends `NOTIFY` with `SIP/2.0 100 Trying` (RFC 3515 2.4.4). */
  accept(): void {
    this.#expect('offered');
    this.#state = 'accepted';
    const req = this.request;
    let dialog = this.#dialog;
    let toTag: string | undefined;
    let owns = false;
    if (dialog === undefined && this.#channel === undefined && !this.norefersub) {
      toTag = makeTag(this.#ctx.random ?? cryptoRandomBytes);
      dialog = Dialog.asUas(req, toTag, this.#ctx.dialogContext, 'confirmed');
      owns = true;
      this.#dialog = dialog;
    }
    const headers = [];
    if (dialog !== undefined) headers.push({ name: 'Contact', value: contactOf(dialog) });
    if (this.norefersub) headers.push({ name: 'Refer-Sub', value: 'false' }); // RFC 4488 4
    this.#respond(202, { headers, ...(toTag === undefined ? {} : { toTag }) });
    if (this.norefersub || (dialog === undefined && this.#channel === undefined)) return;
    this.#subscription = new NotifierSubscription({
      ctx: this.#ctx,
      ...(dialog === undefined ? {} : { dialog }),
      ...(this.#channel === undefined ? {} : { channel: this.#channel }),
      owner: this.#owner,
      request: req,
      event: 'refer',
      id: String(req.cseq?.seq),
      state: 'active',
      expires: this.#options.expires ?? 180,
    });
    if (owns && dialog !== undefined) this.#owner.own(dialog);
    this.#onSubscription?.(this.#subscription);
    this.#subscription.notify({ body: formatSipfragStatus(100), contentType: SIPFRAG_TYPE });
  }

  /** Refuses the REFER (RFC 3515 2.4.2: 603 Declined, or 403 Forbidden). */
  reject(status = 603, reason?: string): void {
    this.#expect('offered');
    if (status < 300 || status > 699)
      throw new EventsError('bad-argument', `a rejection needs a 3xx-6xx status, not ${status}`);
    this.#state = 'rejected';
    this.#respond(status, reason === undefined ? {} : { reason });
  }

  /** Reports a provisional status of the triggered request (`SIP/2.0 180 Ringing`). */
  progress(status: number, reason?: string): void {
    this.#expect('accepted');
    if (status >= 200) throw new EventsError('bad-argument', 'progress takes a 1xx status; use complete()');
    this.#subscription?.notify({ body: formatSipfragStatus(status, reason), contentType: SIPFRAG_TYPE });
  }

  /** Reports the final status and ends the subscription (RFC 3515 2.4.5: terminated;reason=noresource). */
  complete(status: number, reason?: string): void {
    this.#expect('accepted');
    if (status < 200) throw new EventsError('bad-argument', 'complete takes a final status');
    this.#state = 'done';
    this.#subscription?.terminate('noresource', {
      content: { body: formatSipfragStatus(status, reason), contentType: SIPFRAG_TYPE },
    });
  }

  /**
   * The request to send (RFC 3515 2.4.4): the Refer-To URI without its
   * header part, and the headers to add, from the URI headers (RFC 3261
   * 19.1.5; Replaces, RFC 3891 7.1) and Referred-By copied from the REFER
   * (RFC 3892 3).
   */
  triggered(): { readonly target: Uri; readonly headers: readonly (readonly [string, string])[] } {
    const uri = this.referTo.uri;
    const headers: [string, string][] = [];
    let target: Uri = uri;
    if (isSipUri(uri)) {
      target = { ...uri, headers: [] };
      for (const h of uri.headers) {
        const name = h.name.toLowerCase();
        // A method and a body are the triggered request's own business (RFC 3261 19.1.5).
        if (name === 'method' || name === 'body' || h.value === undefined) continue;
        headers.push([canonicalHeaderName(h.name), unescapeUriComponent(h.value)]);
      }
    }
    const rb = this.request.header('referred-by');
    if (rb !== undefined && !headers.some(([n]) => n === 'Referred-By')) headers.push(['Referred-By', rb]);
    return { target, headers };
  }

  /**
   * Reports a triggered call as it goes: each provisional above 100 as
   * progress, then the final status when `done` settles (fulfilled: 200;
   * rejected with an error carrying `status`: that status, else 503).
   */
  follow(progress: { on(listener: (r: SipResponse) => void): () => void }, done: Promise<unknown>): void {
    const off = progress.on((r) => {
      if (r.status > 100 && r.status < 200 && this.#state === 'accepted') this.progress(r.status, r.reason);
    });
    done.then(
      () => {
        off();
        if (this.#state === 'accepted') this.complete(200);
      },
      (error: unknown) => {
        off();
        const status = (error as { status?: unknown } | undefined)?.status;
        if (this.#state === 'accepted')
          this.complete(typeof status === 'number' && status >= 300 ? status : 503);
      },
    );
  }

  #expect(state: ReferState): void {
    if (this.#state !== state) throw new EventsError('bad-state', `REFER is ${this.#state}, not ${state}`);
  }
}

/** Hands a REFER to the application; one that throws before deciding gets 500 (RFC 3261 8.2). */
export function offerRefer(
  refer: IncomingRefer,
  onRefer: (refer: IncomingRefer) => void,
  log: { warn(message: string): void } | undefined,
): void {
  try {
    onRefer(refer);
  } catch (error) {
    log?.warn(`REFER handler threw: ${(error as Error)?.message}`);
    if (!refer.decided) refer.reject(500);
  }
}
