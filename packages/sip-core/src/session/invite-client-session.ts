/**
 * The caller's side of an INVITE session (RFC 3261 13.2): the INVITE with
 * digest retry, early dialogs (one per fork), reliable provisional responses
 * and PRACK (RFC 3262), the ACK for 2xx, BYE for 2xx from other forks
 * (13.2.2.4), CANCEL and its race with 200, 422 retry (RFC 4028 6).
 */
import { formatNameAddr } from '../headers/index.js';
import type { NameAddr } from '../headers/types.js';
import type { FieldInit } from '../message/assemble.js';
import { createRequest } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { routeRequest } from '../resolve/next-hop.js';
import type { ClientTransaction } from '../transaction/types.js';
import type { TransportProtocol } from '../transport/types.js';
import { formatUri } from '../uri/index.js';
import type { Uri } from '../uri/types.js';
import { Emitter } from '../util/emitter.js';
import { sipsRequest } from './contact-scheme.js';
import { type SessionContext, sendInDialog, transact } from './context.js';
import { SessionError } from './errors.js';
import { initialCSeq, newCallId, newTag } from './ids.js';
import {
  asAddress,
  asUri,
  contactList,
  fields,
  hasOptionTag,
  sameBytes,
  sessionBody,
} from './message-helpers.js';
import { supportedTags } from './respond.js';
import { Session } from './session.js';
import { SessionDialog } from './session-dialog.js';
import { agreementFromResponse, requestTimerHeaders } from './session-timer.js';
import type {
  Body,
  SessionDescriptionHandler,
  SessionPolicy,
  TerminationCause,
  TerminationReason,
} from './types.js';

/** What an outgoing call needs. */
export interface InviteOptions {
  /** The application's media seam for this session. */
  readonly handler: SessionDescriptionHandler;
  /** Request-URI (and To unless `to` is given). */
  readonly target: Uri | string;
  /** From (name-addr text or URI), e.g. `"Alice" <sip:alice@example.com>`. */
  readonly from: string;
  /** To, when it differs from the target. */
  readonly to?: string;
  /** Pre-loaded route set (outbound proxy, Service-Route; RFC 3261 8.1.2). */
  readonly routeSet?: readonly NameAddr[];
  /** Send the INVITE without an offer: the offer comes in the 2xx or a reliable 1xx (RFC 3261 13.2.1). */
  readonly offerless?: boolean;
  /** Extra headers of the INVITE. */
  readonly headers?: readonly (readonly [string, string])[];
  /** Seconds to wait for an answer: sent as Expires, and the call is cancelled when it passes (RFC 3261 13.2.1). */
  readonly expires?: number;
  /** 100rel mode and session timers of this call, instead of the layer's (per account). */
  readonly policy?: SessionPolicy;
}

/** An outgoing INVITE session. Create it with `SessionLayer.invite` and call `invite()`. */
export class InviteClientSession extends Session {
  /** Every provisional response (100 included): ringing, session progress. */
  readonly progress = new Emitter<SipResponse>();
  readonly #options: InviteOptions;
  readonly #branches = new Map<string, SessionDialog>();
  readonly #rseq = new WeakMap<SessionDialog, number>();
  readonly #earlyAnswer = new WeakMap<SessionDialog, Uint8Array>();
  #early: SessionDialog | undefined;
  #tx: ClientTransaction | undefined;
  #invite: SipRequest | undefined;
  #offer: Body | undefined;
  #started = false;
  /** Transport of the INVITE (our Contact and Via in its dialogs). */
  #protocol: TransportProtocol = 'udp';
  /** Our Contact is sips: (RFC 3261 8.1.1.8); a sip: target over TLS gets transport=tls. */
  #sips = true;
  #cancelled = false;
  #cancelReason: string | undefined;

  /** @internal Use SessionLayer.invite. */
  constructor(ctx: SessionContext, options: InviteOptions) {
    super(ctx, options.handler);
    this.#options = options;
  }

  /** The INVITE as last sent (after digest retries). */
  get request(): SipRequest | undefined {
    return this.#invite;
  }

