/**
 * The notifier: event packages registered as plug-ins (RFC 6665 section 5)
 * and the handling of a SUBSCRIBE that creates a subscription (4.2.1):
 * 489 Bad Event with Allow-Events for unknown packages, 406 for bodies we
 * cannot send, 423 Min-Expires, authorization (pending, active, reject),
 * the 200 with Expires, and the immediate NOTIFY.
 */
import { Dialog } from '../dialog/dialog.js';
import { cryptoRandomBytes, makeTag } from '../dialog/random.js';
import { eventId } from '../headers/event.js';
import type { MediaType } from '../headers/types.js';
import { createResponse } from '../message/build.js';
import type { SipRequest } from '../message/sip-message.js';
import type { ServerTransaction } from '../transaction/types.js';
import type { EventsContext } from './context.js';
import type { DialogOwner } from './event-dialogs.js';
import type { ReferResponder } from './incoming-refer.js';
import {
  contactOf,
  type EventBody,
  NotifierSubscription,
  type NotifyChannel,
} from './notifier-subscription.js';

/** What `authorize` decides for a SUBSCRIBE (RFC 6665 4.2.1.1, 4.2.1.3). */
export type AuthorizeDecision = 'active' | 'pending' | { readonly reject: number; readonly reason?: string };

/** An event package on the notifier side (RFC 6665 section 5.4). */
export interface EventPackage {
  /** The package name in Event headers. */
  readonly event: string;
  /** Body types this package can send, best first (matched with the SUBSCRIBE's Accept). */
  readonly accept: readonly string[];
  /** Duration when the SUBSCRIBE has no Expires (RFC 6665 4.2.1.1 asks each package to define one; default 3600). */
  readonly defaultExpires?: number;
  /** Shorter durations get 423 with Min-Expires. */
  readonly minExpires?: number;
  /** Longer durations are shortened to this. */
  readonly maxExpires?: number;
  /** Decides whether to accept (default `active`). */
  authorize?(subscribe: SipRequest): AuthorizeDecision | Promise<AuthorizeDecision>;
  /** The body of the first NOTIFY (and of a fetch, Expires: 0). */
  initialState?(subscription: NotifierSubscription): EventBody | undefined;
  /** Each new subscription, after its first NOTIFY was sent. */
  onSubscription?(subscription: NotifierSubscription): void;
}

/** Whether `offered` (a type our package sends) is acceptable for an Accept entry (wildcards allowed). */
function acceptable(offered: string, accept: readonly MediaType[]): boolean {
  const [type, subtype] = offered.toLowerCase().split('/');
  return accept.some(
    (a) =>
      (a.type === '*' || a.type.toLowerCase() === type) &&
      (a.subtype === '*' || a.subtype.toLowerCase() === subtype),
  );
}

/** Event packages by name and the SUBSCRIBE handling that uses them. */
export class EventNotifier {
  readonly #ctx: EventsContext;
  readonly #packages = new Map<string, EventPackage>();
  readonly #owner: DialogOwner;

  constructor(ctx: EventsContext, owner: DialogOwner) {
    this.#ctx = ctx;
    this.#owner = owner;
  }

