/**
 * The ground floor of an INVITE session: state and events, the ACK for 2xx
 * (RFC 3261 13.2.2.4), our 2xx retransmitted until ACK (13.3.1.4), BYE
 * (15.1.1) and other in-dialog requests we send (12.2.1), and the end of a
 * dialog on 481/408 (12.2.1.2).
 */
import type { FieldInit } from '../message/assemble.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { ServerTransaction } from '../transaction/types.js';
import type { Destination } from '../transport/types.js';
import { Emitter } from '../util/emitter.js';
import { type DialogOwner, type Outcome, type SessionContext, sendInDialog } from './context.js';
import { SessionError } from './errors.js';
import { fields } from './message-helpers.js';
import { OfferAnswer } from './offer-answer.js';
import { send } from './respond.js';
import { Retransmitter } from './retransmit.js';
import type { SessionDialog } from './session-dialog.js';
import { SessionRefreshTimer } from './session-timer.js';
import {
  type Body,
  type IncomingSessionRequest,
  type Renegotiation,
  SESSION_STATE_TABLE,
  type SessionDescriptionHandler,
  type SessionRequestOptions,
  type SessionStateChange,
  type SessionStateName,
  type TerminationReason,
} from './types.js';

export type { Renegotiation, SessionRequestOptions } from './types.js';
export { SESSION_STATE_TABLE } from './types.js';

/** A 2xx of ours waiting for its ACK (RFC 3261 13.3.1.4). */
interface Pending2xx {
  readonly retransmitter: Retransmitter;
  readonly onAck: (ack: SipRequest) => void;
}

/** An ACK we sent for a 2xx, kept to answer retransmissions of that 2xx (13.2.2.4). */
interface SentAck {
  readonly ack: SipRequest;
  readonly destination: Destination;
}

/** State, ACKs, 2xx retransmission and simple requests, shared by every session. */
export abstract class SessionBase implements DialogOwner {
  /** State changes: initial → early → established → terminated (with a reason). */
  readonly stateChange = new Emitter<SessionStateChange>();
  /** In-dialog requests the session does not handle itself (INFO, MESSAGE, NOTIFY, REFER...). */
  readonly incomingRequest = new Emitter<IncomingSessionRequest>();
  /** A re-INVITE, UPDATE or PRACK offer/answer exchange completed. */
  readonly renegotiated = new Emitter<Renegotiation>();

  protected readonly ctx: SessionContext;
  /** The application's media seam. */
  readonly handler: SessionDescriptionHandler;
  /** The dialog of an established session (for the UAS also while early). */
  protected dialog: SessionDialog | undefined;
  /** The last request or response of the peer that carried Allow (for UPDATE support). */
  protected peerAllow: SipRequest | SipResponse | undefined;
  #peerSupported: readonly string[] = [];
  readonly #offerAnswer = new WeakMap<SessionDialog, OfferAnswer>();
  #state: SessionStateName = 'initial';
  #reason: TerminationReason | undefined;
  readonly #ended: Promise<TerminationReason>;
  #resolveEnded!: (r: TerminationReason) => void;
  readonly #pending2xx = new Map<number, Pending2xx>();
  /** BYEs in progress (the shared dialog stays open for them). */
  #byes = 0;
  readonly #acks = new Map<string, Promise<SentAck>>();
  protected readonly refreshTimer: SessionRefreshTimer;

