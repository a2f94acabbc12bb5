import type { DirectionFlags } from './direction.js';
import type { Direction } from './model.js';
import {
  addressTypeOf,
  type Connection,
  type MediaDescription,
  type Origin,
  type SessionDescription,
} from './model.js';

/** Whether our hold is to be written as RFC 2543's c=0.0.0.0 (IPv4 only: there is no IPv6 form). */
export function writesLegacyHold(
  holdVariant: 'rfc3264' | 'rfc2543' | undefined,
  localHold: boolean,
  address: string,
): boolean {
  return holdVariant === 'rfc2543' && localHold && addressTypeOf(address) === 'IP4';
}

/** Our session-level connection line. */
export function localConnection(address: string, legacyHold: boolean): Connection {
  return legacyHold
    ? { addressType: 'IP4', address: '0.0.0.0' }
    : { addressType: addressTypeOf(address), address };
}

/** Our session description around a list of media descriptions. */
export function localSession(origin: Origin, connection: Connection, media: readonly MediaDescription[]) {
  const session: SessionDescription = {
    origin,
    name: '-',
    connection,
    bandwidths: [],
    timing: { start: 0, stop: 0 },
    attributes: [],
    media,
  };
  return session;
}

/** What we want for our audio stream: both ways, or only to send while we hold (RFC 3264 section 8.4). */
export const wantedFlags = (localHold: boolean): DirectionFlags => ({ send: true, receive: !localHold });

/**
 * The direction attribute to write. c=0.0.0.0 alone says "send only" (RFC
 * 3264 section 8.4), so the RFC 2543 hold writes no attribute then, and
 * a=inactive when we do not send either.
 */
export const legacyDirection = (legacy: boolean, direction: Direction): { direction?: Direction } =>
  legacy && direction === 'sendonly' ? {} : { direction };
