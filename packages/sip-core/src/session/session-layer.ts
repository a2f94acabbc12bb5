/**
 * The session layer: makes outgoing INVITE sessions, turns new INVITEs into
 * incoming sessions (after the checks of RFC 3262 and RFC 4028), and routes
 * in-dialog requests, ACKs for 2xx and stray 2xx responses to the session
 * that owns the dialog. The UA core feeds it (`receive*`), or `listen()`
 * wires it straight to a transaction layer.
 */
import type { AuthSession } from '../auth/auth-session.js';
import type { Dialog, DialogUsage } from '../dialog/dialog.js';
import { DialogRegistry } from '../dialog/dialog-registry.js';
import { parseNameAddr } from '../headers/index.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { createNodeDnsResolver, type DnsResolver } from '../resolve/dns-resolver.js';
import { locateSipServers } from '../resolve/locate.js';
import { type Clock, systemClock } from '../time/clock.js';
import type { ServerTransaction, TimerValues, TransactionLayerApi } from '../transaction/types.js';
import type { Destination, LocalAddress, TransportProtocol } from '../transport/types.js';
import type { Uri } from '../uri/types.js';
import { Emitter } from '../util/emitter.js';
import { wantsSipsContact } from './contact-scheme.js';
import type { DialogOwner, SessionContext } from './context.js';
import { cryptoSessionRandom, newBranch, newTag, type SessionRandom } from './ids.js';
import { InviteClientSession, type InviteOptions } from './invite-client-session.js';
import { InviteServerSession } from './invite-server-session.js';
import { hasOptionTag } from './message-helpers.js';
import { respond } from './respond.js';
import { SessionDialog } from './session-dialog.js';
import { MIN_SESSION_EXPIRES, uasTimerDecision } from './session-timer.js';
import {
  type ReliableProvisionalMode,
  type SessionDescriptionHandler,
  type SessionLogger,
  type SessionPolicy,
  type SessionTimerOptions,
  silentSessionLogger,
} from './types.js';

/** Options of a SessionLayer. */
export interface SessionLayerOptions {
  readonly transactions: TransactionLayerApi;
  /** Where our addresses come from (Via sent-by, Contact): the transport layer. */
  readonly transport: { localAddress(protocol: TransportProtocol): LocalAddress | undefined };
  /** Makes the media seam of each incoming session. */
  readonly handlerFactory?: (invite: SipRequest) => SessionDescriptionHandler;
  readonly clock?: Clock;
  readonly random?: SessionRandom;
  /** Timer values (default: the transaction layer's). */
  readonly timers?: TimerValues;
  /** Digest authentication for INVITE, re-INVITE, BYE... (RFC 3261 22). */
  readonly auth?: AuthSession;
  /** RFC 3262 use (default `supported`). */
  readonly reliableProvisional?: ReliableProvisionalMode;
  readonly sessionTimer?: SessionTimerOptions;
  /**
   * The 100rel mode and session timers of a new incoming INVITE, when they
   * differ from the layer's (the account the INVITE is for); undefined: the layer's.
   */
  readonly policyFor?: (invite: SipRequest) => SessionPolicy | undefined;
  /** User part of our Contact. */
  readonly contactUser?: string;
  /** Turns a next-hop URI into a destination (default: RFC 3263 through `dns`). */
  readonly resolve?: (uri: Uri) => Promise<Destination>;
  readonly dns?: DnsResolver;
  /** The dialog registry to put session dialogs in (share the UA core's; default a new one). */
  readonly dialogs?: DialogRegistry;
  /**
   * Usages added to every session dialog after the session's own, e.g. the
   * EventAgent's `dialogUsage` so REFER and SUBSCRIBE in a call reach it.
   */
  readonly dialogUsages?: readonly DialogUsage[];
  /** Methods for Allow beyond the session's own. */
  readonly allow?: readonly string[];
  readonly logger?: SessionLogger;
}

