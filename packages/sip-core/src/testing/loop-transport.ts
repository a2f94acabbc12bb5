/**
 * One endpoint of the in-memory loop network: a TransportLayer that hands
 * every message to its LoopNetwork, which serializes it, applies the link
 * rules and delivers it, parsed again, in the clock's time.
 */
import type { SipMessage, SipRequest, SipResponse } from '../message/sip-message.js';
import type {
  Destination,
  Incoming,
  LocalAddress,
  Source,
  TransportLayer,
  TransportProtocol,
  Unparseable,
} from '../transport/types.js';
import { TransportError } from '../transport/types.js';
import { Emitter } from '../util/emitter.js';

/** @internal What an endpoint needs from its network. */
export interface LoopHub {
  send(
    from: LoopTransport,
    message: SipMessage,
    to: { address: string; port: number; protocol: TransportProtocol },
  ): Promise<void>;
  detach(endpoint: LoopTransport): void;
}

/** The text of an address and port as the loop network names endpoints (`[v6]:port` for IPv6). */
export const endpointKey = (address: string, port: number): string =>
  `${address.includes(':') && !address.startsWith('[') ? `[${address}]` : address}:${port}`;

/** Options of an endpoint. */
export interface LoopEndpointOptions {
  /** The IP address the endpoint has on the loop network. */
  readonly address: string;
  readonly port: number;
  /** Protocols it listens on (default all: udp, tcp, tls, ws, wss). */
  readonly protocols?: readonly TransportProtocol[];
}

/** An in-memory transport endpoint; create it with `LoopNetwork.endpoint`. */
export class LoopTransport implements TransportLayer {
  readonly address: string;
  readonly port: number;
  /** `address:port` as used in the network's log. */
  readonly key: string;
  readonly protocols: readonly TransportProtocol[];
  readonly #hub: LoopHub;
  readonly #messages = new Emitter<Incoming>();
  readonly #unparseable = new Emitter<Unparseable>();
  #closed = false;

  /** @internal Use LoopNetwork.endpoint. */
  constructor(hub: LoopHub, options: LoopEndpointOptions) {
    this.#hub = hub;
    this.address = options.address;
    this.port = options.port;
    this.key = endpointKey(options.address, options.port);
    this.protocols = options.protocols ?? ['udp', 'tcp', 'tls', 'ws', 'wss'];
  }

  get closed(): boolean {
    return this.#closed;
  }

  sendRequest(request: SipRequest, destination: Destination): Promise<void> {
    return this.#send(request, destination.address, destination.port, destination.protocol);
  }

  /** Responses go back to the source address and port of the request (symmetric routing, RFC 3581). */
  sendResponse(response: SipResponse, requestSource: Source): Promise<void> {
    return this.#send(
      response,
      requestSource.remoteAddress,
      requestSource.remotePort,
      requestSource.protocol,
    );
  }

  #send(message: SipMessage, address: string, port: number, protocol: TransportProtocol): Promise<void> {
    if (this.#closed) return Promise.reject(new TransportError('closed', 'loop endpoint closed'));
    if (!this.protocols.includes(protocol))
      return Promise.reject(new TransportError('unsupported', `loop endpoint has no ${protocol}`));
    return this.#hub.send(this, message, { address, port, protocol });
  }

  localAddress(protocol: TransportProtocol): LocalAddress | undefined {
    if (!this.protocols.includes(protocol)) return undefined;
    const host = this.address.includes(':') ? `[${this.address}]` : this.address;
    return { protocol, host, port: this.port };
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

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#hub.detach(this);
    }
    return Promise.resolve();
  }

  /** @internal Called by the network at delivery time. */
  receive(incoming: Incoming): void {
    if (!this.#closed) this.#messages.emit(incoming);
  }

  /** @internal Called by the network when delivered bytes do not parse. */
  reject(event: Unparseable): void {
    if (!this.#closed) this.#unparseable.emit(event);
  }
}
