/**
 * The socket transport layer (RFC 3261 section 18): UDP, TCP and TLS on the
 * configured local addresses, WebSocket as a client (RFC 7118), IPv4 and
 * IPv6. It frames and parses what arrives, stamps Via received/rport,
 * answers unparseable requests with 400, routes responses, pools
 * connections, applies the UDP size rule and runs keep-alives.
 */
import { randomBytes } from 'node:crypto';
import type { Server, Socket } from 'node:net';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { createNodeDnsResolver, type DnsResolver } from '../resolve/dns-resolver.js';
import { type Clock, systemClock, type TimerHandle } from '../time/clock.js';
import { Emitter } from '../util/emitter.js';
import { ipFamily, sameAddress } from './address.js';
import { FlowTable, flowKey } from './flow-table.js';
import { Inbound } from './inbound.js';
import {
  type FlowFailure,
  type KeepAliveHandle,
  KeepAliveManager,
  type KeepAliveOptions,
  type MappedAddress,
} from './keep-alive.js';
import { localAddressOf } from './local-address.js';
import { openFlow } from './open-flow.js';
import { type ListenSpec, type SipTransportOptions, silentLogger, type TransportLogger } from './options.js';
import { locateResponseTargets } from './response-locate.js';
import { exceedsUdpLimit, switchViaToTcp } from './size-rule.js';
import { listenStream } from './stream-connect.js';
import { type Flow, SocketFlow } from './stream-flow.js';
import type {
  Destination,
  Incoming,
  LocalAddress,
  Source,
  TransportLayer,
  TransportProtocol,
  Unparseable,
} from './types.js';
import { TransportError } from './types.js';
import { endpointOf, pickEndpoint, UdpEndpoint } from './udp-endpoint.js';

interface Listener {
  readonly protocol: 'tcp' | 'tls';
  readonly server: Server;
  readonly address: string;
  readonly port: number;
}

/** UDP, TCP, TLS and WebSocket transports behind the {@link TransportLayer} contract. */
export class SipTransportLayer implements TransportLayer {
  readonly #opts: SipTransportOptions;
  readonly #clock: Clock;
  readonly #log: TransportLogger;
  readonly #random: (n: number) => Uint8Array;
  readonly #max: number;
  readonly #udp: UdpEndpoint[] = [];
  readonly #listeners: Listener[] = [];
  readonly #flows = new FlowTable();
  readonly #messages = new Emitter<Incoming>();
  readonly #unparseable = new Emitter<Unparseable>();
  readonly #failures = new Emitter<FlowFailure>();
  readonly #mapped = new Emitter<MappedAddress>();
  readonly #keepAlive: KeepAliveManager;
  readonly #autoKeepAlive = new Map<Flow, KeepAliveHandle>();
  readonly #wsHost: string;
  readonly #inbound: Inbound;
  readonly #resolver: DnsResolver;
  readonly #advertised = new Map<string, { readonly host: string; readonly port?: number }>();
  #nextFlow = 1;
  #idleTimer: TimerHandle | undefined;
  #closed = false;