  /**
   * Sends the INVITE; resolves when the session is established, rejects with
   * a SessionError (its `status` the final response) when it fails.
   */
  async invite(): Promise<void> {
    if (this.#started) throw new SessionError('invalid-state', 'invite() was called already');
    this.#started = true;
    const ctx = this.ctx;
    const target = asUri(this.#options.target);
    const routing = routeRequest(target, this.#options.routeSet ?? []);
    const destination = await ctx.resolve(routing.nextHop).catch((error: unknown) => {
      this.#fail('transport-error', 503, `cannot resolve: ${(error as Error).message}`);
      throw new SessionError('request-failed', 'next hop not resolved', 503);
    });
    this.#protocol = destination.protocol;
    this.#sips = sipsRequest(routing.requestUri, routing.route[0]?.uri);
    if (this.#options.offerless !== true) {
      this.#offer = await this.handler.getOffer({ renegotiation: false, method: 'INVITE' });
    }
    if (this.#cancelled) {
      this.#fail('cancelled', 487, 'cancelled before sending');
      throw new SessionError('terminated', 'cancelled', 487);
    }
    const callId = newCallId(ctx.random);
    const from = `${asAddress(this.#options.from)};tag=${newTag(ctx.random)}`;
    const to = asAddress(this.#options.to ?? `<${formatUri(target)}>`);
    let seq = initialCSeq(ctx.random);
    let minSe: number | undefined;
    for (let attempt = 0; ; attempt++) {
      const headers: FieldInit[] = routing.route.map((r) => ({ name: 'Route', value: formatNameAddr(r) }));
      headers.push({ name: 'Allow', value: ctx.allow.join(', ') });
      headers.push({ name: 'Supported', value: supportedTags(ctx) });
      if (ctx.reliableProvisional === 'required') headers.push({ name: 'Require', value: '100rel' });
      headers.push(
        ...requestTimerHeaders(ctx.sessionTimer, minSe === undefined ? {} : { minSe, interval: minSe }),
      );
      if (this.#options.expires !== undefined)
        headers.push({ name: 'Expires', value: String(Math.max(0, Math.floor(this.#options.expires))) });
      headers.push(...fields(this.#options.headers));
      const invite = createRequest({
        method: 'INVITE',
        uri: formatUri(routing.requestUri),
        from,
        to,
        callId,
        cseq: seq,
        via: ctx.via(destination),
        contact: ctx.contact(destination.protocol, this.#sips),
        headers,
        ...(this.#offer === undefined
          ? {}
          : { body: this.#offer.body, contentType: this.#offer.contentType }),
      });
      this.#invite = invite;
      if (attempt === 0 && this.#options.expires !== undefined) {
        // 13.2.1: no final response before Expires: CANCEL.
        ctx.clock.setTimer(this.#options.expires * 1000, () => {
          if (this.state === 'initial' || this.state === 'early') this.cancel();
        });
      }
      const outcome = await transact(ctx, invite, destination, {
        onResponse: (r, req) => this.#onResponse(r, req),
        onTransaction: (tx) => {
          this.#tx = tx;
          if (this.#cancelled) tx.cancel(this.#cancelReason);
        },
        onRetry: (req) => {
          this.#invite = req;
        },
      });
      const r = outcome.response;
      if (r.status >= 200 && r.status < 300) {
        if (this.dialog === undefined && this.state !== 'terminated') {
          // A 2xx that cannot make a dialog (no To tag): nothing to ACK or BYE (RFC 3261 12.1.2).
          this.#fail('rejected', r.status, 'answer without a dialog', r);
          throw new SessionError('request-failed', '2xx without a To tag', r.status);
        }
        await this.waitFor('established');
        return;
      }
      // RFC 4028 6: 422 carries the Min-SE to retry with (once is enough for a sane peer).
      const peerMin = r.get('min-se');
      if (r.status === 422 && peerMin !== undefined && attempt < 2 && !this.#cancelled) {
        minSe = Math.max(peerMin, minSe ?? 0);
        seq = (outcome.request.cseq?.seq ?? seq) + 1;
        continue;
      }
      const cause: TerminationCause = outcome.synthetic
        ? r.status === 408
          ? 'timeout'
          : 'transport-error'
        : this.#cancelled && r.status === 487
          ? 'cancelled'
          : r.status < 400
            ? 'redirected'
            : 'rejected';
      this.#fail(cause, r.status, r.reason, r);
      throw new SessionError('request-failed', `INVITE failed: ${r.status} ${r.reason}`, r.status);
    }
  }

  /**
   * Cancels the call before it is answered (RFC 3261 9.1); `reason` is a
   * Reason header value (RFC 3326), e.g. `SIP;cause=200;text="Call completed elsewhere"`. The session ends
   * when the 487 arrives; if a 200 crosses the CANCEL it is ACKed and BYEd.
   */
  cancel(reason?: string): void {
    if (this.state === 'terminated' || this.#cancelled) return;
    if (this.state === 'established') throw new SessionError('invalid-state', 'answered: use bye()');
    this.#cancelled = true;
    this.#cancelReason = reason;
    this.#tx?.cancel(reason);
  }

  /**
   * The next hop is known to be unreachable (an ICMP error learned by the user on a
   * connected socket, RFC 3261 section 18.4): a call that has had no response yet ends at
   * once as a transport error (503), instead of at Timer B; otherwise nothing happens.
   */
  unreachable(reason: string): void {
    if (this.state === 'initial') this.#tx?.unreachable(new Error(reason));
  }

  #fail(cause: TerminationCause, status: number, text: string, response?: SipResponse): void {
    this.handler.rollback?.();
    for (const b of this.#branches.values()) this.ctx.detach(b);
    const reason: TerminationReason = {
      cause,
      status,
      text,
      by:
        cause === 'cancelled' ? 'local' : cause === 'rejected' || cause === 'redirected' ? 'remote' : 'stack',
      ...(response === undefined ? {} : { response }),
      ...(response !== undefined && status >= 300 && status < 400 ? { contacts: contactList(response) } : {}),
    };
    this.setState('terminated', reason);
  }

  /** The early or confirmed dialog of a response's To tag, made on first sight (12.1.2). */
  #branch(response: SipResponse, invite: SipRequest): SessionDialog | undefined {
    const tag = response.to?.tag;
    if (tag === undefined) return undefined;
    let d = this.#branches.get(tag);
    if (d === undefined) {
      d = SessionDialog.asUac(invite, response, this.ctx.dialogContext(this.#protocol, this.#sips));
      if (d === undefined) return undefined;
      this.#branches.set(tag, d);
      if (this.#offer !== undefined) this.offerAnswer(d).apply('send-offer');
      this.ctx.attach(d, this);
    }
    return d;
  }

  #onResponse(r: SipResponse, invite: SipRequest): void {
    if (r.status < 200) {
      this.progress.emit(r);
      if (r.status === 100) return;
      const d = this.#branch(r, invite);
      if (d === undefined || this.dialog !== undefined) return;
      this.#early = d;
      this.notePeer(r);
      d.refreshTarget(r);
      this.setState('early');
      void this.#provisional(d, r).catch((error: unknown) =>
        this.ctx.log.warn(`session: provisional handling failed: ${(error as Error).message}`),
      );
      return;
    }
    if (r.status >= 300) return;
    const d = this.#branch(r, invite);
    if (d === undefined) return;
    if (this.dialog === undefined && this.state !== 'terminated') {
      void this.#accepted(d, r, invite);
    } else if (d === this.dialog || this.acked(d, r)) {
      void this.ack2xx(d, r, { invite }); // a retransmission: the same ACK again (13.2.2.4)
    } else {
      void this.#dropFork(d, r, invite);
    }
  }

  /** 1xx with a To tag: early media answer, or a reliable 1xx to PRACK (RFC 3262 4). */
  async #provisional(d: SessionDialog, r: SipResponse): Promise<void> {
    const oa = this.offerAnswer(d);
    const body = sessionBody(r);
    const rseq = r.get('rseq');
    const reliable =
      this.ctx.reliableProvisional !== 'disabled' &&
      rseq !== undefined &&
      hasOptionTag(r, 'require', '100rel');
    if (!reliable) {
      // An answer in an unreliable 1xx is a preview of the final one (RFC 3261 13.2.1): early media.
      if (
        body !== undefined &&
        oa.state === 'local-offer' &&
        !sameBytes(this.#earlyAnswer.get(d), body.body)
      ) {
        this.#earlyAnswer.set(d, body.body);
        await this.handler.setAnswer(body);
      }
      return;
    }
    const last = this.#rseq.get(d);
    // RFC 3262 4: a repeated RSeq is a retransmission, a gap is out of order: neither is acknowledged.
    if (last !== undefined && rseq !== last + 1) return;
    this.#rseq.set(d, rseq);
    let answer: Body | undefined;
    if (body !== undefined && oa.state === 'local-offer') {
      oa.apply('receive-answer');
      this.#earlyAnswer.set(d, body.body);
      await this.handler.setAnswer(body);
    } else if (body !== undefined && oa.state === 'stable' && oa.exchanges === 0) {
      // The offer of an offerless INVITE in a reliable 1xx: the answer goes in the PRACK (RFC 3262 5).
      oa.apply('receive-offer');
      answer = await this.handler.getAnswer(body);
      oa.apply('send-answer');
    }
    const cseq = r.cseq;
    await sendInDialog(this.ctx, d, {
      method: 'PRACK',
      headers: [{ name: 'RAck', value: `${rseq} ${cseq?.seq ?? 0} ${cseq?.method ?? 'INVITE'}` }],
      ...(answer === undefined ? {} : { body: answer }),
    });
  }

  /** The first 2xx: the session is established on that fork (13.2.2.4). */
  async #accepted(d: SessionDialog, r: SipResponse, invite: SipRequest): Promise<void> {
    this.dialog = d;
    d.confirm(r);
    this.notePeer(r);
    for (const [tag, other] of this.#branches) {
      if (other !== d) {
        this.#branches.delete(tag);
        this.ctx.detach(other);
      }
    }
    if (this.#cancelled) {
      // CANCEL crossed the 200: ACK it, then BYE (RFC 3261 9.1, 15).
      await this.ack2xx(d, r, { invite });
      this.endSession({ cause: 'cancelled', by: 'local', status: r.status });
      await this.sendBye(d);
      return;
    }
    const oa = this.offerAnswer(d);
    const body = sessionBody(r);
    // The offer of an offerless INVITE comes in the 2xx; the ACK carries the answer (RFC 3261 13.2.1).
    const offerInResponse =
      oa.state !== 'local-offer' && body !== undefined && oa.exchanges === 0 ? body : undefined;
    // ACK first, so that a retransmitted 2xx meeting a slow handler gets the same ACK.
    const acking = this.ack2xx(d, r, {
      invite,
      ...(offerInResponse === undefined
        ? {}
        : {
            body: async () => {
              oa.apply('receive-offer');
              const answer = await this.handler.getAnswer(offerInResponse);
              oa.apply('send-answer');
              return answer;
            },
          }),
    });
    try {
      // Only the INVITE's own offer is answered here; a later UPDATE offer keeps waiting for its 2xx.
      if (oa.state === 'local-offer' && oa.exchanges === 0) {
        oa.apply('receive-answer');
        if (body !== undefined && !sameBytes(this.#earlyAnswer.get(d), body.body))
          await this.handler.setAnswer(body);
      }
      await acking;
    } catch (error) {
      this.endSession({ cause: 'rejected', by: 'local', status: 488, text: (error as Error).message });
      await this.sendBye(d, [['Reason', 'SIP;cause=488;text="Answer not acceptable"']]);
      return;
    }
    this.refreshTimer.arm(agreementFromResponse(r));
    this.setState('established');
  }

  /** A 2xx from another fork once we have one: ACK and BYE it (13.2.2.4). */
  async #dropFork(d: SessionDialog, r: SipResponse, invite: SipRequest): Promise<void> {
    d.confirm(r);
    await this.ack2xx(d, r, { invite });
    const outcome = await this.sendBye(d);
    this.ctx.log.debug(`session: BYE to forked 2xx answered ${outcome.response.status}`);
    d.terminate();
  }

  override receiveStrayResponse(response: SipResponse): void {
    const invite = this.#invite;
    if (invite === undefined || response.cseq?.method !== 'INVITE') return;
    if (response.status >= 200 && response.status < 300) this.#onResponse(response, invite);
  }

  protected override currentDialog(): SessionDialog | undefined {
    return this.dialog ?? this.#early;
  }

  protected override onTerminated(): void {
    super.onTerminated();
    for (const b of this.#branches.values()) if (b !== this.dialog) this.ctx.detach(b);
  }
}
