/**
 * Where a response goes (RFC 3261 18.2.2, RFC 3581 section 4): back over the
 * request's connection while it is open; for datagrams, to `received` and
 * `rport` (symmetric response routing), to `maddr`, or to sent-by.
 */
import type { Via } from '../headers/types.js';
import { stripBrackets } from './address.js';
import type { Source, TransportProtocol } from './types.js';

/** Where to send a response when its request's connection is gone or there is none. */
export interface ResponseTarget {
  readonly protocol: TransportProtocol;
  /** An IP address or a host name (sent-by or maddr), without brackets. */
  readonly host: string;
  readonly port: number;
}

const isStream = (p: TransportProtocol): boolean => p !== 'udp';

/** The default port when sent-by has none (RFC 3261 18.2.2: 5060, 5061 for TLS). */
const defaultPortOf = (p: TransportProtocol): number =>
  p === 'tls' ? 5061 : p === 'wss' ? 443 : p === 'ws' ? 80 : 5060;

/**
 * The address a response goes to when it cannot (or, for UDP, need not) use
 * the request's connection. `via` is the top Via of the response.
 */
export function responseTarget(via: Via, source: Source): ResponseTarget {
  const protocol = source.protocol;
  const sentByPort = via.port ?? defaultPortOf(protocol);
  if (isStream(protocol)) {
    // 18.2.2: a new connection to `received` (or sent-by) at the sent-by port.
    return { protocol, host: stripBrackets(via.received ?? via.host), port: sentByPort };
  }
  if (via.maddr !== undefined) return { protocol, host: stripBrackets(via.maddr), port: sentByPort };
  if (via.received !== undefined) {
    // RFC 3581 section 4: to the source port recorded in rport.
    const port = typeof via.rport === 'number' ? via.rport : sentByPort;
    return { protocol, host: stripBrackets(via.received), port };
  }
  return { protocol, host: stripBrackets(via.host), port: sentByPort };
}
