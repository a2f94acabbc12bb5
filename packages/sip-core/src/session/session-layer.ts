/**
 * The session layer: makes outgoing INVITE sessions, turns new INVITEs into
 * incoming sessions (after the checks of RFC 3262 and RFC 4028), and routes
 * in-dialog requests, ACKs for 2xx and stray 2xx responses to the session
 * that owns the dialog. The UA core feeds it (`receive*`), or `listen()`
 * wires it straight to a transaction layer.
 */
import type { AuthSession } from '../auth/auth-session.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { createNodeDnsResolver, type DnsResolver } from '../resolve/dns-resolver.js';
import { locateSipServers } from '../resolve/locate.js';
import { type Clock, systemClock } from '../time/clock.js';
import type { ServerTransaction, TimerValues, TransactionLayerApi } from '../transaction/types.js';
import type { Destination, LocalAddress, TransportProtocol } from '../transport/types.js';
import type { Uri } from '../uri/types.js';
import { Emitter } from '../util/emitter.js';
import type { DialogOwner, SessionContext } from './context.js';
import { cryptoSessionRandom, initialCSeq, newBranch, newTag, type SessionRandom } from './ids.js';
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
  /** User part of our Contact. */
  readonly contactUser?: string;
  /** Turns a next-hop URI into a destination (default: RFC 3263 through `dns`). */
  readonly resolve?: (uri: Uri) => Promise<Destination>;
  readonly dns?: DnsResolver;
  /** Methods for Allow beyond the session's own. */
  readonly allow?: readonly string[];
  readonly logger?: SessionLogger;
}

const OWN_METHODS = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'UPDATE', 'PRACK', 'INFO', 'OPTIONS'];

interface Route {
  readonly dialog: SessionDialog;
  readonly owner: DialogOwner;
}

const key = (callId: string, localTag: string, remoteTag: string): string =>
  `${callId}\u0000${localTag}\u0000${remoteTag}`;

/** INVITE sessions on top of a transaction layer. */
export class SessionLayer {
  /** New incoming sessions: answer them with progress/accept/reject. */
  readonly incoming = new Emitter<InviteServerSession>();
  readonly #ctx: SessionContext;
  readonly #handlerFactory: ((invite: SipRequest) => SessionDescriptionHandler) | undefined;
  readonly #dialogs = new Map<string, Route>();
  /** UAC calls by Call-ID and our tag: 2xx from forks we have no dialog for yet (13.2.2.4). */
  readonly #calls = new Map<string, { owner: DialogOwner; count: number }>();
  #offs: (() => void)[] = [];
  readonly #live = new Set<InviteClientSession | InviteServerSession>();

  constructor(options: SessionLayerOptions) {
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
    const owners = this.#dialogs;
    const calls = this.#calls;
    this.#ctx = {
      transactions,
      clock: options.clock ?? systemClock,
      random,
      timers: options.timers ?? transactions.timers,
      log: options.logger ?? silentSessionLogger,
      auth: options.auth,
      reliableProvisional: options.reliableProvisional ?? 'supported',
      sessionTimer: {
        expires: st.expires ?? 1800,
        minSe: Math.max(st.minSe ?? MIN_SESSION_EXPIRES, MIN_SESSION_EXPIRES),
        refresher: st.refresher,
        preferUpdate: st.preferUpdate ?? true,
      },
      allow: [...new Set([...OWN_METHODS, ...(options.allow ?? []).map((m) => m.toUpperCase())])],
      via(destination) {
        const a = localAddress(destination.protocol);
        return `SIP/2.0/${destination.protocol.toUpperCase()} ${a.host}:${a.port};branch=${newBranch(random)};rport`;
      },
      contact(protocol) {
        const a = localAddress(protocol);
        const scheme = protocol === 'tls' || protocol === 'wss' ? 'sips' : 'sip';
        const transport = protocol === 'udp' || protocol === 'tls' ? '' : `;transport=${protocol}`;
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
      attach(dialog, owner) {
        owners.set(dialog.key, { dialog, owner });
        if (dialog.isUac) {
          const k = `${dialog.callId}\u0000${dialog.localTag}`;
          const c = calls.get(k);
          if (c === undefined) calls.set(k, { owner, count: 1 });
          else c.count++;
        }
      },
      detach(dialog) {
        if (!owners.delete(dialog.key) || !dialog.isUac) return;
        const k = `${dialog.callId}\u0000${dialog.localTag}`;
        const c = calls.get(k);
        if (c !== undefined && --c.count <= 0) calls.delete(k);
      },
    };
  }

  /** The settings sessions run with. */
  get context(): SessionContext {
    return this.#ctx;
  }

  /** Number of dialogs routed to sessions now. */
  get dialogCount(): number {
    return this.#dialogs.size;
  }

  /** A new outgoing session; `invite()` on it sends the INVITE. */
  invite(options: InviteOptions): InviteClientSession {
    return this.#track(new InviteClientSession(this.#ctx, options));
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
    const ctx = this.#ctx;
    const request = tx.request;
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
    const dialog = SessionDialog.asUas(request, newTag(ctx.random), initialCSeq(ctx.random));
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

  /** A request with a To tag: true when a session owns its dialog (and took it). */
  receiveRequest(tx: ServerTransaction): boolean {
    const r = tx.request;
    const callId = r.callId;
    const localTag = r.to?.tag;
    if (callId === undefined || localTag === undefined) return false;
    const route = this.#dialogs.get(key(callId, localTag, r.from?.tag ?? ''));
    if (route === undefined) return false;
    route.owner.receiveRequest(route.dialog, tx);
    return true;
  }

  /** An ACK for a 2xx (a stray ACK of the transaction layer): true when a session took it. */
  receiveAck(ack: SipRequest): boolean {
    const callId = ack.callId;
    const localTag = ack.to?.tag;
    if (callId === undefined || localTag === undefined) return false;
    const route = this.#dialogs.get(key(callId, localTag, ack.from?.tag ?? ''));
    if (route === undefined) return false;
    route.owner.receiveAck(route.dialog, ack);
    return true;
  }

  /** A response no transaction took (2xx retransmission or fork): true when a session took it. */
  receiveStrayResponse(response: SipResponse): boolean {
    const callId = response.callId;
    const localTag = response.from?.tag;
    if (callId === undefined || localTag === undefined) return false;
    const route = this.#dialogs.get(key(callId, localTag, response.to?.tag ?? ''));
    const owner = route?.owner ?? this.#calls.get(`${callId}\u0000${localTag}`)?.owner;
    if (owner === undefined) return false;
    owner.receiveStrayResponse(response);
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
          if (!this.receiveRequest(tx)) respond(this.#ctx, tx, 481);
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
