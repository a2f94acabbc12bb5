/**
 * The UA core (RFC 3261 section 8.2 and 12.2.2): every new server
 * transaction passes the UAS checks, then goes to the dialog it belongs to
 * or to the application's handler for its method. OPTIONS is answered with
 * the capabilities when the application does not take it.
 */
import { DialogRegistry } from '../dialog/dialog-registry.js';
import { cryptoRandomBytes, makeTag, type RandomBytes } from '../dialog/random.js';
import type { FieldInit } from '../message/assemble.js';
import { createResponse } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { type Clock, systemClock } from '../time/clock.js';
import type { ServerTransaction, StrayAck, TransactionLayerApi } from '../transaction/types.js';
import { type CoreRuleContext, checkRequest } from './core-rules.js';
import { delegateMethods, handlerFor, type UaDelegate } from './delegate.js';
import { silentUaLogger, type UaLogger } from './logger.js';
import { LoopDetector } from './loop-detector.js';

/** A body for the OPTIONS answer (the application's SDP, RFC 3261 11.2). */
export interface OptionsBody {
  readonly contentType: string;
  readonly body: string | Uint8Array;
}

/**
 * Another owner of dialogs the core offers in-dialog requests to when its
 * registry has none (the session layer keeps its own dialogs; it fits this).
 */
export interface DialogRouter {
  /** Takes a request with a To tag; false when no dialog of the router matches. */
  receiveRequest(tx: ServerTransaction): boolean;
  /** Takes an ACK for a 2xx; false when no dialog of the router matches. */
  receiveAck(ack: SipRequest): boolean;
}

export interface UaCoreOptions {
  readonly transactions: TransactionLayerApi;
  /** Shared with sessions and subscriptions; default a new one. */
  readonly dialogs?: DialogRegistry;
  readonly delegate?: UaDelegate;
  readonly clock?: Clock;
  readonly random?: RandomBytes;
  readonly logger?: UaLogger;
  /** Request-URI schemes served (default sip, sips, tel). Others get 416. */
  readonly uriSchemes?: readonly string[];
  /** Option tags supported (Supported, and the 420 check). Default none. */
  readonly supported?: readonly string[];
  /** Methods handled inside dialogs by their usages (BYE, UPDATE, PRACK, INFO, NOTIFY...), added to Allow. */
  readonly dialogMethods?: readonly string[];
  /** Body types a method's handler understands (RFC 3261 8.2.3); default application/sdp for INVITE, UPDATE, PRACK. */
  readonly accept?: Readonly<Record<string, readonly string[]>>;
  /** Content codings we can undo besides identity (default none). */
  readonly acceptEncoding?: readonly string[];
  /** Answer 483 to Max-Forwards 0 like a proxy; default false: an endpoint processes them (RFC 4475 3.3.11). */
  readonly rejectZeroMaxForwards?: boolean;
  /** Server header of our responses. */
  readonly userAgent?: string;
  /** Event packages served, for Allow-Events in OPTIONS answers (RFC 6665 8.2.2). */
  readonly allowEvents?: () => readonly string[];
  /** Body of the OPTIONS answer, typically the SDP we would offer. */
  readonly optionsBody?: () => OptionsBody | undefined;
  /** How long a request key is kept for merged-request detection at most (default 64*T1). */
  readonly loopWindowMs?: number;
}

const DEFAULT_ACCEPT: Readonly<Record<string, readonly string[]>> = {
  INVITE: ['application/sdp'],
  UPDATE: ['application/sdp'],
  PRACK: ['application/sdp'],
};

/** Canonical order of Allow. */
const ALLOW_ORDER = [
  'INVITE',
  'ACK',
  'CANCEL',
  'BYE',
  'OPTIONS',
  'PRACK',
  'UPDATE',
  'INFO',
  'MESSAGE',
  'SUBSCRIBE',
  'NOTIFY',
  'REFER',
  'PUBLISH',
  'REGISTER',
];

export class UaCore {
  readonly dialogs: DialogRegistry;
  readonly transactions: TransactionLayerApi;
  readonly #options: UaCoreOptions;
  readonly #random: RandomBytes;
  readonly #log: UaLogger;
  readonly #loops: LoopDetector;
  readonly #rules: CoreRuleContext;
  readonly #dialogMethods: Set<string>;
  readonly #offs: (() => void)[];
  readonly #routers: DialogRouter[] = [];
  #delegate: UaDelegate;

