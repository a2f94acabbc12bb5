/**
 * REFER inside an INVITE session whose dialog another layer keeps
 * (src/session): the referrer side. The REFER goes out through the
 * session; the NOTIFYs of its implicit subscription come back through the
 * session's incoming requests (RFC 3515 2.4.4-2.4.6), and are refreshed
 * with SUBSCRIBE in the session when the notifier gives a short duration.
 */
import { eventId } from '../headers/event.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { Emitter } from '../util/emitter.js';
import type { EventsContext } from './context.js';
import type { AddressInput } from './initial-request.js';
import { NamedTimers } from './named-timers.js';
import { parseSipfragStatus, type SipfragStatus } from './packages/sipfrag.js';
import { type ReferOptions, type ReferOutcome, referHeaders } from './referral.js';
import { safeEmit } from './safe-emit.js';
import { endOf, refreshDelayMs } from './subscription-end.js';

/** A request the session did not handle itself, as src/session hands it over. */
export interface SessionIncoming {
  readonly request: SipRequest;
  respond(status: number, options?: { reason?: string; headers?: readonly [string, string][] }): void;
}

/** The parts of an INVITE session the event framework uses (structural: src/session fits). */
export interface SessionLike {
  readonly incomingRequest: { on(listener: (r: SessionIncoming) => void): () => void };
  sendRequest(
    method: string,
    options?: {
      readonly body?: { readonly contentType: string; readonly body: Uint8Array };
      readonly headers?: readonly (readonly [string, string])[];
    },
  ): Promise<SipResponse>;
}

/** A REFER sent in a session, and what its NOTIFYs report. */
export class SessionReferral {
  /** Each status the referee reports. */
  readonly progress = new Emitter<SipfragStatus>();
  readonly outcome: Promise<ReferOutcome>;
  readonly #ctx: EventsContext;
  readonly #session: SessionLike;
  readonly #timers: NamedTimers;
  #resolve!: (o: ReferOutcome) => void;
  #id: string | undefined;
  #done = false;
  #last: SipfragStatus | undefined;

  constructor(ctx: EventsContext, session: SessionLike) {
    this.#ctx = ctx;
    this.#session = session;
    this.#timers = new NamedTimers(ctx.clock);
    this.outcome = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  /** The Event id (the REFER's CSeq), once the REFER was answered. */
  get id(): string | undefined {
    return this.#id;
  }
  get lastStatus(): SipfragStatus | undefined {
    return this.#last;
  }
  get done(): boolean {
    return this.#done;
  }

  /** Sends the REFER. */
  async start(referTo: AddressInput, options: ReferOptions = {}): Promise<void> {
    const headers = referHeaders(referTo, options).map((h) => [h.name, h.value] as const);
    let response: SipResponse;
    try {
      response = await this.#session.sendRequest('REFER', { headers });
    } catch {
      this.#finish({ kind: 'rejected', status: 481 });
      return;
    }
    if (response.status >= 300) {
      this.#finish({ kind: 'rejected', status: response.status });
      return;
    }
    if (this.#id === undefined) this.#id = String(response.cseq?.seq);
    if (response.header('refer-sub')?.trim().toLowerCase() === 'false') {
      this.#finish({ kind: 'accepted-no-subscription', response });
      return;
    }
    // No NOTIFY within 64*T1: the subscription failed (RFC 6665 4.1.2.4).
    if (this.#last === undefined)
      this.#timers.set('timer-n', 64 * this.#ctx.transactions.timers.t1, () => this.#noNotify());
  }

  /** Whether a NOTIFY is for this referral (Event: refer with its id; without id while it is the only one). */
  matches(request: SipRequest): boolean {
    const ev = request.get('event');
    if (this.#done || ev === undefined || ev.value !== 'refer') return false;
    const id = eventId(ev);
    return id === undefined || this.#id === undefined || id === this.#id;
  }

  /** A NOTIFY of this referral: answered, reported, ends the referral when terminated. */
  receive(incoming: SessionIncoming): void {
    const req = incoming.request;
    const ss = req.get('subscription-state');
    if (ss === undefined) {
      incoming.respond(400, { reason: 'Bad Subscription-State' });
      return;
    }
    if (this.#id === undefined) this.#id = eventId(req.get('event')!);
    incoming.respond(200);
    this.#timers.clear('timer-n');
    const frag = parseSipfragStatus(req.body);
    if (frag.ok) {
      this.#last = frag.value;
      safeEmit(this.progress, frag.value, this.#ctx.logger);
    }
    if (ss.state === 'terminated') {
      const last = this.#last;
      this.#finish(
        last !== undefined && last.status >= 200
          ? { kind: 'final', status: last }
          : { kind: 'ended', end: endOf(ss) },
      );
      return;
    }
    if (frag.ok && frag.value.status >= 200) this.#finish({ kind: 'final', status: frag.value });
    else if (ss.expires !== undefined) this.#keep(ss.expires);
  }

  /** Refreshes before the notifier's expiry (RFC 3515 2.4.4, RFC 6665 4.1.2.2). */
  #keep(seconds: number): void {
    this.#timers.set('expiry', seconds * 1000, () =>
      this.#finish({ kind: 'ended', end: { reason: 'expired' } }),
    );
    this.#timers.set('refresh', refreshDelayMs(seconds, this.#ctx.transactions.timers.t1), () => {
      const headers = [
        ['Event', `refer;id=${this.#id}`],
        ['Expires', String(seconds)],
      ] as const;
      this.#session.sendRequest('SUBSCRIBE', { headers }).then(
        (r) => {
          if (r.status === 481) this.#finish({ kind: 'ended', end: { reason: 'dialog-gone', status: 481 } });
        },
        () => this.#finish({ kind: 'ended', end: { reason: 'dialog-gone' } }),
      );
    });
  }

  #noNotify(): void {
    this.#finish({ kind: 'ended', end: { reason: 'no-notify' } });
  }

  #finish(outcome: ReferOutcome): void {
    if (this.#done) return;
    this.#done = true;
    this.#timers.clearAll();
    this.#resolve(outcome);
  }
}