  private constructor(options: SipTransportOptions) {
    this.#opts = options;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.logger ?? silentLogger;
    this.#random = options.random ?? ((n) => randomBytes(n));
    this.#max = options.maxMessageSize ?? 262_144;
    this.#resolver = options.resolver ?? createNodeDnsResolver();
    const ws = options.websocket;
    this.#wsHost = (ws !== false && ws?.viaHost) || `${Buffer.from(this.#random(6)).toString('hex')}.invalid`;
    this.#keepAlive = new KeepAliveManager({
      clock: this.#clock,
      random: this.#random,
      pongTimeoutMs: options.pongTimeoutMs ?? 10_000,
      streamFlow: (d) => this.#flowFor(d),
      sendUdp: (d, data) => this.#endpointFor(d).send(data, d.address, d.port),
      failed: (f) => this.#emitSafely(this.#failures, f),
      mapped: (m) => this.#emitSafely(this.#mapped, m),
    });
    this.#inbound = new Inbound({
      maxMessageSize: this.#max,
      random: this.#random,
      keepAlive: this.#keepAlive,
      flows: this.#flows,
      isClosed: () => this.#closed,
      flowClosed: (flow) => {
        this.#autoKeepAlive.get(flow)?.stop();
        this.#autoKeepAlive.delete(flow);
      },
      emitMessage: (m) => this.#emitSafely(this.#messages, m),
      emitUnparseable: (u) => this.#emitSafely(this.#unparseable, u),
    });
  }

  /** Binds every configured listener; rejects (closing what was opened) when one fails. */
  static async create(options: SipTransportOptions): Promise<SipTransportLayer> {
    const layer = new SipTransportLayer(options);
    try {
      for (const spec of options.listen) {
        const port = spec.port ?? (spec.protocol === 'tls' ? 5061 : 5060);
        if (spec.protocol === 'udp') {
          layer.#udp.push(
            await UdpEndpoint.bind(layer.#udp.length, spec.address, port, (ep, data, rinfo) =>
              layer.#inbound.onDatagram(ep, data, rinfo),
            ),
          );
        } else {
          const server = await listenStream(spec.protocol, spec.address, port, options.tls, (s) => {
            if (layer.#closed) s.destroy();
            else layer.#adopt(s, spec.protocol as 'tcp' | 'tls');
          });
          const a = server.address();
          const bound = typeof a === 'object' && a !== null ? a.port : port;
          layer.#listeners.push({ protocol: spec.protocol, server, address: spec.address, port: bound });
        }
      }
    } catch (err) {
      await layer.close();
      throw err;
    }
    layer.#scheduleIdleSweep();
    return layer;
  }

  // ---- TransportLayer ----

  /**
   * Sends a request. Over UDP, a request larger than MTU - 200 octets goes
   * over TCP to the same address and port with its top Via switched to TCP
   * (RFC 3261 18.1.1), falling back to UDP when the connection is refused; with
   * no TCP listener it fails with `too-large` (or goes over UDP with
   * `largeRequests: 'send-udp'`). A transaction user that wants to know the
   * transport beforehand applies `exceedsUdpLimit`/`switchViaToTcp` itself and
   * passes a TCP destination.
   */
  async sendRequest(request: SipRequest, destination: Destination): Promise<void> {
    this.#assertOpen();
    const bytes = request.toBytes();
    if (destination.protocol === 'udp' && exceedsUdpLimit(bytes.length, this.#opts.mtu ?? 1500)) {
      // RFC 3261 18.1.1: large requests go over TCP (with the Via changed), else fail or go anyway.
      const tcpDest: Destination = { protocol: 'tcp', address: destination.address, port: destination.port };
      const tcp = this.localAddress('tcp') && this.localAddressFor(tcpDest);
      if (tcp !== undefined) {
        const viaTcp = switchViaToTcp(request, tcp, this.localAddressFor(destination));
        try {
          await (await this.#flowFor(tcpDest)).send(viaTcp.toBytes());
          return;
        } catch (err) {
          // "SHOULD attempt to use UDP" when the TCP connection is refused or reset.
          if (!(err instanceof TransportError && err.code === 'connection-failed')) throw err;
          this.#log.debug('size rule: TCP refused, sending over UDP', { to: destination.address });
        }
      } else if ((this.#opts.largeRequests ?? 'error') === 'error') {
        throw new TransportError(
          'too-large',
          `Request of ${bytes.length} octets is too large for UDP and TCP is not available`,
        );
      }
    }
    await this.#send(destination, bytes);
  }

  async sendResponse(response: SipResponse, requestSource: Source): Promise<void> {
    this.#assertOpen();
    const bytes = response.toBytes();
    const p = requestSource.protocol;
    if (p !== 'udp') {
      const flow = this.#flows.byId(requestSource.flowId);
      if (flow !== undefined) return flow.send(bytes);
      if (p === 'ws' || p === 'wss')
        throw new TransportError('connection-closed', 'The WebSocket connection of the request is gone');
    }
    const via = response.via?.[0];
    if (via === undefined) throw new TransportError('unreachable', 'Response without a usable Via');
    let targets: Destination[];
    try {
      targets = await locateResponseTargets(via, requestSource, this.#resolver);
    } catch {
      targets = [];
    }
    if (targets.length === 0) throw new TransportError('unreachable', `Cannot resolve ${via.host}`);
    // RFC 3263 section 5: on failure, the next address.
    let failure: unknown;
    for (const dest of targets) {
      try {
        if (p === 'udp') {
          // Symmetric: from the socket the request came in on (RFC 3581 section 4).
          const ep = endpointOf(this.#udp, requestSource) ?? this.#endpointFor(dest);
          return await ep.send(bytes, dest.address, dest.port);
        }
        return await (await this.#flowFor(dest)).send(bytes);
      } catch (err) {
        failure = err;
      }
    }
    throw failure;
  }

  localAddress(protocol: TransportProtocol): LocalAddress | undefined {
    if (protocol === 'ws' || protocol === 'wss') {
      return this.#opts.websocket === false ? undefined : { protocol, host: this.#wsHost, port: 0 };
    }
    const spec = this.#opts.listen.find((l) => l.protocol === protocol);
    return spec === undefined ? undefined : this.#addressOf(spec);
  }

  onMessage(listener: (incoming: Incoming) => void): () => void {
    return this.#messages.on(listener);
  }

  onUnparseable(listener: (event: Unparseable) => void): () => void {
    return this.#unparseable.on(listener);
  }

  isReliable(protocol: TransportProtocol): boolean {
    return protocol !== 'udp';
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#keepAlive.stopAll();
    if (this.#idleTimer !== undefined) this.#clock.clearTimer(this.#idleTimer);
    for (const f of this.#flows.all()) f.close();
    await Promise.all([
      ...this.#udp.map((u) => u.close()),
      ...this.#listeners.map((l) => new Promise<void>((r) => l.server.close(() => r()))),
    ]);
  }

  // ---- beyond the contract ----

  /**
   * Keeps the flow to `destination` alive (RFC 5626 4.4): CRLF ping/pong on
   * TCP/TLS (WebSocket ping frames), double CRLF or STUN on UDP. Failures are
   * reported through {@link onFlowFailed}; the keep-alive then stops.
   */
  startKeepAlive(destination: Destination, options?: KeepAliveOptions): KeepAliveHandle {
    this.#assertOpen();
    return this.#keepAlive.start(destination, options);
  }

  /** A flow with a keep-alive failed (no pong, closed, NAT mapping changed). */
  onFlowFailed(listener: (failure: FlowFailure) => void): () => void {
    return this.#failures.on(listener);
  }

  /** The public address learned from STUN keep-alives (for Via/Contact, RFC 5626 4.4.2). */
  onMappedAddress(listener: (mapped: MappedAddress) => void): () => void {
    return this.#mapped.on(listener);
  }

  /** The local address for a destination's protocol and address family. */
  localAddressFor(destination: Destination): LocalAddress | undefined {
    const fam = ipFamily(destination.address);
    const spec = this.#opts.listen.find(
      (l) => l.protocol === destination.protocol && ipFamily(l.address) === fam,
    );
    return spec === undefined ? this.localAddress(destination.protocol) : this.#addressOf(spec);
  }

  /**
   * Advertises another address for a protocol in {@link localAddress} (a
   * public address learned from STUN or configured as the NAT's), or, with
   * undefined, goes back to the bound one. Overrides `ListenSpec.advertise`.
   */
  advertise(
    protocol: 'udp' | 'tcp' | 'tls',
    address: { readonly host: string; readonly port?: number } | undefined,
  ): void {
    if (address === undefined) this.#advertised.delete(protocol);
    else this.#advertised.set(protocol, address);
  }

  #addressOf(spec: ListenSpec): LocalAddress {
    const bound =
      spec.protocol === 'udp'
        ? this.#udp.find((u) => sameAddress(u.address, spec.address))?.port
        : this.#listeners.find((l) => l.protocol === spec.protocol && sameAddress(l.address, spec.address))
            ?.port;
    const adv = this.#advertised.get(spec.protocol);
    return localAddressOf(
      spec.protocol,
      adv === undefined ? spec : { ...spec, advertise: adv },
      bound ?? spec.port ?? 5060,
    );
  }

  /** Open stream connections (for tests and statistics). */
  get connectionCount(): number {
    return this.#flows.size;
  }

  // ---- sending ----

  async #send(dest: Destination, bytes: Uint8Array): Promise<void> {
    if (dest.protocol === 'udp') return this.#endpointFor(dest).send(bytes, dest.address, dest.port);
    return (await this.#flowFor(dest)).send(bytes);
  }

  #flowFor(dest: Destination): Promise<Flow> {
    if (this.#closed) return Promise.reject(new TransportError('closed', 'Transport layer closed'));
    if (dest.flowId !== undefined) {
      const f = this.#flows.byId(dest.flowId);
      if (f !== undefined) return Promise.resolve(f);
    }
    const key = flowKey(dest.protocol, dest.address, dest.port);
    const f = this.#flows.byKey(key);
    // A secure flow serves another name only if the certificate was checked for it (RFC 5922/5923).
    const secure = dest.protocol === 'tls' || dest.protocol === 'wss';
    const name = secure ? dest.serverName : undefined;
    if (f !== undefined && (name === undefined || f.serverName === name)) return Promise.resolve(f);
    return this.#flows.connectOnce(name === undefined ? key : `${key}|${name}`, () => this.#connect(dest));
  }

  async #connect(dest: Destination): Promise<Flow> {
    const flow = await openFlow(dest, {
      options: this.#opts,
      nextId: (p) => `${p}#${this.#nextFlow++}`,
      events: this.#inbound.flowEvents,
      now: () => this.#clock.now(),
      maxMessageSize: this.#max,
    });
    return this.#register(flow);
  }

  #adopt(socket: Socket, protocol: 'tcp' | 'tls'): Flow {
    const flow = new SocketFlow(socket, protocol, `${protocol}#${this.#nextFlow++}`, false, {
      events: this.#inbound.flowEvents,
      now: () => this.#clock.now(),
      maxMessageSize: this.#max,
    });
    return this.#register(flow);
  }

  #register(flow: Flow): Flow {
    if (this.#closed) {
      flow.close();
      throw new TransportError('closed', 'Transport layer closed');
    }
    this.#flows.add(flow);
    const every = this.#opts.streamKeepAliveMs ?? 0;
    if (flow.outgoing && every > 0) {
      const d = flow.source;
      this.#autoKeepAlive.set(
        flow,
        this.#keepAlive.start(
          { protocol: flow.protocol, address: d.remoteAddress, port: d.remotePort, flowId: flow.id },
          { intervalMs: every },
        ),
      );
    }
    return flow;
  }

  #endpointFor(dest: Destination): UdpEndpoint {
    return pickEndpoint(this.#udp, dest);
  }

  #emitSafely<T>(emitter: Emitter<T>, event: T): void {
    try {
      emitter.emit(event);
    } catch (err) {
      this.#log.error('transport listener threw', { error: String(err) });
    }
  }

  // ---- housekeeping ----

  #scheduleIdleSweep(): void {
    const idle = this.#opts.idleTimeoutMs ?? 300_000;
    if (idle <= 0 || this.#closed) return;
    this.#idleTimer = this.#clock.setTimer(Math.min(idle / 2, 30_000), () => {
      this.#flows.closeIdle(this.#clock.now() - idle, (f) => this.#autoKeepAlive.has(f));
      this.#scheduleIdleSweep();
    });
  }

  #assertOpen(): void {
    if (this.#closed) throw new TransportError('closed', 'Transport layer closed');
  }
}
