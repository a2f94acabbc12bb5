/**
 * The transport contract (RFC 3261 section 18). The transaction layer and the
 * UA core see only this; UDP, TCP, TLS, WebSocket and the in-memory loop
 * transport of the tests implement it.
 */
import type { SipMessage, SipRequest, SipResponse } from '../message/sip-message.js';

export type TransportProtocol = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

/** Where a message goes: an IP address (no brackets), a port and a protocol. */
export interface Destination {
  readonly protocol: TransportProtocol;
  /** An IPv4 or IPv6 address literal, never a host name: resolution happens before (RFC 3263). */
  readonly address: string;
  readonly port: number;
  /** For TLS: the name the certificate must match (the host of the URI that was resolved). */
  readonly serverName?: string;
  /** Send over this existing connection (stream transports), when it is still open. */
  readonly flowId?: string;
}

/** Where a message came from, and over which connection. */
export interface Source {
  readonly protocol: TransportProtocol;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  /** Identifies the connection (streams) or the local socket and remote address (UDP). */
  readonly flowId: string;
}

/** A message handed up by a transport, already parsed. */
export interface Incoming {
  readonly message: SipMessage;
  readonly source: Source;
}

/** Bytes that could not be parsed as a SIP message (the transport layer answers 400 where it can). */
export interface Unparseable {
  readonly source: Source;
  readonly code: string;
  readonly reason: string;
}

/** A local address to put into Via sent-by and Contact for a protocol. */
export interface LocalAddress {
  readonly protocol: TransportProtocol;
  /** Host as it goes into a header: a name or address, IPv6 with brackets. */
  readonly host: string;
  readonly port: number;
}

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code:
      | 'unreachable'
      | 'connection-failed'
      | 'connection-closed'
      | 'too-large'
      | 'closed'
      | 'tls'
      | 'unsupported',
    message: string,
  ) {
    super(message);
  }
}

/**
 * What the transaction layer and UA core use. Implementations add
 * `received`/`rport` to the top Via of incoming requests (RFC 3261 18.2.1,
 * RFC 3581) before handing them up, and route responses per 18.2.2.
 */
export interface TransportLayer {
  /** Sends a request to a resolved destination. The top Via's transport and sent-by are the caller's. */
  sendRequest(request: SipRequest, destination: Destination): Promise<void>;
  /**
   * Sends a response back along the way its request came (RFC 3261 18.2.2, RFC 3581 section 4):
   * over the same connection when it is open, else to `received`/`rport` or sent-by of the top Via.
   */
  sendResponse(response: SipResponse, requestSource: Source): Promise<void>;
  /** The address to advertise in Via and Contact for a protocol, if the layer listens on it. */
  localAddress(protocol: TransportProtocol): LocalAddress | undefined;
  /** Registers the receiver of parsed messages; returns a function that removes it. */
  onMessage(listener: (incoming: Incoming) => void): () => void;
  /** Registers a receiver of unparseable input (for logs and statistics). */
  onUnparseable(listener: (event: Unparseable) => void): () => void;
  /** Whether a protocol is reliable (no retransmissions of requests, RFC 3261 17.1.1.2). */
  isReliable(protocol: TransportProtocol): boolean;
  close(): Promise<void>;
}
