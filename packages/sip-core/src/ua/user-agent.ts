/**
 * The UserAgent facade: transports, transactions, dialogs, the UA core,
 * authentication and registration composed into one object, so another
 * project can register, send requests and take requests in a few lines.
 */
import { AuthSession } from '../auth/auth-session.js';
import type { CredentialStore } from '../auth/credential-store.js';
import type { DestinationResolver } from '../dialog/dialog.js';
import { DialogRegistry } from '../dialog/dialog-registry.js';
import { cryptoRandomBytes, type RandomBytes } from '../dialog/random.js';
import { EventAgent } from '../events/event-agent.js';
import type { SubscribeOptions, Subscription } from '../events/subscription.js';
import { splitCommaList } from '../headers/index.js';
import type { NameAddr } from '../headers/types.js';
import type { SipResponse } from '../message/sip-message.js';
import { Registration } from '../register/registration.js';
import type { RegistrationOptions } from '../register/types.js';
import { createNodeDnsResolver } from '../resolve/dns-resolver.js';
import { locateSipServers } from '../resolve/locate.js';
import { preloadedRouteSet } from '../resolve/next-hop.js';
import type { InviteClientSession } from '../session/invite-client-session.js';
import type { InviteServerSession } from '../session/invite-server-session.js';
import { SessionLayer } from '../session/session-layer.js';
import type { SessionDescriptionHandler } from '../session/types.js';
import { type Clock, systemClock } from '../time/clock.js';
import { TransactionLayer } from '../transaction/transaction-layer.js';
import { SipTransportLayer } from '../transport/sip-transport-layer.js';
import type { TransportLayer, TransportProtocol } from '../transport/types.js';
import { formatUri, isSipUri, parseUri } from '../uri/index.js';
import type { Uri } from '../uri/types.js';
import { asNameAddr, asUri } from './addresses.js';
import type { RequestHandler, UaDelegate } from './delegate.js';
import { UserAgentError } from './errors.js';
import { silentUaLogger, type UaLogger } from './logger.js';
import { sendOutOfDialog } from './out-of-dialog.js';
import { UaCore } from './ua-core.js';
import type { CallOptions, RequestOptions, UserAgentOptions } from './user-agent-options.js';

/** Methods INVITE sessions handle inside their dialogs (RFC 3261 15, RFC 3262, RFC 3311, RFC 6086). */
const SESSION_METHODS = ['BYE', 'UPDATE', 'PRACK', 'INFO'];

/** A SIP user agent. Create it with {@link createUserAgent}. */
export class UserAgent {
  readonly transport: TransportLayer;
  readonly transactions: TransactionLayer;
  readonly dialogs: DialogRegistry;
  readonly core: UaCore;
  /** INVITE sessions (calls) of this user agent. */
  readonly sessions: SessionLayer;
  /** SUBSCRIBE/NOTIFY (RFC 6665) and REFER (RFC 3515): `events.subscribe(...)`, `events.refer(...)`. */
  readonly events: EventAgent;
  /** The digest state shared by every request of this user agent (undefined without credentials). */
  readonly auth: AuthSession | undefined;
  readonly clock: Clock;
  readonly #options: UserAgentOptions;
  readonly #random: RandomBytes;
  readonly #resolve: DestinationResolver;
  readonly #ownsTransport: boolean;
  readonly #registrations = new Set<Registration>();
  readonly #log: UaLogger;
  readonly #offStray: () => void;
  readonly #offEvents: () => void;
  #closed = false;

