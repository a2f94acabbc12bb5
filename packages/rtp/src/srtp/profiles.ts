/**
 * SRTP crypto suites this package implements: AES counter mode with HMAC-SHA1
 * (RFC 3711 section 4, RFC 4568 section 6.2) and the AES-256 variants of RFC 6188.
 */
export type SrtpProfileName =
  | 'AES_CM_128_HMAC_SHA1_80'
  | 'AES_CM_128_HMAC_SHA1_32'
  | 'AES_256_CM_HMAC_SHA1_80'
  | 'AES_256_CM_HMAC_SHA1_32';

/** The transform parameters of one crypto suite. */
export interface SrtpProfile {
  readonly name: SrtpProfileName;
  /** Master and session encryption key length in octets. */
  readonly keyLength: 16 | 32;
  /** Master and session salt length in octets (112 bits for AES-CM). */
  readonly saltLength: 14;
  /** Session authentication key length in octets (160 bits for HMAC-SHA1). */
  readonly authKeyLength: 20;
  /** SRTP authentication tag length in octets. */
  readonly rtpTagLength: 10 | 4;
  /** SRTCP authentication tag length: 80 bits for every suite (RFC 4568 section 6.2.1, RFC 6188 section 6). */
  readonly rtcpTagLength: 10;
}

const make = (name: SrtpProfileName, keyLength: 16 | 32, rtpTagLength: 10 | 4): SrtpProfile =>
  Object.freeze({ name, keyLength, saltLength: 14, authKeyLength: 20, rtpTagLength, rtcpTagLength: 10 });

/** All supported suites by name. */
export const SRTP_PROFILES: Readonly<Record<SrtpProfileName, SrtpProfile>> = Object.freeze({
  AES_CM_128_HMAC_SHA1_80: make('AES_CM_128_HMAC_SHA1_80', 16, 10),
  AES_CM_128_HMAC_SHA1_32: make('AES_CM_128_HMAC_SHA1_32', 16, 4),
  AES_256_CM_HMAC_SHA1_80: make('AES_256_CM_HMAC_SHA1_80', 32, 10),
  AES_256_CM_HMAC_SHA1_32: make('AES_256_CM_HMAC_SHA1_32', 32, 4),
});
