/**
 * Session types of @twinkle/sip-core that its root entry does not export
 * (src/session is reachable only through the UserAgent facade's signatures),
 * named here from those signatures.
 */
import type { UserAgent } from '@twinkle/sip-core';

/** sip-core's media seam (RFC 3264 offer/answer), as `UserAgent.invite` takes it. */
export type SessionDescriptionHandler = Parameters<UserAgent['invite']>[1];
/** An opaque message body: content type and bytes. */
export type Body = Awaited<ReturnType<SessionDescriptionHandler['getOffer']>>;
/** An outgoing INVITE session. */
export type InviteClientSession = ReturnType<UserAgent['invite']>;
/** An incoming INVITE session. */
export type InviteServerSession = Parameters<Parameters<UserAgent['onInvite']>[0]>[0];
/** Why a session ended. */
export type TerminationReason = Awaited<ReturnType<InviteClientSession['ended']>>;
/** An in-dialog request handed to the application (INFO...). */
export type IncomingSessionRequest = Parameters<
  Parameters<InviteClientSession['incomingRequest']['on']>[0]
>[0];
