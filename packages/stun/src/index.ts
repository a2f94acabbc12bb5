/**
 * STUN (RFC 5389): the message codec, a Binding client with the RFC's
 * retransmission over an injected datagram socket and clock, and the
 * answer to a Binding request.
 */
export {
  errorCode,
  errorCodeAttribute,
  mappedAddress,
  mappedAddressAttribute,
  reflexiveAddress,
  type StunAddress,
  type StunErrorCode,
  software,
  softwareAttribute,
  unknownAttributes,
  unknownAttributesAttribute,
  unknownRequiredAttributes,
  xorMappedAddress,
  xorMappedAddressAttribute,
} from './attributes.js';
export {
  type BindingErrorCode,
  type BindingResult,
  StunClient,
  type StunClientOptions,
} from './client.js';
export { FINGERPRINT_XOR, MAGIC_COOKIE, StunAttr, StunMethod } from './constants.js';
export { crc32 } from './crc32.js';
export { bytesToIp, ipToBytes } from './ip-address.js';
export {
  decodeStun,
  encodeStun,
  findAttribute,
  isStunMessage,
  messageType,
  type StunAttribute,
  type StunClass,
  type StunDecodeError,
  type StunDecodeErrorCode,
  type StunDecodeResult,
  type StunMessage,
  type StunMessageInit,
} from './message.js';
export { type LookupOptions, type LookupResult, lookupMapping, nodeDatagramSocket } from './node-socket.js';
export { answerBindingRequest } from './server-response.js';
export { systemClock } from './system-clock.js';
export type { DatagramSocket, Endpoint, StunClock, TimerHandle } from './types.js';