/** Session timer options with their defaults (RFC 4028: 1800 s proposed, Min-SE at least 90 s). */
function timerSettings(st: SessionTimerOptions): SessionContext['sessionTimer'] {
  return {
    expires: st.expires ?? 1800,
    minSe: Math.max(st.minSe ?? MIN_SESSION_EXPIRES, MIN_SESSION_EXPIRES),
    refresher: st.refresher,
    preferUpdate: st.preferUpdate ?? true,
  };
}

/** The transport protocol of a request's top Via (our Contact for its dialog). */
function viaProtocol(request: SipRequest): TransportProtocol {
  const t = request.via?.[0]?.transport.toLowerCase();
  return t === 'tcp' || t === 'tls' || t === 'ws' || t === 'wss' ? t : 'udp';
}

const OWN_METHODS = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'UPDATE', 'PRACK', 'INFO', 'OPTIONS'];

interface Route {
  readonly dialog: SessionDialog;
  readonly owner: DialogOwner;
  readonly offs: readonly (() => void)[];
}

/** INVITE sessions on top of a transaction layer. */
export class SessionLayer {
  /** New incoming sessions: answer them with progress/accept/reject. */
  readonly incoming = new Emitter<InviteServerSession>();
  readonly #ctx: SessionContext;
  readonly #handlerFactory: ((invite: SipRequest) => SessionDescriptionHandler) | undefined;
  readonly #policyFor: ((invite: SipRequest) => SessionPolicy | undefined) | undefined;
  readonly #registry: DialogRegistry;
  readonly #owners = new Map<Dialog, Route>();
  #offs: (() => void)[] = [];
  readonly #live = new Set<InviteClientSession | InviteServerSession>();

