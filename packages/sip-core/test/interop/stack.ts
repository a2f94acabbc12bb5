/**
 * The parts of @twinkle/sip-core the interop tests drive, imported as a user
 * of the package would (`@twinkle/sip-core`). The session layer is not
 * re-exported by the package root yet, so it comes from its area index
 * (src/session/index.ts); switch it here once src/index.ts exports it.
 */

export {
  AuthSession,
  type Clock,
  createNodeDnsResolver,
  createResponse,
  createUserAgent,
  type DigestCredential,
  type ListenSpec,
  locateSipServers,
  type NameAddr,
  parseUri,
  preloadedRouteSet,
  Registration,
  type RegistrationState,
  type SipRequest,
  type SipResponse,
  SipTransportLayer,
  type TlsSettings,
  TransactionLayer,
  type TransportProtocol,
  type UserAgent,
  type UserAgentOptions,
} from '@twinkle/sip-core';
export {
  type Body,
  type InviteClientSession,
  type InviteServerSession,
  type ReliableProvisionalMode,
  type SessionDescriptionHandler,
  SessionLayer,
  type SessionTimerOptions,
  type TerminationReason,
} from '../../src/session/index.js';
