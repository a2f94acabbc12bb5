/**
 * The callee's side of an INVITE session (RFC 3261 13.3): provisional
 * responses (reliable ones per RFC 3262 with RSeq, retransmission and PRACK
 * matching), the 2xx retransmitted until ACK, rejection, CANCEL (487), and
 * the session timer the INVITE asked for (RFC 4028 9).
 */
import type { FieldInit } from '../message/assemble.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { ServerTransaction } from '../transaction/types.js';
import { Emitter } from '../util/emitter.js';
import type { SessionContext } from './context.js';
import { SessionError } from './errors.js';
import { initialRSeq } from './ids.js';
import { fields, hasOptionTag, reasonText, sessionBody } from './message-helpers.js';
import { buildResponse, respond, send } from './respond.js';
import { Retransmitter } from './retransmit.js';
import { Session, type SessionRequestOptions } from './session.js';
import type { SessionDialog } from './session-dialog.js';
import type { SessionTimerAgreement } from './session-timer.js';
import type { Body, SessionDescriptionHandler } from './types.js';

/** Options of a provisional response. */
export interface ProgressOptions {
  /** 180 (default), 181, 182 or 183. */
  readonly status?: number;
  readonly reason?: string;
  /**
   * Send it reliably (RFC 3262). Default: reliably when the UAC requires
   * 100rel, or supports it and our mode is `preferred` or `required`.
   */
  readonly reliable?: boolean;
  /** Put the answer (or, for an offerless INVITE, an offer) in it: early media. Default true for 183. */
  readonly earlyMedia?: boolean;
  readonly headers?: readonly (readonly [string, string])[];
}

/** Options of the 2xx. */
export interface AcceptOptions {
  readonly status?: number;
  readonly headers?: readonly (readonly [string, string])[];
}

/** Options of a rejection. */
export interface RejectOptions {
  readonly reason?: string;
  /** Contact URIs for 3xx (RFC 3261 21.3), as name-addr text. */
  readonly contacts?: readonly string[];
  readonly headers?: readonly (readonly [string, string])[];
}

/** A reliable 1xx waiting for its PRACK (RFC 3262 3). */
interface PendingPrack {
  readonly rseq: number;
  readonly retransmitter: Retransmitter;
  /** We put an offer in the 1xx: the PRACK brings the answer. */
  readonly offered: boolean;
  readonly done: Promise<void>;
  readonly resolve: () => void;
}

/** What the UAS learned from the INVITE before the session was made. */
export interface IncomingInviteCheck {
  readonly timerHeaders: FieldInit[];
  readonly timer: SessionTimerAgreement | undefined;
}

/** An incoming INVITE session; the SessionLayer hands it over through `incoming`. */
export class InviteServerSession extends Session {
  /** Emitted when the UAC cancels (before the session ended with 487). */
  readonly cancelled = new Emitter<SipRequest>();
  /** The INVITE. */
  readonly request: SipRequest;
  readonly #tx: ServerTransaction;
  readonly #check: IncomingInviteCheck;
  readonly #useReliable: boolean;
  #rseq: number;
  #pending: PendingPrack | undefined;
  /** The answer sent in an unreliable 1xx: the 2xx repeats it (RFC 3261 13.3.1.1). */
  #earlyAnswer: Body | undefined;
  #final = false;
  #lastProvisional: SipResponse | undefined;
  #ringTimer = false;

