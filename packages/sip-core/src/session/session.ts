/**
 * What every INVITE session does once it has a dialog (RFC 3261 sections
 * 12.2, 14 and 15; RFC 3311; RFC 4028): re-INVITE with glare handling,
 * UPDATE, requests of the peer in the dialog, session refresh and expiry.
 * The UAC and UAS sessions extend it.
 */
import type { FieldInit } from '../message/assemble.js';
import type { ServerTransaction } from '../transaction/types.js';
import { type SessionContext, sendInDialog } from './context.js';
import { SessionError } from './errors.js';
import { allowsMethod, fields, reasonText, sessionBody as sessionBodyOf } from './message-helpers.js';
import { buildResponse, respond } from './respond.js';
import { glareRetryDelay } from './retransmit.js';
import { SessionBase, type SessionRequestOptions } from './session-base.js';
import type { SessionDialog } from './session-dialog.js';
import {
  agreementFromResponse,
  requestTimerHeaders,
  type SessionTimerAgreement,
  uasTimerDecision,
} from './session-timer.js';
import type { Body, SessionDescriptionHandler } from './types.js';

export type { Renegotiation, SessionRequestOptions } from './session-base.js';

/** How many times a re-INVITE that meets glare (491) is retried (RFC 3261 14.1). */
const MAX_GLARE_RETRIES = 6;

/** In-dialog behaviour shared by both sides of an INVITE session. */
export abstract class Session extends SessionBase {
  #clientInvite = false;
  #serverInvite = false;

  protected constructor(ctx: SessionContext, handler: SessionDescriptionHandler) {
    super(ctx, handler);
  }