  constructor(options: UaCoreOptions) {
    this.#options = options;
    this.transactions = options.transactions;
    this.dialogs = options.dialogs ?? new DialogRegistry();
    this.#delegate = options.delegate ?? {};
    this.#random = options.random ?? cryptoRandomBytes;
    this.#log = options.logger ?? silentUaLogger;
    this.#dialogMethods = new Set((options.dialogMethods ?? []).map((m) => m.toUpperCase()));
    const clock = options.clock ?? systemClock;
    this.#loops = new LoopDetector(clock, options.loopWindowMs ?? 64 * options.transactions.timers.t1);
    const accept = options.accept ?? DEFAULT_ACCEPT;
    this.#rules = {
      uriSchemes: new Set((options.uriSchemes ?? ['sip', 'sips', 'tel']).map((s) => s.toLowerCase())),
      supported: new Set((options.supported ?? []).map((s) => s.toLowerCase())),
      allows: (m) => this.allows(m),
      allowList: () => this.allowList(),
      acceptFor: (m) => accept[m],
      acceptEncoding: options.acceptEncoding ?? [],
      rejectZeroMaxForwards: options.rejectZeroMaxForwards ?? false,
      responseTypes: (m) => (m === 'INVITE' ? accept.INVITE : undefined),
      isMerged: () => false,
    };
    this.#offs = [
      options.transactions.onRequest((tx) => this.#onRequest(tx)),
      options.transactions.onStrayAck((ack) => this.#onStrayAck(ack)),
    ];
  }

  get delegate(): UaDelegate {
    return this.#delegate;
  }
  /** Replaces the handlers of out-of-dialog requests. */
  set delegate(delegate: UaDelegate) {
    this.#delegate = delegate;
  }

  /** Adds a method that dialog usages handle (sessions add BYE, UPDATE...; subscriptions NOTIFY). */
  allowInDialog(method: string): void {
    this.#dialogMethods.add(method.toUpperCase());
  }

  /** Adds a dialog router, asked after the registry; the returned function removes it. */
  addRouter(router: DialogRouter): () => void {
    this.#routers.push(router);
    return () => {
      const i = this.#routers.indexOf(router);
      if (i >= 0) this.#routers.splice(i, 1);
    };
  }

