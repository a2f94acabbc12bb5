/** Transports (RFC 3261 section 18, RFC 3581, RFC 5626 4.4, RFC 7118) behind the TransportLayer contract. */
export { canonicalAddress, headerHost, sameAddress } from './address.js';
export { buildParseErrorResponse } from './bad-request.js';
export type { FlowFailure, KeepAliveHandle, KeepAliveOptions, MappedAddress } from './keep-alive.js';
export type {
  LargeRequestPolicy,
  ListenSpec,
  Pem,
  SipTransportOptions,
  TlsSettings,
  TransportLogger,
  WebSocketSettings,
} from './options.js';
export { locateResponseTargets } from './response-locate.js';
export { type ResponseTarget, responseTarget } from './response-route.js';
export { SipTransportLayer } from './sip-transport-layer.js';
export { exceedsUdpLimit, switchViaToTcp } from './size-rule.js';
export { isStun, parseStun, type StunMessage, stunBindingRequest, stunBindingSuccess } from './stun.js';
export { replaceTopVia } from './top-via.js';
export type {
  Destination,
  Incoming,
  LocalAddress,
  Source,
  TransportLayer,
  TransportProtocol,
  Unparseable,
} from './types.js';
export { TransportError } from './types.js';
export { stampReceived } from './via-received.js';
