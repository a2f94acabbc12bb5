export {
  CallSecurity,
  type CallSecurityInit,
  type SecurablePort,
  type SecurityProfile,
  type SecurityStatus,
} from './call-security.js';
export { PhoneSecurity, type PhoneSecurityOptions, ZRTP_ACTIONS, type ZrtpAction } from './phone-security.js';
export { SDES_SUITES, type SignallingHint, sdesOptions, signalledOverTls } from './sdes-lines.js';
export type { DatagramFrom, SecureMediaTransport } from './secure-transport.js';
export type {
  CallClearEvent,
  CallEncryptedEvent,
  SasVerifiedEvent,
  SecurityEvent,
  ZrtpWarningEvent,
} from './security-events.js';
