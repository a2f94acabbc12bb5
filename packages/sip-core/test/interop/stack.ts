/**
 * The parts of @twinkle/sip-core the interop tests drive. They come from the
 * areas' public index files (src/AREA/index.ts, which src/index.ts re-exports
 * as `@twinkle/sip-core`); once the root index re-exports every area this
 * file switches to `from '@twinkle/sip-core'` in one place.
 */

export {
  createResponse,
  type NameAddr,
  parseUri,
  type SipRequest,
  type SipResponse,
} from '@twinkle/sip-core';
export { AuthSession, type DigestCredential } from '../../src/auth/index.js';
export { Registration, type RegistrationState } from '../../src/register/index.js';
export { createNodeDnsResolver, locateSipServers, preloadedRouteSet } from '../../src/resolve/index.js';
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
export type { Clock } from '../../src/time/clock.js';
export { TransactionLayer } from '../../src/transaction/index.js';
export {
  type ListenSpec,
  SipTransportLayer,
  type TlsSettings,
  type TransportProtocol,
} from '../../src/transport/index.js';
export { createUserAgent, type UserAgent, type UserAgentOptions } from '../../src/ua/index.js';
