/**
 * REFER in INVITE sessions whose dialogs another layer keeps (src/session):
 * incoming REFERs become IncomingRefers whose NOTIFYs go out through the
 * session, refresh SUBSCRIBEs reach their subscription, and NOTIFYs reach
 * the SessionReferrals we sent (RFC 3515, RFC 6665 4.5.2 dialog reuse).
 */
import { eventId } from '../headers/event.js';
import type { FieldInit } from '../message/assemble.js';
import type { EventsContext } from './context.js';
import type { DialogOwner } from './event-dialogs.js';
import {
  checkRefer,
  IncomingRefer,
  type IncomingReferOptions,
  offerRefer,
  type ReferResponder,
} from './incoming-refer.js';
import type { AddressInput } from './initial-request.js';
import type { EventNotifier } from './notifier.js';
import type { NotifierSubscription, NotifyChannel } from './notifier-subscription.js';
import type { ReferOptions } from './referral.js';
import { type SessionIncoming, type SessionLike, SessionReferral } from './session-referral.js';

const tuples = (headers: readonly FieldInit[]): [string, string][] => headers.map((h) => [h.name, h.value]);

/** NOTIFYs sent as in-dialog requests of the session. */
export function sessionChannel(session: SessionLike): NotifyChannel {
  return {
    send: async (headers, content) => {
      const body =
        content === undefined
          ? undefined
          : {
              contentType: content.contentType,
              body: typeof content.body === 'string' ? new TextEncoder().encode(content.body) : content.body,
            };
      try {
        const r = await session.sendRequest('NOTIFY', {
          headers: tuples(headers),
          ...(body === undefined ? {} : { body }),
        });
        return { status: r.status, local: r.status === 408 || r.status === 503 };
      } catch {
        return { status: 481, local: true }; // the session has ended
      }
    },
  };
}

/** What a session binding needs from the agent. */
export interface SessionBindingInit {
  readonly ctx: EventsContext;
  readonly session: SessionLike;
  readonly owner: DialogOwner;
  readonly referOptions: IncomingReferOptions;
  /** Who decides on REFERs in this session; none: 603. */
  readonly onRefer: ((refer: IncomingRefer) => void) | undefined;
  /** The agent's notifier, for SUBSCRIBEs of its packages inside the call (RFC 6665 4.5.2). */
  readonly notifier?: EventNotifier;
}

/** The event side of one session: refer subscriptions both ways. */
export class SessionBinding {
  readonly #init: SessionBindingInit;
  readonly #notifiers = new Set<NotifierSubscription>();
  readonly #referrals = new Set<SessionReferral>();
  readonly #off: () => void;

  constructor(init: SessionBindingInit) {
    this.#init = init;
    this.#off = init.session.incomingRequest.on((r) => this.#receive(r));
  }

  /** Sends a REFER in the session (RFC 3515). */
  refer(referTo: AddressInput, options?: ReferOptions): SessionReferral {
    const referral = new SessionReferral(this.#init.ctx, this.#init.session);
    this.#referrals.add(referral);
    void referral.outcome.then(() => this.#referrals.delete(referral));
    void referral.start(referTo, options);
    return referral;
  }

  /** Stops listening to the session. */
  close(): void {
    this.#off();
  }

  #receive(r: SessionIncoming): void {
    const req = r.request;
    switch (req.method) {
      case 'REFER':
        this.#onRefer(r);
        break;
      case 'SUBSCRIBE': {
        const sub = [...this.#notifiers].find((s) => s.matches(req));
        if (sub !== undefined)
          sub.refresh(req, (status, headers) => r.respond(status, { headers: tuples(headers) }));
        else if (req.get('event')?.value === 'refer')
          r.respond(481, { reason: 'Subscription Does Not Exist' });
        else if (this.#init.notifier !== undefined) {
          const channel = sessionChannel(this.#init.session);
          void this.#init.notifier.serve(req, this.#responder(r), { channel }, (s) => this.#track(s));
        }
        break;
      }
      case 'NOTIFY': {
        // Several REFERs in one session: an id picks one; a NOTIFY without id goes to the oldest.
        const referral = [...this.#referrals].find((x) => x.matches(req));
        if (referral !== undefined) referral.receive(r);
        else if (req.get('event')?.value === 'refer' && eventId(req.get('event')!) !== undefined)
          r.respond(481, { reason: 'Subscription Does Not Exist' });
        break;
      }
      default:
        break;
    }
  }

  #responder(r: SessionIncoming): ReferResponder {
    return (status, o) =>
      r.respond(status, {
        ...(o.reason === undefined ? {} : { reason: o.reason }),
        headers: tuples(o.headers ?? []),
      });
  }

  #track(sub: NotifierSubscription): void {
    this.#notifiers.add(sub);
    sub.ended.once(() => this.#notifiers.delete(sub));
  }

  #onRefer(r: SessionIncoming): void {
    const check = checkRefer(r.request);
    if (!check.ok) {
      r.respond(check.status, { reason: check.reason });
      return;
    }
    const onRefer = this.#init.onRefer;
    if (onRefer === undefined) {
      r.respond(603);
      return;
    }
    offerRefer(
      new IncomingRefer({
        ctx: this.#init.ctx,
        request: r.request,
        respond: this.#responder(r),
        referTo: check.referTo,
        dialog: undefined,
        channel: sessionChannel(this.#init.session),
        owner: this.#init.owner,
        options: this.#init.referOptions,
        onSubscription: (sub) => this.#track(sub),
      }),
      onRefer,
      this.#init.ctx.logger,
    );
  }
}