  /** @internal Made by the SessionLayer after the checks of RFC 3261 8.2 and RFC 4028. */
  constructor(
    ctx: SessionContext,
    tx: ServerTransaction,
    dialog: SessionDialog,
    handler: SessionDescriptionHandler,
    check: IncomingInviteCheck,
  ) {
    super(ctx, handler);
    this.#tx = tx;
    this.request = tx.request;
    this.dialog = dialog;
    this.#check = check;
    this.#rseq = initialRSeq(ctx.random) - 1;
    const mode = ctx.reliableProvisional;
    const requires = hasOptionTag(tx.request, 'require', '100rel');
    const supports = requires || hasOptionTag(tx.request, 'supported', '100rel');
    this.#useReliable = mode !== 'disabled' && (requires || (supports && mode !== 'supported'));
    this.notePeer(tx.request);
    if (sessionBody(tx.request) !== undefined) this.offerAnswer(dialog).apply('receive-offer');
    tx.onCancel((cancel) => this.#onCancel(cancel));
    tx.onTerminated((why) => {
      if (!this.#final && why !== 'normal') this.endSession({ cause: 'transport-error', by: 'stack' });
    });
    const expires = tx.request.get('expires');
    if (expires !== undefined) ctx.clock.setTimer(expires * 1000, () => this.#expire());
  }

  /**
   * RFC 3261 13.3.1.1: while unanswered, repeat the last unreliable 1xx
   * every minute, so proxies (Timer C) and lossy paths keep the call.
   */
  #keepRinging(response: SipResponse): void {
    this.#lastProvisional = response;
    if (this.#ringTimer) return;
    this.#ringTimer = true;
    const tick = (): void => {
      if (this.#over()) return;
      const last = this.#lastProvisional;
      if (last !== undefined) send(this.ctx, this.#tx, last);
      this.ctx.clock.setTimer(60_000, tick);
    };
    this.ctx.clock.setTimer(60_000, tick);
  }

  /** RFC 3261 13.3.1: the INVITE's Expires passed without a final response: 487. */
  #expire(): void {
    if (this.#over()) return;
    this.#final = true;
    this.#stopPrack();
    respond(this.ctx, this.#tx, 487, { toTag: this.#dialog().localTag });
    this.endSession({ cause: 'cancelled', by: 'stack', status: 487, text: 'INVITE expired' });
  }

  /** The offer of the INVITE, if it had one. */
  get offer(): Body | undefined {
    return sessionBody(this.request);
  }

  /** Whether provisional responses go reliably by default (RFC 3262, by mode and the UAC's support). */
  get reliableProvisional(): boolean {
    return this.#useReliable;
  }

  /** Whether a final response went out or the session ended (re-read after every await). */
  #over(): boolean {
    return this.#final || this.state === 'terminated';
  }

  #dialog(): SessionDialog {
    const d = this.dialog;
    if (d === undefined) throw new SessionError('invalid-state', 'no dialog');
    return d;
  }

  /** Sends a provisional response (RFC 3261 13.3.1.1); a reliable one waits for the previous PRACK. */
  async progress(options: ProgressOptions = {}): Promise<void> {
    const status = options.status ?? 180;
    if (status <= 100 || status >= 200)
      throw new SessionError('invalid-state', `not a provisional status: ${status}`);
    const supports =
      hasOptionTag(this.request, 'supported', '100rel') || hasOptionTag(this.request, 'require', '100rel');
    const reliable =
      this.ctx.reliableProvisional !== 'disabled' && supports && (options.reliable ?? this.#useReliable);
    // RFC 3262 3: one reliable 1xx at a time.
    if (reliable) await this.#pending?.done;
    if (this.#over()) throw new SessionError('invalid-state', 'already answered');
    const d = this.#dialog();
    const oa = this.offerAnswer(d);
    const early = options.earlyMedia ?? status === 183;
    let body: Body | undefined;
    let offered = false;
    if (early && oa.state === 'remote-offer') {
      try {
        body = this.#earlyAnswer ?? (await this.handler.getAnswer(this.offer!));
      } catch (error) {
        if (!this.#over()) this.reject(488);
        throw new SessionError('request-failed', `no answer to the offer: ${(error as Error).message}`, 488);
      }
      // Only a reliable 1xx completes the exchange (RFC 3262 5); otherwise the 2xx repeats it.
      if (reliable) oa.apply('send-answer');
      else this.#earlyAnswer = body;
    } else if (reliable && oa.state === 'stable' && oa.exchanges === 0) {
      // Offerless INVITE: the first reliable 1xx carries our offer (RFC 3262 5).
      body = await this.handler.getOffer({ renegotiation: false, method: 'INVITE' });
      oa.apply('send-offer');
      offered = true;
    }
    if (this.#over()) return;
    const headers: FieldInit[] = [];
    if (reliable) {
      this.#rseq += 1;
      headers.push({ name: 'Require', value: '100rel' }, { name: 'RSeq', value: String(this.#rseq) });
    }
    headers.push(...fields(options.headers));
    const response = buildResponse(this.ctx, this.request, status, {
      toTag: d.localTag,
      contact: true,
      headers,
      ...(options.reason === undefined ? {} : { reason: options.reason }),
      ...(body === undefined ? {} : { body }),
    });
    send(this.ctx, this.#tx, response);
    this.setState('early');
    if (!reliable) {
      this.#keepRinging(response);
      return;
    }
    let resolve!: () => void;
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    // RFC 3262 3: retransmit at T1, doubling, until PRACK; after 64*T1 reject with 5xx.
    const retransmitter = new Retransmitter(this.ctx.clock, {
      first: this.ctx.timers.t1,
      cap: undefined,
      giveUpAfter: 64 * this.ctx.timers.t1,
      resend: () => send(this.ctx, this.#tx, response),
      onGiveUp: () => {
        this.#pending = undefined;
        resolve();
        if (this.#final) return;
        this.#final = true;
        respond(this.ctx, this.#tx, 504, { reason: 'Reliable Provisional Response Not Acknowledged' });
        this.endSession({ cause: 'no-prack', by: 'stack', status: 504 });
      },
    });
    this.#pending = { rseq: this.#rseq, retransmitter, offered, done, resolve };
    retransmitter.start();
  }

  /**
   * Answers the INVITE with a 2xx (RFC 3261 13.3.1.4): the answer to the
   * INVITE's offer, or our offer when it had none (the answer comes in the
   * ACK). Retransmitted until the ACK; no ACK in 64*T1 ends the session with BYE.
   */
  async accept(options: AcceptOptions = {}): Promise<void> {
    await this.#pending?.done;
    if (this.#over()) throw new SessionError('invalid-state', 'already answered');
    const d = this.#dialog();
    const oa = this.offerAnswer(d);
    let body: Body | undefined;
    let offered = false;
    try {
      if (oa.state === 'remote-offer') {
        body = this.#earlyAnswer ?? (await this.handler.getAnswer(this.offer!));
        oa.apply('send-answer');
      } else if (oa.state === 'stable' && oa.exchanges === 0) {
        body = await this.handler.getOffer({ renegotiation: false, method: 'INVITE' });
        oa.apply('send-offer');
        offered = true;
      }
    } catch (error) {
      // The offer cannot be answered (RFC 3261 13.3.1.3 / 21.4.26): 488.
      if (!this.#over()) this.reject(488);
      throw new SessionError('request-failed', `no answer to the offer: ${(error as Error).message}`, 488);
    }
    if (this.#over()) throw new SessionError('terminated', 'cancelled meanwhile');
    this.#final = true;
    const response = buildResponse(this.ctx, this.request, options.status ?? 200, {
      toTag: d.localTag,
      contact: true,
      headers: [...this.#check.timerHeaders, ...fields(options.headers)],
      ...(body === undefined ? {} : { body }),
    });
    d.confirm();
    this.send2xx(this.#tx, response, {
      onAck: (ack) => {
        const answer = sessionBody(ack);
        if (offered) {
          oa.apply('receive-answer');
          if (answer !== undefined) void this.handler.setAnswer(answer);
        }
      },
      onNoAck: () => {
        if (this.state === 'terminated') return;
        // 13.3.1.4: the 2xx was never acknowledged: end the dialog with BYE.
        this.endSession({ cause: 'no-ack', by: 'stack' });
        void this.sendBye(d);
      },
    });
    this.refreshTimer.arm(this.#check.timer);
    this.setState('established');
  }

  /**
   * UPDATE (RFC 3311); in the early dialog it waits for the PRACK of a
   * reliable 1xx first, so the offer never overtakes the answer it follows.
   */
  override async update(options: SessionRequestOptions & { offer?: boolean } = {}): Promise<void> {
    await this.#pending?.done;
    return super.update(options);
  }

  /** Rejects the INVITE with a 3xx-6xx (486 Busy Here, 603 Decline, 302 with Contacts...). */
  reject(status: number, options: RejectOptions = {}): void {
    if (status < 300 || status > 699)
      throw new SessionError('invalid-state', `not a rejection status: ${status}`);
    if (this.#over()) throw new SessionError('invalid-state', 'already answered');
    this.#final = true;
    this.#stopPrack();
    const headers: FieldInit[] = (options.contacts ?? []).map((c) => ({ name: 'Contact', value: c }));
    headers.push(...fields(options.headers));
    respond(this.ctx, this.#tx, status, {
      toTag: this.#dialog().localTag,
      headers,
      ...(options.reason === undefined ? {} : { reason: options.reason }),
    });
    this.endSession({ cause: status < 400 ? 'redirected' : 'rejected', by: 'local', status });
  }

  #stopPrack(): void {
    const p = this.#pending;
    if (p === undefined) return;
    p.retransmitter.stop();
    p.resolve();
    this.#pending = undefined;
  }

  /** CANCEL (RFC 3261 9.2): the transaction layer answered it; the INVITE gets 487. */
  #onCancel(cancel: SipRequest): void {
    if (this.#over()) return;
    this.#final = true;
    this.#stopPrack();
    respond(this.ctx, this.#tx, 487, { toTag: this.#dialog().localTag });
    this.cancelled.emit(cancel);
    this.endSession({ cause: 'cancelled', by: 'remote', status: 487, ...reasonText(cancel) });
  }

  protected override async dispatch(dialog: SessionDialog, tx: ServerTransaction): Promise<void> {
    if (tx.request.method === 'PRACK') return this.#onPrack(dialog, tx);
    return super.dispatch(dialog, tx);
  }

  /** BYE before our final response (RFC 3261 15.1.2): 200 to it, 487 to the INVITE. */
  protected override async onBye(dialog: SessionDialog, tx: ServerTransaction): Promise<void> {
    if (this.#final) return super.onBye(dialog, tx);
    this.#final = true;
    this.#stopPrack();
    respond(this.ctx, tx, 200);
    respond(this.ctx, this.#tx, 487, { toTag: dialog.localTag });
    this.endSession({ cause: 'bye', by: 'remote', status: 487, ...reasonText(tx.request) });
  }

  /** PRACK (RFC 3262 3, 5): match RAck, stop retransmitting, take the answer or offer it carries. */
  async #onPrack(dialog: SessionDialog, tx: ServerTransaction): Promise<void> {
    const rack = tx.request.get('rack');
    const p = this.#pending;
    const inviteSeq = this.request.cseq?.seq;
    if (
      p === undefined ||
      rack === undefined ||
      rack.rseq !== p.rseq ||
      rack.cseq !== inviteSeq ||
      rack.method !== 'INVITE'
    ) {
      respond(this.ctx, tx, 481, { reason: 'No Matching Reliable Response' });
      return;
    }
    p.retransmitter.stop();
    const oa = this.offerAnswer(dialog);
    const body = sessionBody(tx.request);
    let answer: Body | undefined;
    if (p.offered && body !== undefined && oa.state === 'local-offer') {
      oa.apply('receive-answer');
      await this.handler.setAnswer(body);
    } else if (body !== undefined && oa.state === 'stable') {
      // A new offer in the PRACK (RFC 3262 5): answered in its 2xx.
      oa.apply('receive-offer');
      answer = await this.handler.getAnswer(body);
      oa.apply('send-answer');
    }
    respond(this.ctx, tx, 200, answer === undefined ? {} : { body: answer });
    if (body !== undefined) this.renegotiated.emit({ by: 'remote', method: 'PRACK' });
    this.#pending = undefined;
    p.resolve();
  }
}