  constructor(options: SessionLayerOptions) {
    this.#registry = options.dialogs ?? new DialogRegistry();
    const transactions = options.transactions;
    const random = options.random ?? cryptoSessionRandom;
    const local = options.transport;
    const user = options.contactUser;
    let dns = options.dns;
    const st = options.sessionTimer ?? {};
    const localAddress = (protocol: TransportProtocol): LocalAddress => {
      const a = local.localAddress(protocol);
      if (a === undefined) throw new Error(`no local address for ${protocol}`);
      return a;
    };
    this.#handlerFactory = options.handlerFactory;
    this.#policyFor = options.policyFor;
    const owners = this.#owners;
    const registry = this.#registry;
    const usages = options.dialogUsages ?? [];
    this.#ctx = {
      transactions,
      clock: options.clock ?? systemClock,
      random,
      timers: options.timers ?? transactions.timers,
      log: options.logger ?? silentSessionLogger,
      auth: options.auth,
      reliableProvisional: options.reliableProvisional ?? 'supported',
      sessionTimer: timerSettings(st),
      allow: [...new Set([...OWN_METHODS, ...(options.allow ?? []).map((m) => m.toUpperCase())])],
      via(destination) {
        const a = localAddress(destination.protocol);
        return `SIP/2.0/${destination.protocol.toUpperCase()} ${a.host}:${a.port};branch=${newBranch(random)};rport`;
      },
      contact(protocol, sips = true) {
        const a = localAddress(protocol);
        const secure = protocol === 'wss' || (protocol === 'tls' && sips);
        const scheme = secure ? 'sips' : 'sip';
        const transport = protocol === 'udp' || secure ? '' : `;transport=${protocol}`;
        return `<${scheme}:${user === undefined ? '' : `${user}@`}${a.host}:${a.port}${transport}>`;
      },
      resolve:
        options.resolve ??
        (async (uri) => {
          dns ??= createNodeDnsResolver();
          const found = await locateSipServers(uri, { resolver: dns });
          const first = found[0];
          if (first === undefined) throw new Error('no destination');
          return first;
        }),
      dialogContext(protocol, sips) {
        const contact = parseNameAddr(this.contact(protocol, sips));
        if (!contact.ok) throw new Error(`bad Contact for ${protocol}`);
        return { localContact: contact.value, localAddress: (p) => local.localAddress(p), random };
      },
      attach(dialog, owner) {
        const shared = dialog.shared;
        if (!registry.add(shared)) return;
        // The session first; REFER, SUBSCRIBE and NOTIFY it leaves to the usages after it (RFC 5057).
        const offs = [
          shared.addUsage({
            onRequest: (tx) => {
              if (!owner.handles(tx.request.method)) return false;
              owner.receiveRequest(dialog, tx);
              return true;
            },
            onAck: (ack) => {
              owner.receiveAck(dialog, ack.request);
              return true;
            },
          }),
          ...usages.map((u) => shared.addUsage(u)),
        ];
        owners.set(shared, { dialog, owner, offs });
      },
      detach(dialog) {
        const shared = dialog.shared;
        const entry = owners.get(shared);
        owners.delete(shared);
        for (const off of entry?.offs ?? []) off();
        shared.terminate();
        registry.remove(shared);
      },
    };
  }

  /** The settings sessions run with. */
  get context(): SessionContext {
    return this.#ctx;
  }

  /** Number of dialogs routed to sessions now. */
  get dialogCount(): number {
    return this.#owners.size;
  }

  /** The registry the session dialogs are in (the UA core's, when it was given). */
  get dialogs(): DialogRegistry {
    return this.#registry;
  }

  /** A new outgoing session; `invite()` on it sends the INVITE. */
  invite(options: InviteOptions): InviteClientSession {
    return this.#track(new InviteClientSession(this.#withPolicy(options.policy), options));
  }

  /** The layer's context with a session's own 100rel mode and session timers. */
  #withPolicy(policy: SessionPolicy | undefined): SessionContext {
    if (policy === undefined) return this.#ctx;
    return {
      ...this.#ctx,
      ...(policy.reliableProvisional === undefined
        ? {}
        : { reliableProvisional: policy.reliableProvisional }),
      ...(policy.sessionTimer === undefined ? {} : { sessionTimer: timerSettings(policy.sessionTimer) }),
    };
  }

  /** Sessions that have not ended yet. */
  get sessions(): readonly (InviteClientSession | InviteServerSession)[] {
    return [...this.#live];
  }

  #track<S extends InviteClientSession | InviteServerSession>(session: S): S {
    this.#live.add(session);
    session.stateChange.on((e) => {
      if (e.state === 'terminated') this.#live.delete(session);
    });
    return session;
  }

  /**
   * Ends every session: BYE for established ones, CANCEL for outgoing ones
   * not yet answered, 480 for incoming ones not yet answered. Resolves when
   * the BYEs have their final responses.
   */
  async endAll(): Promise<void> {
    const byes: Promise<void>[] = [];
    for (const s of [...this.#live]) {
      try {
        if (s.state === 'established') byes.push(s.bye().catch(() => {}));
        else if (s instanceof InviteClientSession) s.cancel();
        else s.reject(480);
      } catch (error) {
        this.#ctx.log.debug(`session: not ended: ${(error as Error).message}`);
      }
    }
    await Promise.all(byes);
  }

  /**
   * A new INVITE outside any dialog (from the UA core): checks RFC 3262 and
   * RFC 4028 needs, then emits an InviteServerSession on `incoming`.
   */
  receiveInvite(tx: ServerTransaction): void {
    const request = tx.request;
    const ctx = this.#withPolicy(this.#policyFor?.(request));
    const mode = ctx.reliableProvisional;
    const requires100rel = hasOptionTag(request, 'require', '100rel');
    if (requires100rel && mode === 'disabled') {
      // RFC 3261 8.2.2.3: an extension we do not do.
      respond(ctx, tx, 420, { headers: [{ name: 'Unsupported', value: '100rel' }] });
      return;
    }
    if (mode === 'required' && !requires100rel && !hasOptionTag(request, 'supported', '100rel')) {
      // RFC 3262 3 / RFC 3261 21.4.16: we need 100rel and the UAC does not offer it.
      respond(ctx, tx, 421, { headers: [{ name: 'Require', value: '100rel' }] });
      return;
    }
    const timer = uasTimerDecision(request, ctx.sessionTimer);
    if (timer.kind === 'reject') {
      respond(ctx, tx, 422, { headers: [{ name: 'Min-SE', value: String(timer.minSe) }] });
      return;
    }
    if (this.#handlerFactory === undefined || this.incoming.listenerCount === 0) {
      respond(ctx, tx, 480);
      return;
    }
    const dialog = SessionDialog.asUas(
      request,
      newTag(ctx.random),
      ctx.dialogContext(viaProtocol(request), wantsSipsContact(request)),
    );
    if (dialog === undefined) {
      respond(ctx, tx, 400, { reason: 'Missing Contact, From, To, Call-ID or CSeq' });
      return;
    }
    const session = new InviteServerSession(ctx, tx, dialog, this.#handlerFactory(request), {
      timerHeaders: timer.headers,
      timer: timer.agreement,
    });
    ctx.attach(dialog, session);
    this.#track(session);
    this.incoming.emit(session);
  }

  /**
   * A request with a To tag: true when a usage of its dialog took it (the
   * session first). A UA core that routes through the same DialogRegistry
   * does this itself.
   */
  receiveRequest(tx: ServerTransaction): boolean {
    const dialog = this.#registry.matchRequest(tx.request);
    if (dialog === undefined || !this.#owners.has(dialog)) return false;
    return dialog.usages.some((u) => u.onRequest(tx, dialog));
  }

  /** An ACK for a 2xx (a stray ACK of the transaction layer): true when a session took it. */
  receiveAck(ack: SipRequest): boolean {
    const dialog = this.#registry.matchRequest(ack);
    const route = dialog === undefined ? undefined : this.#owners.get(dialog);
    if (route === undefined) return false;
    route.owner.receiveAck(route.dialog, ack);
    return true;
  }

  /** A response no transaction took (2xx retransmission or fork): true when a session took it. */
  receiveStrayResponse(response: SipResponse): boolean {
    const callId = response.callId;
    const localTag = response.from?.tag;
    if (callId === undefined || localTag === undefined) return false;
    // An unknown To tag is a fork of one of our calls (13.2.2.4): any dialog of the set names the session.
    const dialog = this.#registry.matchResponse(response) ?? this.#registry.forks(callId, localTag)[0];
    const route = dialog === undefined ? undefined : this.#owners.get(dialog);
    if (route === undefined) return false;
    route.owner.receiveStrayResponse(response);
    return true;
  }

  /**
   * Standalone use without a UA core: takes every request of the transaction
   * layer. New INVITEs become sessions, in-dialog requests go to their
   * session (481 when none), OPTIONS is answered, other methods get 405.
   */
  listen(): () => void {
    const t = this.#ctx.transactions;
    const offs = [
      t.onRequest((tx) => {
        const r = tx.request;
        if (r.to?.tag !== undefined) {
          if (!this.receiveRequest(tx))
            respond(this.#ctx, tx, this.#registry.matchRequest(r) === undefined ? 481 : 405);
        } else if (r.method === 'INVITE') this.receiveInvite(tx);
        else if (r.method === 'OPTIONS') respond(this.#ctx, tx, 200);
        else respond(this.#ctx, tx, 405);
      }),
      t.onStrayAck((a) => {
        this.receiveAck(a.request);
      }),
      t.onStrayResponse((response) => {
        this.receiveStrayResponse(response);
      }),
    ];
    this.#offs.push(...offs);
    return () => {
      for (const off of offs) off();
    };
  }

  /** Stops listening (sessions are not ended: BYE them first). */
  close(): void {
    for (const off of this.#offs) off();
    this.#offs = [];
  }
}