  /** Registers a package; the returned function removes it. A second package with the same name replaces the first. */
  register(pkg: EventPackage): () => void {
    this.#packages.set(pkg.event, pkg);
    return () => {
      if (this.#packages.get(pkg.event) === pkg) this.#packages.delete(pkg.event);
    };
  }

  /** Runs a package hook; one that throws is logged and counts as giving nothing. */
  #call<T>(pkg: EventPackage, hook: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      this.#ctx.logger?.warn(`event package ${pkg.event}: ${hook} threw: ${(error as Error)?.message}`);
      return undefined;
    }
  }

  /** Package names for Allow-Events (RFC 6665 8.2.2). */
  get allowEvents(): readonly string[] {
    return [...this.#packages.keys()];
  }

  /** Allow-Events as header fields, none when no package is registered. */
  allowEventsHeaders(): { name: string; value: string }[] {
    const names = this.allowEvents;
    return names.length === 0 ? [] : [{ name: 'Allow-Events', value: names.join(', ') }];
  }

  /**
   * A SUBSCRIBE that creates a subscription: out of dialog, or in `dialog`
   * for an event/id no subscription of that dialog has (RFC 6665 4.5.2).
   */
  handleSubscribe(tx: ServerTransaction, dialog?: Dialog): Promise<NotifierSubscription | undefined> {
    const req = tx.request;
    return this.serve(
      req,
      (status, o) =>
        tx.respond(
          createResponse(req, status, o.reason, {
            ...(o.toTag === undefined ? {} : { toTag: o.toTag }),
            headers: o.headers ?? [],
          }),
        ),
      dialog === undefined ? {} : { dialog },
    );
  }

  /**
   * The SUBSCRIBE checks and the new subscription (RFC 6665 4.2.1), answered
   * through `respond`: in a stack Dialog, in a dialog another layer keeps
   * (`channel`: INVITE sessions), or in a new dialog when neither is given.
   */
  async serve(
    req: SipRequest,
    respond: ReferResponder,
    place: { readonly dialog?: Dialog; readonly channel?: NotifyChannel },
    track?: (sub: NotifierSubscription) => void,
  ): Promise<NotifierSubscription | undefined> {
    const ev = req.parsed('event');
    if (!ev.ok || ev.value === undefined) {
      respond(400, { reason: 'Missing or Bad Event Header' });
      return undefined;
    }
    const pkg = this.#packages.get(ev.value.value);
    const allow = this.allowEventsHeaders();
    if (pkg === undefined) {
      respond(489, { headers: allow }); // RFC 6665 7.3.2, 8.2.2
      return undefined;
    }
    const accept = req.get('accept');
    if (accept !== undefined && accept.length > 0 && !pkg.accept.some((t) => acceptable(t, accept))) {
      respond(406, { headers: [{ name: 'Accept', value: pkg.accept.join(', ') }] });
      return undefined;
    }
    let expires = req.get('expires') ?? pkg.defaultExpires ?? 3600;
    if (expires > 0 && pkg.minExpires !== undefined && expires < pkg.minExpires) {
      respond(423, { headers: [{ name: 'Min-Expires', value: String(pkg.minExpires) }] }); // 4.2.1.1
      return undefined;
    }
    if (pkg.maxExpires !== undefined) expires = Math.min(expires, pkg.maxExpires);
    let decision: AuthorizeDecision;
    try {
      decision = (await pkg.authorize?.(req)) ?? 'active';
    } catch (error) {
      this.#ctx.logger?.warn(`SUBSCRIBE ${pkg.event}: authorize failed: ${(error as Error).message}`);
      decision = { reject: 500 };
    }
    if (typeof decision === 'object') {
      respond(decision.reject, {
        headers: allow,
        ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      });
      return undefined;
    }
    let subDialog = place.dialog;
    let toTag: string | undefined;
    if (subDialog === undefined && place.channel === undefined) {
      toTag = makeTag(this.#ctx.random ?? cryptoRandomBytes);
      subDialog = Dialog.asUas(req, toTag, this.#ctx.dialogContext, 'confirmed');
    }
    const contact = subDialog === undefined ? [] : [{ name: 'Contact', value: contactOf(subDialog) }];
    respond(200, {
      ...(toTag === undefined ? {} : { toTag }),
      headers: [...allow, { name: 'Expires', value: String(expires) }, ...contact],
    });
    const sub = new NotifierSubscription({
      ctx: this.#ctx,
      ...(subDialog === undefined ? {} : { dialog: subDialog }),
      ...(place.channel === undefined ? {} : { channel: place.channel }),
      owner: this.#owner,
      request: req,
      event: pkg.event,
      id: eventId(ev.value),
      state: decision,
      expires,
      ...(pkg.minExpires === undefined ? {} : { minExpires: pkg.minExpires }),
      ...(pkg.maxExpires === undefined ? {} : { maxExpires: pkg.maxExpires }),
      responseHeaders: allow,
    });
    // After the subscription's usage, so refreshes reach it first.
    if (toTag !== undefined && subDialog !== undefined) this.#owner.own(subDialog);
    track?.(sub);
    const content = this.#call(pkg, 'initialState', () => pkg.initialState?.(sub));
    // 4.2.1.2: the NOTIFY follows at once; a fetch (Expires: 0) gets the terminated one directly.
    if (expires === 0) sub.terminate('timeout', content === undefined ? {} : { content });
    else sub.notify(content);
    this.#call(pkg, 'onSubscription', () => pkg.onSubscription?.(sub));
    return sub;
  }
}
