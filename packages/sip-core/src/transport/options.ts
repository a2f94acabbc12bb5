/** Options of the socket transport layer. */
import type { DnsResolver } from '../resolve/dns-resolver.js';
import type { Clock } from '../time/clock.js';
import type { Destination } from './types.js';

/** An injectable logger (default silent). Messages never carry credentials. */
export interface TransportLogger {
  debug(message: string, data?: Readonly<Record<string, unknown>>): void;
  info(message: string, data?: Readonly<Record<string, unknown>>): void;
  warn(message: string, data?: Readonly<Record<string, unknown>>): void;
  error(message: string, data?: Readonly<Record<string, unknown>>): void;
}

export const silentLogger: TransportLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** One local address to listen on. */
export interface ListenSpec {
  readonly protocol: 'udp' | 'tcp' | 'tls';
  /** An IP address: `127.0.0.1`, `::1`, `0.0.0.0`, `::`. */
  readonly address: string;
  /** 0 for any free port; default 5060 (5061 for TLS). */
  readonly port?: number;
  /** What to advertise in Via and Contact instead (a public address from STUN or configuration). */
  readonly advertise?: { readonly host: string; readonly port?: number };
}

/** PEM text or bytes. */
export type Pem = string | Uint8Array;

/** TLS settings of a profile (also used for WSS). */
export interface TlsSettings {
  /** Trusted CA certificates (or a self-signed peer certificate) instead of the system's list. */
  readonly ca?: Pem | readonly Pem[];
  /** Our certificate chain and key: needed to listen for TLS, offered as client certificate too. */
  readonly cert?: Pem;
  readonly key?: Pem;
  /** Verify the peer's certificate and name (default true; turn off only for tests). */
  readonly rejectUnauthorized?: boolean;
  /**
   * Trust exactly these peer certificates (SHA-256 fingerprints, hex, any
   * separators) instead of a CA: a self-signed server certificate a profile
   * accepts. When set, chain and name checks are replaced by the pin (TLS only,
   * not WSS).
   */
  readonly pinnedCertificates?: readonly string[];
  /** As a server, ask clients for a certificate (mutual TLS); default false. */
  readonly requestClientCert?: boolean;
}

export interface WebSocketSettings {
  /** Path of the WebSocket URL (default `/`). */
  readonly path?: string;
  /** Via sent-by host for WS (RFC 7118 section 5.2 allows a made-up `.invalid` name); default random. */
  readonly viaHost?: string;
}

/** What to do with a request too large for UDP when TCP is not available (RFC 3261 18.1.1). */
export type LargeRequestPolicy = 'error' | 'send-udp';

export interface SipTransportOptions {
  readonly listen: readonly ListenSpec[];
  readonly tls?: TlsSettings;
  /**
   * TLS settings per destination (a phone's profiles trust different CAs or
   * certificates); undefined falls back to `tls`. Used for TLS and WSS connections.
   */
  readonly tlsFor?: (destination: Destination) => TlsSettings | undefined;
  /** WebSocket client transport; `false` disables it (default on). */
  readonly websocket?: WebSocketSettings | false;
  readonly clock?: Clock;
  readonly logger?: TransportLogger;
  /** Random bytes (STUN transaction IDs, keep-alive jitter, tags); default node:crypto. */
  readonly random?: (bytes: number) => Uint8Array;
  /** Largest message accepted, in octets (default 262144). */
  readonly maxMessageSize?: number;
  /** Path MTU; requests over MTU - 200 octets go over TCP (RFC 3261 18.1.1). Default 1500. */
  readonly mtu?: number;
  readonly largeRequests?: LargeRequestPolicy;
  /** Close stream connections idle this long, in ms (default 300000; 0 never). */
  readonly idleTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** CRLF keep-alive interval on every outgoing stream connection, ms (default 0: only by startKeepAlive). */
  readonly streamKeepAliveMs?: number;
  /** How long to wait for the pong (or STUN answer) before the flow counts as failed (default 10000, RFC 5626 4.4.1). */
  readonly pongTimeoutMs?: number;
  /** DNS for host names in a Via sent-by or maddr (RFC 3263 section 5); default node:dns. */
  readonly resolver?: DnsResolver;
}