  protected constructor(ctx: SessionContext, handler: SessionDescriptionHandler) {
    this.ctx = ctx;
    this.handler = handler;
    this.#ended = new Promise((resolve) => {
      this.#resolveEnded = resolve;
    });
    this.refreshTimer = new SessionRefreshTimer(ctx.clock, {
      onRefresh: () => this.onRefreshDue(),
      onExpire: () => this.onExpiryDue(),
    });
  }

  get state(): SessionStateName {
    return this.#state;
  }

  /** Why the session ended (once terminated). */
  get reason(): TerminationReason | undefined {
    return this.#reason;
  }

  /** The Call-ID of the session's dialog (undefined before one exists). */
  get callId(): string | undefined {
    return this.currentDialog()?.callId;
  }

  /** The confirmed dialog, or the UAC's latest early dialog. */
  protected currentDialog(): SessionDialog | undefined {
    return this.dialog;
  }

  /** The dialog id (Call-ID, local tag, remote tag) once there is one. */
  get dialogId(): { callId: string; localTag: string; remoteTag: string } | undefined {
    const d = this.currentDialog();
    return d === undefined ? undefined : { callId: d.callId, localTag: d.localTag, remoteTag: d.remoteTag };
  }

  /** The session timer now in force (RFC 4028), if any. */
  get sessionTimer(): { interval: number; weRefresh: boolean } | undefined {
    return this.refreshTimer.agreement;
  }

  /** Resolves when the session has ended, with the reason. */
  ended(): Promise<TerminationReason> {
    return this.#ended;
  }

  /** Resolves once the state is `state` (rejects if the session ends first, unless `state` is terminated). */
  waitFor(state: SessionStateName): Promise<void> {
    if (this.#state === state) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const off = this.stateChange.on((e) => {
        if (e.state === state) {
          off();
          resolve();
        } else if (e.state === 'terminated') {
          off();
          reject(
            new SessionError(
              'terminated',
              `session ended (${e.reason?.cause ?? 'unknown'})`,
              e.reason?.status,
            ),
          );
        }
      });
    });
  }

  protected offerAnswer(dialog: SessionDialog): OfferAnswer {
    let oa = this.#offerAnswer.get(dialog);
    if (oa === undefined) {
      oa = new OfferAnswer();
      this.#offerAnswer.set(dialog, oa);
    }
    return oa;
  }

  protected setState(next: SessionStateName, reason?: TerminationReason): void {
    const previous = this.#state;
    if (!SESSION_STATE_TABLE[previous].includes(next)) {
      if (previous !== next) this.ctx.log.debug(`session: ignored ${previous} -> ${next}`);
      return;
    }
    this.#state = next;
    if (next === 'terminated') {
      this.#reason = reason ?? { cause: 'closed', by: 'stack' };
      this.refreshTimer.stop();
      for (const p of this.#pending2xx.values()) p.retransmitter.stop();
      this.#pending2xx.clear();
      this.onTerminated();
      // A BYE may follow in this same turn (endSession, then sendBye): settle after it started.
      queueMicrotask(() => this.#settleDialog());
      try {
        this.handler.close?.();
      } catch (error) {
        this.ctx.log.warn(`session: handler close failed: ${(error as Error).message}`);
      }
      this.#resolveEnded(this.#reason);
    }
    this.stateChange.emit({
      state: next,
      previous,
      ...(next === 'terminated' ? { reason: this.#reason! } : {}),
    });
  }

  /** Whether the session takes in-dialog requests of `method` (REFER, SUBSCRIBE, NOTIFY go to other usages). */
  handles(method: string): boolean {
    if (method === 'REFER' || method === 'SUBSCRIBE' || method === 'NOTIFY')
      return this.incomingRequest.listenerCount > 0 && this.state !== 'terminated';
    return true;
  }

  /** Detach dialogs and stop what the subclass runs. */
  protected onTerminated(): void {
    if (this.dialog !== undefined) {
      // The usages stay attached 64*T1 (the registry drops the dialog when it ends, see #settleDialog).
      const dialog = this.dialog;
      this.ctx.clock.setTimer(64 * this.ctx.timers.t1, () => this.ctx.detach(dialog));
    }
  }

  /** Ends the session because the peer or the network is gone. */
  protected endSession(reason: TerminationReason): void {
    this.setState('terminated', reason);
  }

  // ---- ACK for 2xx (RFC 3261 13.2.2.4) --------------------------------------------------

  /**
   * Sends the ACK for a 2xx to our INVITE, or resends the same ACK for a
   * retransmitted 2xx (RFC 3261 13.2.2.4). `body` gives the answer when the
   * 2xx carried an offer; it is asked for once. The ACK carries the
   * credentials of `invite` (13.2.2.4: the same as the INVITE).
   */
  protected async ack2xx(
    dialog: SessionDialog,
    response: SipResponse,
    options: { invite?: SipRequest; body?: () => Promise<Body | undefined> } = {},
  ): Promise<void> {
    const key = `${dialog.key}\u0000${response.cseq?.seq ?? 0}`;
    let made = this.#acks.get(key);
    if (made === undefined) {
      made = this.#makeAck(dialog, response.cseq?.seq ?? 0, options);
      this.#acks.set(key, made);
    }
    let sent: SentAck | undefined;
    try {
      sent = await made;
    } catch (error) {
      this.ctx.log.warn(`session: no ACK: ${(error as Error).message}`);
      return;
    }
    await this.#sendStateless(sent.ack, sent.destination);
  }

  async #makeAck(
    dialog: SessionDialog,
    seq: number,
    options: { invite?: SipRequest; body?: () => Promise<Body | undefined> },
  ): Promise<SentAck> {
    const answer = options.body === undefined ? undefined : await options.body();
    const credentials: FieldInit[] = [];
    for (const name of ['Authorization', 'Proxy-Authorization'])
      for (const value of options.invite?.headers(name) ?? []) credentials.push({ name, value });
    const destination = await this.ctx.resolve(dialog.nextHop());
    // The ACK has the INVITE's CSeq number and a new branch (13.2.2.4).
    const request = dialog.request({
      method: 'ACK',
      protocol: destination.protocol,
      cseq: seq,
      headers: credentials,
      ...(answer === undefined ? {} : { body: answer.body, contentType: answer.contentType }),
    });
    return { ack: request, destination };
  }

  /** Whether an ACK was made for this 2xx (it is a retransmission). */
  protected acked(dialog: SessionDialog, response: SipResponse): boolean {
    return this.#acks.has(`${dialog.key}\u0000${response.cseq?.seq ?? 0}`);
  }

  async #sendStateless(request: SipRequest, destination: Destination): Promise<void> {
    try {
      await this.ctx.transactions.sendStateless(request, destination);
    } catch (error) {
      this.ctx.log.warn(`session: ACK not sent: ${(error as Error).message}`);
    }
  }

  // ---- our 2xx until ACK (RFC 3261 13.3.1.4) -----------------------------------------

  /** Sends a 2xx to an INVITE and retransmits it at T1 doubling to T2 until the ACK. */
  protected send2xx(
    tx: ServerTransaction,
    response: SipResponse,
    handlers: { onAck: (ack: SipRequest) => void; onNoAck: () => void },
  ): void {
    const seq = response.cseq?.seq ?? 0;
    const retransmitter = new Retransmitter(this.ctx.clock, {
      first: this.ctx.timers.t1,
      cap: this.ctx.timers.t2,
      giveUpAfter: 64 * this.ctx.timers.t1,
      resend: () => send(this.ctx, tx, response),
      onGiveUp: () => {
        this.#pending2xx.delete(seq);
        handlers.onNoAck();
      },
    });
    this.#pending2xx.set(seq, { retransmitter, onAck: handlers.onAck });
    send(this.ctx, tx, response);
    retransmitter.start();
  }

  receiveAck(dialog: SessionDialog, ack: SipRequest): void {
    if (dialog !== this.dialog) return;
    const seq = ack.cseq?.seq ?? -1;
    const pending = this.#pending2xx.get(seq);
    if (pending === undefined) return; // a retransmitted ACK: absorbed
    this.#pending2xx.delete(seq);
    pending.retransmitter.stop();
    pending.onAck(ack);
  }

  /** A 2xx after its INVITE transaction ended: the ACK got lost, send it again (13.2.2.4). */
  receiveStrayResponse(response: SipResponse): void {
    const d = this.dialog;
    if (d === undefined || response.cseq?.method !== 'INVITE' || response.status >= 300) return;
    if (response.to?.tag === d.remoteTag && this.acked(d, response)) void this.ack2xx(d, response);
  }

  // ---- requests we send ------------------------------------------------------------

  /** Ends the session with BYE (RFC 3261 15.1.1); resolves when the BYE has its final response. */
  async bye(options: SessionRequestOptions = {}): Promise<void> {
    const d = this.dialog;
    if (d === undefined || this.state !== 'established')
      throw new SessionError('invalid-state', `bye in state ${this.state}`);
    this.setState('terminated', { cause: 'bye', by: 'local' });
    await this.sendBye(d, options.headers);
  }

  /** Sends a BYE in `dialog`, whatever the state. */
  protected async sendBye(
    dialog: SessionDialog,
    headers?: readonly (readonly [string, string])[],
  ): Promise<Outcome> {
    this.#byes++;
    try {
      return await sendInDialog(this.ctx, dialog, { method: 'BYE', headers: fields(headers) });
    } finally {
      this.#byes--;
      this.#settleDialog();
    }
  }

  /**
   * Once the session ended and its BYE (if any) went out, the shared dialog
   * ends too, so its other usages (a REFER subscription, RFC 5057) learn it.
   */
  #settleDialog(): void {
    if (this.#state === 'terminated' && this.#byes === 0 && this.dialog?.state !== 'terminated')
      this.dialog?.terminate();
  }

  /**
   * Sends an in-dialog request other than INVITE/ACK/CANCEL/PRACK (INFO,
   * MESSAGE, NOTIFY...) and resolves with its final response (408 or 503 made
   * here when it timed out or could not be sent).
   */
  async sendRequest(method: string, options: SessionRequestOptions = {}): Promise<SipResponse> {
    const d = this.currentDialog();
    const m = method.toUpperCase();
    if (d === undefined || this.state === 'terminated')
      throw new SessionError('invalid-state', `${m} in state ${this.state}`);
    if (m === 'INVITE' || m === 'ACK' || m === 'CANCEL' || m === 'PRACK' || m === 'BYE')
      throw new SessionError('invalid-state', `use the session's own method for ${m}`);
    const outcome = await sendInDialog(this.ctx, d, {
      method: m,
      headers: fields(options.headers),
      ...(options.body === undefined ? {} : { body: options.body }),
    });
    this.checkDialogGone(outcome);
    return outcome.response;
  }

  /** INFO (RFC 6086), e.g. for DTMF. */
  info(body: Body, headers?: readonly (readonly [string, string])[]): Promise<SipResponse> {
    return this.sendRequest('INFO', { body, ...(headers === undefined ? {} : { headers }) });
  }

  /** RFC 3261 12.2.1.2: 481 or 408 to an in-dialog request ends the dialog. */
  protected checkDialogGone(outcome: Outcome): boolean {
    const s = outcome.response.status;
    if (s !== 481 && s !== 408) return false;
    if (this.state !== 'terminated') {
      const dialog = this.dialog;
      this.endSession({ cause: 'dialog-gone', by: 'remote', status: s, response: outcome.response });
      // After a 408 the peer may still be there: say goodbye (RFC 3261 12.2.1.2 leaves it to the UA).
      if (s === 408 && dialog !== undefined) void this.sendBye(dialog);
    }
    return true;
  }

  protected notePeer(m: SipRequest | SipResponse): void {
    if (m.hasHeader('allow')) this.peerAllow = m;
    const supported = m.headers('supported');
    if (supported.length > 0)
      this.#peerSupported = supported.flatMap((line) => line.split(',')).map((t) => t.trim().toLowerCase());
  }

  /** Option tags of the peer's last Supported (its INVITE or its responses; RFC 3261 20.37), lower case. */
  get peerSupported(): readonly string[] {
    return this.#peerSupported;
  }

  /** The session timer says: refresh now (RFC 4028 10). */
  protected abstract onRefreshDue(): void;
  /** The session timer says: the session expired (RFC 4028 10). */
  protected abstract onExpiryDue(): void;
  abstract receiveRequest(dialog: SessionDialog, tx: ServerTransaction): void;
}