  /**
   * Renegotiates media with a re-INVITE carrying a new offer (RFC 3261 14.1).
   * On glare (491) it waits the randomised time of 14.1 and tries again.
   */
  async reinvite(options: SessionRequestOptions = {}): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const status = await this.#reinviteOnce(options);
      if (status !== 491) return;
      if (attempt >= MAX_GLARE_RETRIES)
        throw new SessionError('request-failed', 're-INVITE glare persisted', 491);
      const d = this.dialog!;
      const wait = glareRetryDelay(d.isUac, this.ctx.random);
      this.ctx.log.debug(`session: re-INVITE glare, retrying in ${wait} ms`);
      await new Promise<void>((resolve) => this.ctx.clock.setTimer(wait, resolve));
      if (this.state !== 'established')
        throw new SessionError('terminated', 'session ended during glare wait');
    }
  }

  /** Whether a new offer may be sent now (no offer outstanding, no INVITE transaction in progress). */
  get canRenegotiate(): boolean {
    const d = this.dialog;
    return (
      d !== undefined && !this.#clientInvite && !this.#serverInvite && this.offerAnswer(d).state === 'stable'
    );
  }

  async #reinviteOnce(options: SessionRequestOptions): Promise<number> {
    const d = this.dialog;
    if (d === undefined || this.state !== 'established')
      throw new SessionError('invalid-state', `re-INVITE in state ${this.state}`);
    if (!this.canRenegotiate) throw new SessionError('offer-pending', 'an offer or INVITE is in progress');
    const oa = this.offerAnswer(d);
    this.#clientInvite = true;
    try {
      const offer = options.body ?? (await this.handler.getOffer({ renegotiation: true, method: 'INVITE' }));
      // An offer of the peer may have come in while ours was being made.
      if (!oa.apply('send-offer')) {
        this.handler.rollback?.();
        throw new SessionError('offer-pending', 'an offer arrived meanwhile');
      }
      const outcome = await sendInDialog(
        this.ctx,
        d,
        { method: 'INVITE', body: offer, headers: [...this.refreshHeaders(), ...fields(options.headers)] },
        {
          onResponse: (r, invite) => {
            if (r.status >= 200 && r.status < 300 && r.to?.tag === d.remoteTag)
              void this.ack2xx(d, r, { invite });
          },
        },
      );
      const r = outcome.response;
      if (r.status >= 200 && r.status < 300) {
        d.refreshTarget(r);
        this.notePeer(r);
        const answer = sessionBodyOf(r);
        oa.apply('receive-answer');
        if (answer !== undefined) await this.handler.setAnswer(answer);
        this.refreshTimer.arm(agreementFromResponse(r));
        this.renegotiated.emit({ by: 'local', method: 'INVITE' });
        return r.status;
      }
      oa.apply('rollback');
      this.handler.rollback?.();
      if (this.checkDialogGone(outcome)) throw new SessionError('terminated', 'dialog gone', r.status);
      if (r.status === 491) return 491;
      throw new SessionError('request-failed', `re-INVITE failed: ${r.status} ${r.reason}`, r.status);
    } finally {
      this.#clientInvite = false;
    }
  }

  /**
   * Sends UPDATE (RFC 3311) in the session's dialog (early or confirmed):
   * with a new offer by default, or none (`offer: false`, a session refresh).
   */
  async update(options: SessionRequestOptions & { offer?: boolean } = {}): Promise<void> {
    const d = this.currentDialog();
    if (d === undefined || this.state === 'terminated')
      throw new SessionError('invalid-state', `UPDATE in state ${this.state}`);
    const oa = this.offerAnswer(d);
    const withOffer = options.offer !== false;
    // RFC 3311 5.1: no UPDATE with an offer while one is outstanding.
    if (withOffer && oa.state !== 'stable')
      throw new SessionError('offer-pending', 'an offer is outstanding');
    let offer: Body | undefined;
    if (withOffer) {
      offer = options.body ?? (await this.handler.getOffer({ renegotiation: true, method: 'UPDATE' }));
      if (!oa.apply('send-offer')) {
        this.handler.rollback?.();
        throw new SessionError('offer-pending', 'an offer arrived meanwhile');
      }
    }
    const outcome = await sendInDialog(this.ctx, d, {
      method: 'UPDATE',
      headers: [...this.refreshHeaders(), ...fields(options.headers)],
      ...(offer === undefined ? {} : { body: offer }),
    });
    const r = outcome.response;
    if (r.status >= 200 && r.status < 300) {
      d.refreshTarget(r);
      if (offer !== undefined) {
        const answer = sessionBodyOf(r);
        oa.apply('receive-answer');
        if (answer !== undefined) await this.handler.setAnswer(answer);
        this.renegotiated.emit({ by: 'local', method: 'UPDATE' });
      }
      if (d.state === 'confirmed') this.refreshTimer.arm(agreementFromResponse(r));
      return;
    }
    if (offer !== undefined) {
      oa.apply('rollback');
      this.handler.rollback?.();
    }
    if (this.checkDialogGone(outcome)) throw new SessionError('terminated', 'dialog gone', r.status);
    throw new SessionError('request-failed', `UPDATE failed: ${r.status} ${r.reason}`, r.status);
  }

  /** Session-Expires/Min-SE for a refresh or re-INVITE while a timer runs (RFC 4028 7.4). */
  protected refreshHeaders(): FieldInit[] {
    const a = this.refreshTimer.agreement;
    const supported = {
      name: 'Supported',
      value: this.ctx.reliableProvisional === 'disabled' ? 'timer' : '100rel, timer',
    };
    if (a === undefined) return [supported];
    // We send the request, so we are its UAC: keep who refreshes as it is.
    return [
      supported,
      ...requestTimerHeaders(this.ctx.sessionTimer, {
        interval: a.interval,
        refresher: a.weRefresh ? 'uac' : 'uas',
      }),
    ];
  }

  /** RFC 4028 10: refresh at half the interval, by UPDATE when the peer allows it. */
  protected override onRefreshDue(): void {
    void this.#refresh();
  }

  async #refresh(): Promise<void> {
    if (this.state !== 'established') return;
    const again = this.refreshTimer.agreement;
    try {
      if (this.ctx.sessionTimer.preferUpdate && allowsMethod(this.peerAllow, 'UPDATE'))
        await this.update({ offer: false });
      else await this.reinvite();
    } catch (error) {
      if (this.state !== 'established') return;
      this.ctx.log.info(`session: refresh failed: ${(error as Error).message}`);
      // Try again at the next half-period; the peer's expiry decides in the end.
      this.refreshTimer.arm(again);
    }
  }

  /** RFC 4028 10: no refresh came in time: BYE. */
  protected override onExpiryDue(): void {
    const d = this.dialog;
    if (this.state !== 'established' || d === undefined) return;
    this.ctx.log.info('session: session timer expired, sending BYE');
    this.endSession({ cause: 'session-expired', by: 'local' });
    void this.sendBye(d, [['Reason', 'SIP;cause=408;text="Session timer expired"']]);
  }

  // ---- requests we receive ----------------------------------------------------------

  receiveRequest(dialog: SessionDialog, tx: ServerTransaction): void {
    const request = tx.request;
    // The session is over; its dialog only lingers for retransmissions (RFC 3261 12.2.2: 481).
    if (this.state === 'terminated') {
      respond(this.ctx, tx, 481);
      return;
    }
    // RFC 3261 12.2.2: a CSeq lower than the last is out of order.
    if (!dialog.acceptRemoteSeq(request)) {
      respond(this.ctx, tx, 500, { reason: 'CSeq Out of Order' });
      return;
    }
    void this.dispatch(dialog, tx).catch((error: unknown) => {
      this.ctx.log.warn(`session: ${request.method} handling failed: ${(error as Error).message}`);
      respond(this.ctx, tx, 500);
    });
  }

  /** Handles an in-dialog request by method; subclasses add PRACK and early-dialog rules. */
  protected async dispatch(dialog: SessionDialog, tx: ServerTransaction): Promise<void> {
    switch (tx.request.method) {
      case 'BYE':
        return this.onBye(dialog, tx);
      case 'INVITE':
        return this.#onReinvite(dialog, tx);
      case 'UPDATE':
        return this.onUpdate(dialog, tx);
      case 'PRACK':
        respond(this.ctx, tx, 481, { reason: 'No Matching Reliable Response' });
        return;
      default:
        return this.#onOther(tx);
    }
  }

  /** BYE (RFC 3261 15.1.2): 200 and the session ends. */
  protected async onBye(dialog: SessionDialog, tx: ServerTransaction): Promise<void> {
    respond(this.ctx, tx, 200);
    if (dialog === this.dialog)
      this.endSession({ cause: 'bye', by: 'remote', status: 200, ...reasonText(tx.request) });
  }

  async #onReinvite(dialog: SessionDialog, tx: ServerTransaction): Promise<void> {
    const request = tx.request;
    if (dialog !== this.dialog || dialog.state !== 'confirmed') {
      respond(this.ctx, tx, 491);
      return;
    }
    const oa = this.offerAnswer(dialog);
    // RFC 3261 14.2: our re-INVITE pending (or an offer of ours): 491; theirs pending: 500 + Retry-After.
    if (this.#clientInvite || oa.state === 'local-offer') {
      respond(this.ctx, tx, 491);
      return;
    }
    if (this.#serverInvite || oa.state === 'remote-offer') {
      const secs = Math.floor((this.ctx.random(1)[0] ?? 0) / 26);
      respond(this.ctx, tx, 500, { headers: [{ name: 'Retry-After', value: String(secs) }] });
      return;
    }
    const timer = await this.acceptTimer(tx);
    if (timer === undefined) return;
    this.#serverInvite = true;
    try {
      dialog.refreshTarget(request);
      this.notePeer(request);
      const offer = sessionBodyOf(request);
      let body: Body;
      if (offer !== undefined) {
        oa.apply('receive-offer');
        try {
          body = await this.handler.getAnswer(offer);
        } catch (error) {
          oa.apply('rollback');
          this.ctx.log.info(`session: re-INVITE offer refused: ${(error as Error).message}`);
          respond(this.ctx, tx, 488);
          this.#serverInvite = false;
          return;
        }
        oa.apply('send-answer');
      } else {
        // RFC 3261 14.2: no offer in the re-INVITE: ours goes in the 2xx, the answer in the ACK.
        body = await this.handler.getOffer({ renegotiation: true, method: 'INVITE' });
        oa.apply('send-offer');
      }
      const response = buildResponse(this.ctx, request, 200, { contact: true, body, headers: timer.headers });
      this.send2xx(tx, response, {
        onAck: (ack) => {
          this.#serverInvite = false;
          const answer = sessionBodyOf(ack);
          if (offer === undefined) {
            oa.apply('receive-answer');
            if (answer !== undefined) void this.handler.setAnswer(answer);
          }
          this.renegotiated.emit({ by: 'remote', method: 'INVITE' });
        },
        onNoAck: () => {
          this.#serverInvite = false;
          // 13.3.1.4: no ACK for a 2xx: end the dialog with BYE.
          if (this.state !== 'terminated') {
            this.endSession({ cause: 'no-ack', by: 'stack' });
            void this.sendBye(dialog);
          }
        },
      });
      this.refreshTimer.arm(timer.agreement);
    } catch (error) {
      this.#serverInvite = false;
      throw error;
    }
  }

  /** UPDATE (RFC 3311 5.2): in early and confirmed dialogs. */
  protected async onUpdate(dialog: SessionDialog, tx: ServerTransaction): Promise<void> {
    const request = tx.request;
    const oa = this.offerAnswer(dialog);
    const offer = sessionBodyOf(request);
    // RFC 3311 5.2: an offer of ours is outstanding (or our re-INVITE is being made): 491.
    if (offer !== undefined && (oa.state === 'local-offer' || this.#clientInvite)) {
      respond(this.ctx, tx, 491);
      return;
    }
    if (offer !== undefined && oa.state === 'remote-offer') {
      const secs = Math.floor((this.ctx.random(1)[0] ?? 0) / 26);
      respond(this.ctx, tx, 500, { headers: [{ name: 'Retry-After', value: String(secs) }] });
      return;
    }
    const timer =
      dialog.state === 'confirmed' ? await this.acceptTimer(tx) : { headers: [], agreement: undefined };
    if (timer === undefined) return;
    dialog.refreshTarget(request);
    let answer: Body | undefined;
    if (offer !== undefined) {
      oa.apply('receive-offer');
      try {
        answer = await this.handler.getAnswer(offer);
      } catch (error) {
        oa.apply('rollback');
        this.ctx.log.info(`session: UPDATE offer refused: ${(error as Error).message}`);
        respond(this.ctx, tx, 488);
        return;
      }
      oa.apply('send-answer');
    }
    respond(this.ctx, tx, 200, {
      contact: true,
      headers: timer.headers,
      ...(answer === undefined ? {} : { body: answer }),
    });
    if (offer !== undefined) this.renegotiated.emit({ by: 'remote', method: 'UPDATE' });
    if (dialog.state === 'confirmed') this.refreshTimer.arm(timer.agreement);
  }

  /** Session timer of a refresh request (RFC 4028 9); answers 422 and gives undefined when refused. */
  protected async acceptTimer(
    tx: ServerTransaction,
  ): Promise<{ headers: FieldInit[]; agreement: SessionTimerAgreement | undefined } | undefined> {
    const decision = uasTimerDecision(tx.request, this.ctx.sessionTimer);
    if (decision.kind === 'reject') {
      respond(this.ctx, tx, 422, { headers: [{ name: 'Min-SE', value: String(decision.minSe) }] });
      return undefined;
    }
    return { headers: decision.headers, agreement: decision.agreement };
  }

  async #onOther(tx: ServerTransaction): Promise<void> {
    if (this.incomingRequest.listenerCount === 0) {
      respond(this.ctx, tx, 405);
      return;
    }
    let answered = false;
    this.incomingRequest.emit({
      request: tx.request,
      respond: (status, options = {}) => {
        if (answered) return;
        answered = status >= 200;
        respond(this.ctx, tx, status, {
          ...(options.reason === undefined ? {} : { reason: options.reason }),
          ...(options.body === undefined ? {} : { body: options.body }),
          headers: fields(options.headers),
        });
      },
    });
  }
}