  /** @internal Use createUserAgent. */
  constructor(options: UserAgentOptions, transport: TransportLayer, ownsTransport: boolean) {
    this.#options = options;
    this.transport = transport;
    this.#ownsTransport = ownsTransport;
    this.clock = options.clock ?? systemClock;
    this.#random = options.random ?? cryptoRandomBytes;
    this.#log = options.logger ?? silentUaLogger;
    this.transactions = new TransactionLayer({
      transport,
      clock: this.clock,
      logger: this.#log,
      random: this.#random,
      ...(options.timers === undefined ? {} : { timers: options.timers }),
    });
    this.dialogs = new DialogRegistry();
    const rel = options.reliableProvisional ?? 'supported';
    const supported = [
      ...(rel === 'disabled' ? [] : ['100rel']),
      'timer',
      'norefersub',
      ...(options.supported ?? []),
    ];
    this.core = new UaCore({
      transactions: this.transactions,
      dialogs: this.dialogs,
      clock: this.clock,
      random: this.#random,
      logger: this.#log,
      ...(options.delegate === undefined ? {} : { delegate: options.delegate }),
      supported: [...new Set(supported)],
      ...(options.optionsBody === undefined ? {} : { optionsBody: options.optionsBody }),
      allowEvents: () => this.events.allowEvents,
      ...(options.uriSchemes === undefined ? {} : { uriSchemes: options.uriSchemes }),
      ...(options.rejectZeroMaxForwards === undefined
        ? {}
        : { rejectZeroMaxForwards: options.rejectZeroMaxForwards }),
      dialogMethods: SESSION_METHODS,
      ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
    });
    const creds = options.credentials;
    this.auth =
      creds === undefined
        ? undefined
        : new AuthSession({
            logger: this.#log,
            store: Array.isArray(creds) ? { credentials: creds } : (creds as CredentialStore),
            random: this.#random,
          });
    let dns = options.dns;
    this.#resolve =
      options.resolve ??
      ((uri) => {
        dns ??= createNodeDnsResolver();
        const transports = (['udp', 'tcp', 'tls', 'ws', 'wss'] as const).filter(
          (p) => transport.localAddress(p) !== undefined,
        );
        return locateSipServers(uri, { resolver: dns, transports });
      });
    const ua = this;
    this.events = new EventAgent(
      {
        transactions: this.transactions,
        clock: this.clock,
        dialogs: this.dialogs,
        dialogContext: {
          get localContact(): NameAddr {
            const c = ua.contact('udp') ?? ua.contact('tcp') ?? ua.contact('tls') ?? ua.contact('ws');
            return asNameAddr(c ?? '<sip:anonymous.invalid>');
          },
          localAddress: (p) => transport.localAddress(p),
          random: this.#random,
        },
        resolve: this.#resolve,
        random: this.#random,
        logger: this.#log,
        ...(this.auth === undefined ? {} : { auth: this.auth }),
      },
      options.events ?? {},
    );
    this.sessions = new SessionLayer({
      transactions: this.transactions,
      transport,
      clock: this.clock,
      logger: this.#log,
      random: this.#random,
      reliableProvisional: rel,
      // Calls share the UA core's dialogs, so REFER, SUBSCRIBE and NOTIFY inside a call
      // reach the event framework as a further usage of the call's dialog (RFC 5057).
      dialogs: this.dialogs,
      dialogUsages: [this.events.dialogUsage],
      resolve: async (uri) => {
        const first = (await this.#resolve(uri))[0];
        if (first === undefined)
          throw new UserAgentError('no-destination', `no destination for ${formatUri(uri)}`);
        return first;
      },
      ...(this.auth === undefined ? {} : { auth: this.auth }),
      ...(options.media === undefined ? {} : { handlerFactory: options.media }),
      ...(options.sessionTimer === undefined ? {} : { sessionTimer: options.sessionTimer }),
      ...(options.sessionPolicy === undefined ? {} : { policyFor: options.sessionPolicy }),
      ...(this.#userPart() === undefined ? {} : { contactUser: this.#userPart()! }),
    });
    // In-dialog requests and ACKs of calls, and 2xx that outlived their transaction (forks, retransmissions).
    this.core.addRouter(this.sessions);
    this.#offStray = this.transactions.onStrayResponse((response) => {
      this.sessions.receiveStrayResponse(response);
    });
    this.#offEvents = this.events.attachTo(this.core);
  }