  /** Whether some handler takes the method (RFC 3261 8.2.1). */
  allows(method: string): boolean {
    if (method === 'OPTIONS' || method === 'ACK' || method === 'CANCEL') return true;
    if (this.#dialogMethods.has(method)) return true;
    if (method === 'BYE' && this.#delegate.onInvite !== undefined) return true;
    return handlerFor(this.#delegate, method) !== undefined;
  }

  /** The Allow list (RFC 3261 20.5). */
  allowList(): string[] {
    const set = new Set(['OPTIONS', ...this.#dialogMethods, ...delegateMethods(this.#delegate)]);
    if (set.has('INVITE')) for (const m of ['ACK', 'CANCEL', 'BYE']) set.add(m);
    const ordered = ALLOW_ORDER.filter((m) => set.has(m));
    return [...ordered, ...[...set].filter((m) => !ALLOW_ORDER.includes(m)).sort()];
  }

  /** Supported option tags (RFC 3261 20.37). */
  get supported(): readonly string[] {
    return [...this.#rules.supported];
  }

  /** A response to a request with our Server header and a fresh To tag where one is needed. */
  response(
    request: SipRequest,
    status: number,
    init: { reason?: string; headers?: readonly FieldInit[]; body?: OptionsBody } = {},
  ): SipResponse {
    const headers: FieldInit[] = [...(init.headers ?? [])];
    if (this.#options.userAgent !== undefined)
      headers.push({ name: 'Server', value: this.#options.userAgent });
    return createResponse(request, status, init.reason, {
      generateTag: () => makeTag(this.#random),
      headers,
      ...(init.body === undefined ? {} : { body: init.body.body, contentType: init.body.contentType }),
    });
  }

  /** The 200 to OPTIONS with our capabilities (RFC 3261 11.2). */
  optionsResponse(request: SipRequest): SipResponse {
    const accept = new Set<string>();
    for (const list of Object.values(this.#options.accept ?? DEFAULT_ACCEPT))
      for (const t of list) accept.add(t);
    const headers: FieldInit[] = [
      { name: 'Allow', value: this.allowList().join(', ') },
      { name: 'Accept', value: [...accept].join(', ') },
      { name: 'Accept-Encoding', value: ['identity', ...this.#rules.acceptEncoding].join(', ') },
      { name: 'Accept-Language', value: 'en' },
    ];
    if (this.#rules.supported.size > 0) headers.push({ name: 'Supported', value: this.supported.join(', ') });
    const events = this.#options.allowEvents?.() ?? [];
    if (events.length > 0) headers.push({ name: 'Allow-Events', value: events.join(', ') });
    const body = this.#options.optionsBody?.();
    return this.response(request, 200, body === undefined ? { headers } : { headers, body });
  }

  close(): void {
    for (const off of this.#offs) off();
    this.#loops.clear();
  }

  #onRequest(tx: ServerTransaction): void {
    try {
      this.#dispatch(tx);
    } catch (error) {
      // Network input never takes the process down: log, and answer if nobody did.
      this.#log.error(`ua core: ${tx.request.method} failed`, error);
      if (tx.state === 'trying' || tx.state === 'proceeding') {
        try {
          tx.respond(this.response(tx.request, 500));
        } catch {
          // The request cannot even be answered (no usable headers): the transaction times out.
        }
      }
    }
  }

  #dispatch(tx: ServerTransaction): void {
    const request = tx.request;
    if (request.method === 'CANCEL') {
      tx.respond(this.response(request, 481)); // RFC 3261 9.2: no transaction to cancel
      return;
    }
    const rejection = checkRequest(request, {
      ...this.#rules,
      isMerged: (r) => this.#loops.isMerged(r, tx.id),
    });
    if (rejection !== undefined) {
      this.#log.debug(`ua core: ${request.method} rejected with ${rejection.status}`);
      const init = { headers: rejection.headers };
      tx.respond(
        this.response(
          request,
          rejection.status,
          rejection.reason === undefined ? init : { ...init, reason: rejection.reason },
        ),
      );
      return;
    }
    const forget = this.#loops.remember(request, tx.id);
    tx.onTerminated(forget);
    if (request.to?.tag !== undefined) this.#inDialog(tx);
    else this.#outOfDialog(tx);
  }

  /** RFC 3261 12.2.2: requests with a To tag go to their dialog, or get 481. */
  #inDialog(tx: ServerTransaction): void {
    const request = tx.request;
    const dialog = this.dialogs.matchRequest(request);
    if (dialog === undefined) {
      if (this.#routers.some((r) => r.receiveRequest(tx))) return;
      tx.respond(this.response(request, 481));
      return;
    }
    if (!dialog.acceptRemoteCSeq(request)) {
      tx.respond(this.response(request, 500, { reason: 'CSeq Out of Order' }));
      return;
    }
    for (const usage of dialog.usages) if (usage.onRequest(tx, dialog)) return;
    if (request.method === 'OPTIONS') tx.respond(this.optionsResponse(request));
    else tx.respond(this.response(request, 481, { reason: 'No Dialog Usage' }));
  }

  #outOfDialog(tx: ServerTransaction): void {
    const request = tx.request;
    // A registrar's AOR is a SIP or SIPS URI (RFC 3261 10.3 step 3; RFC 4475 3.3.4).
    const toScheme = request.to?.uri.scheme.toLowerCase();
    if (request.method === 'REGISTER' && toScheme !== 'sip' && toScheme !== 'sips') {
      tx.respond(this.response(request, 400, { reason: 'To Is Not a SIP or SIPS Address-of-Record' }));
      return;
    }
    const handler = handlerFor(this.#delegate, request.method);
    if (handler !== undefined) handler(tx);
    else if (request.method === 'OPTIONS') tx.respond(this.optionsResponse(request));
    // Allowed only inside a dialog (BYE, UPDATE, PRACK...): nothing to act on (RFC 3261 15.1.2).
    else tx.respond(this.response(request, 481));
  }

  /** ACKs for 2xx go to their dialog's usages (RFC 3261 13.3.1.4); others are dropped. */
  #onStrayAck(ack: StrayAck): void {
    const dialog = this.dialogs.matchRequest(ack.request);
    if (dialog === undefined) {
      if (this.#routers.some((r) => r.receiveAck(ack.request))) return;
      this.#log.debug('ua core: ACK matching no dialog dropped');
      return;
    }
    for (const usage of dialog.usages) if (usage.onAck?.(ack, dialog) === true) return;
  }
}
