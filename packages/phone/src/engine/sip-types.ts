/**
 * The sip-core session types the engine uses, in one place (re-exported:
 * sip-core's root entry exports its INVITE sessions).
 */
export type {
  Body,
  IncomingSessionRequest,
  InviteClientSession,
  InviteServerSession,
  SessionDescriptionHandler,
  TerminationReason,
} from '@twinkle/sip-core';