  #userPart(): string | undefined {
    const aor = this.#options.aor === undefined ? undefined : parseUri(this.#options.aor);
    return aor?.ok && isSipUri(aor.value) ? aor.value.user : undefined;
  }

  /**
   * A new call to `target` with `handler` as its media seam; `invite()` on
   * it sends the INVITE and resolves once the call is established.
   */
  invite(
    target: string | Uri,
    handler: SessionDescriptionHandler,
    options: CallOptions = {},
  ): InviteClientSession {
    if (this.#closed) throw new UserAgentError('closed', 'user agent closed');
    return this.sessions.invite({
      routeSet: this.routeSet,
      ...options,
      handler,
      target: asUri(target, 'target'),
      from: options.from ?? this.#from(),
    });
  }

  /**
   * Subscribes to an event package at `target` (RFC 6665) from our AOR;
   * `notify` on the result carries the NOTIFYs. The event framework sends
   * straight to the target's RFC 3263 destinations (no outbound proxy yet).
   */
  subscribe(
    target: string | Uri,
    event: string,
    options: Omit<SubscribeOptions, 'event' | 'target'> = {},
  ): Subscription {
    if (this.#closed) throw new UserAgentError('closed', 'user agent closed');
    return this.events.subscribe({ from: this.#from(), ...options, event, target: asUri(target, 'target') });
  }

  /**
   * Takes incoming calls: each new INVITE becomes an InviteServerSession to
   * `progress()`, `accept()` or `reject()`. Needs the `media` option.
   */
  onInvite(listener: (session: InviteServerSession) => void): () => void {
    this.core.delegate = { ...this.core.delegate, onInvite: (tx) => this.sessions.receiveInvite(tx) };
    return this.sessions.incoming.on(listener);
  }

  /** Our address-of-record (default `sip:anonymous@` our host). */
  get aor(): string {
    if (this.#options.aor !== undefined) return this.#options.aor;
    const a =
      this.transport.localAddress('udp') ??
      this.transport.localAddress('tcp') ??
      this.transport.localAddress('tls');
    return `sip:anonymous@${a?.host ?? 'anonymous.invalid'}`;
  }

  /** Our Contact for a protocol: `<sip:user@host:port;transport=x>` (sips for TLS). */
  contact(protocol: TransportProtocol): string | undefined {
    const a = this.transport.localAddress(protocol);
    if (a === undefined) return undefined;
    const aor = asUri(this.aor, 'aor');
    const user = isSipUri(aor) && aor.user !== undefined ? `${aor.user}@` : '';
    const scheme = protocol === 'tls' || protocol === 'wss' ? 'sips' : 'sip';
    const transport = protocol === 'udp' || protocol === 'tls' ? '' : `;transport=${protocol}`;
    return `<${scheme}:${user}${a.host}:${a.port}${transport}>`;
  }

  /**
   * The pre-loaded route set of requests outside dialogs (RFC 3261 8.1.2):
   * the outbound proxy, then the Service-Route of the newest registration
   * that is registered (RFC 3608 section 6).
   */
  get routeSet(): readonly NameAddr[] {
    const proxy = this.#options.outboundProxy;
    let serviceRoute: NameAddr[] = [];
    for (const r of this.#registrations) {
      if (r.state.state !== 'registered' || r.serviceRoute.length === 0) continue;
      serviceRoute = r.serviceRoute.flatMap((line) => splitCommaList(line)).map((v) => asNameAddr(v));
    }
    return preloadedRouteSet({
      ...(proxy === undefined ? {} : { outboundProxy: asNameAddr(proxy).uri }),
      serviceRoute,
    });
  }

  #from(): string {
    const name = this.#options.displayName;
    const uri = `<${formatUri(asUri(this.aor, 'aor'))}>`;
    return name === undefined ? uri : `${JSON.stringify(name)} ${uri}`;
  }

  /**
   * Sends a request outside any dialog and resolves with its final response
   * (after digest retries). Rejects with a UserAgentError when no final
   * response came from any destination.
   */
  async request(method: string, target: string | Uri, options: RequestOptions = {}): Promise<SipResponse> {
    if (this.#closed) throw new UserAgentError('closed', 'user agent closed');
    const m = method.toUpperCase();
    // ACK and CANCEL belong to an INVITE (sessions send them); INVITE makes a session (use invite()).
    if (m === 'ACK' || m === 'CANCEL' || m === 'INVITE')
      throw new UserAgentError(
        'bad-argument',
        `${m} is not sent with request(): use invite() and its session`,
      );
    const uri = asUri(target, 'target');
    return sendOutOfDialog(
      {
        transactions: this.transactions,
        localAddress: (p) => this.transport.localAddress(p),
        resolve: this.#resolve,
        random: this.#random,
        auth: this.auth,
        contact: (p) => this.contact(p),
        userAgent: this.#options.userAgent,
      },
      {
        method: m,
        target: uri,
        from: this.#from(),
        routeSet: this.routeSet,
        ...options,
      },
    );
  }

  /** OPTIONS to a target (RFC 3261 11): its capabilities. */
  options(target: string | Uri): Promise<SipResponse> {
    return this.request('OPTIONS', target, { headers: { Accept: 'application/sdp' } });
  }

  /** A MESSAGE (RFC 3428) with a text body. */
  message(
    target: string | Uri,
    text: string,
    contentType = 'text/plain;charset=UTF-8',
  ): Promise<SipResponse> {
    return this.request('MESSAGE', target, { body: text, contentType });
  }

  /** Handles requests of a method outside dialogs (replaces the previous handler of that method). */
  handle(
    method:
      | 'INVITE'
      | 'MESSAGE'
      | 'SUBSCRIBE'
      | 'NOTIFY'
      | 'REFER'
      | 'OPTIONS'
      | 'INFO'
      | 'PUBLISH'
      | 'REGISTER',
    handler: RequestHandler,
  ): void {
    const key = `on${method[0]}${method.slice(1).toLowerCase()}` as keyof UaDelegate;
    this.core.delegate = { ...this.core.delegate, [key]: handler };
  }

  /**
   * Registers with a registrar (RFC 3261 10) and keeps the binding fresh.
   * Resolves when the first attempt ended: check `registration.state`.
   */
  async register(
    options: Partial<RegistrationOptions> & { registrar?: string | Uri } = {},
  ): Promise<Registration> {
    if (this.#closed) throw new UserAgentError('closed', 'user agent closed');
    const aor = options.aor ?? this.aor;
    const aorUri = asUri(aor, 'aor');
    const registrar = options.registrar ?? (isSipUri(aorUri) ? `${aorUri.scheme}:${aorUri.host}` : undefined);
    if (registrar === undefined) throw new UserAgentError('bad-argument', 'no registrar');
    const reg = new Registration({
      transactions: this.transactions,
      localAddress: (p) => this.transport.localAddress(p),
      resolveTarget: (uri) => this.#resolve(uri),
      clock: this.clock,
      random: this.#random,
      logger: this.#log,
      ...(this.auth === undefined ? {} : { auth: this.auth }),
      ...(this.#options.outboundProxy === undefined ? {} : { outboundProxy: this.#options.outboundProxy }),
      ...(this.#options.userAgent === undefined ? {} : { userAgent: this.#options.userAgent }),
      ...(this.#options.displayName === undefined ? {} : { displayName: this.#options.displayName }),
      ...options,
      registrar,
      aor,
    });
    this.#registrations.add(reg);
    await reg.register();
    return reg;
  }

  /** Stops everything this user agent started (registrations are closed, not unregistered: call unregister first). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const r of this.#registrations) r.close();
    this.#registrations.clear();
    this.#offStray();
    this.#offEvents();
    this.sessions.close();
    this.core.close();
    this.transactions.close();
    if (this.#ownsTransport) await this.transport.close();
    this.#log.debug('user agent closed');
  }
}

/** Creates a user agent: opens the sockets of `transports` (or uses `transport`) and starts listening. */
export async function createUserAgent(options: UserAgentOptions): Promise<UserAgent> {
  if (options.transport !== undefined) return new UserAgent(options, options.transport, false);
  const listen = options.transports ?? [{ protocol: 'udp', address: '127.0.0.1', port: 0 }];
  const transport = await SipTransportLayer.create({
    listen,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.dns === undefined ? {} : { resolver: options.dns }),
    ...(options.maxMessageSize === undefined ? {} : { maxMessageSize: options.maxMessageSize }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.random === undefined ? {} : { random: options.random }),
  });
  return new UserAgent(options, transport, true);
}
