import type { Direction, MediaDescription, SessionDescription } from './model.js';

/** A direction as two flags, from the point of view of the SDP's author. */
export interface DirectionFlags {
  readonly send: boolean;
  readonly receive: boolean;
}

/** Splits a direction attribute into flags. */
export const toFlags = (d: Direction): DirectionFlags => ({
  send: d === 'sendrecv' || d === 'sendonly',
  receive: d === 'sendrecv' || d === 'recvonly',
});

/** Joins flags into a direction attribute. */
export const fromFlags = (f: DirectionFlags): Direction =>
  f.send ? (f.receive ? 'sendrecv' : 'sendonly') : f.receive ? 'recvonly' : 'inactive';

/** Whether a connection address is the RFC 2543 hold address (RFC 3264 section 8.4). */
export const isHoldAddress = (address: string): boolean => address === '0.0.0.0';

/** The connection that applies to a medium: its own, else the session's. */
export const connectionOf = (session: SessionDescription, media: MediaDescription) =>
  media.connection ?? session.connection;

/**
 * What the author of an SDP means for one medium: its direction attribute
 * (media level, else session level, else sendrecv; RFC 3264 section 5.1),
 * with the legacy hold of RFC 2543 applied on input: `c=0.0.0.0` means the
 * author does not want to receive (RFC 3264 section 8.4).
 */
export function effectiveDirection(session: SessionDescription, media: MediaDescription): DirectionFlags {
  const flags = toFlags(media.direction ?? session.direction ?? 'sendrecv');
  const c = connectionOf(session, media);
  if (c && isHoldAddress(c.address)) return { send: flags.send, receive: false };
  return flags;
}

/**
 * Our direction for a stream, given what we want and what the other side
 * declared: we send only if it receives, and receive only if it sends (RFC
 * 3264 section 6.1: a sendonly offer is answered recvonly or inactive, ...).
 */
export const answerFlags = (want: DirectionFlags, remote: DirectionFlags): DirectionFlags => ({
  send: want.send && remote.receive,
  receive: want.receive && remote.send,
});
