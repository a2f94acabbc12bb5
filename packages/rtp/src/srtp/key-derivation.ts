import { AesCounterMode } from './aes-cm.js';
import type { SrtpProfile } from './profiles.js';

/** Key derivation labels (RFC 3711 section 4.3.2). */
export const SrtpLabel = {
  rtpEncryption: 0x00,
  rtpAuthentication: 0x01,
  rtpSalt: 0x02,
  rtcpEncryption: 0x03,
  rtcpAuthentication: 0x04,
  rtcpSalt: 0x05,
} as const;

/** Session keys for one direction of SRTP or SRTCP. */
export interface SrtpSessionKeys {
  readonly cipherKey: Uint8Array;
  readonly salt: Uint8Array;
  readonly authKey: Uint8Array;
}

/**
 * The AES-CM PRF of RFC 3711 section 4.3.3 with key_derivation_rate 0:
 * x = (label || r) XOR master_salt with r = 0, then `length` octets of
 * AES-CM keystream under the master key with IV = x * 2^16. The same
 * construction serves the AES-192/256 KDFs of RFC 6188 section 3.
 */
export function srtpPrf(
  masterKey: Uint8Array,
  masterSalt: Uint8Array,
  label: number,
  length: number,
): Uint8Array {
  if (masterSalt.length !== 14) throw new RangeError('SRTP master salt must be 14 octets');
  const iv = new Uint8Array(16);
  iv.set(masterSalt, 0);
  // key_id = label || r (48-bit r is 0) sits right-aligned in the 112-bit salt.
  iv[7]! ^= label;
  return new AesCounterMode(masterKey).keystream(iv, length);
}

/** Derives the session keys for SRTP (`rtcp` false) or SRTCP (`rtcp` true). */
export function deriveSessionKeys(
  profile: SrtpProfile,
  masterKey: Uint8Array,
  masterSalt: Uint8Array,
  rtcp: boolean,
): SrtpSessionKeys {
  if (masterKey.length !== profile.keyLength) {
    throw new RangeError(`${profile.name} needs a ${profile.keyLength}-octet master key`);
  }
  const base = rtcp ? SrtpLabel.rtcpEncryption : SrtpLabel.rtpEncryption;
  return {
    cipherKey: srtpPrf(masterKey, masterSalt, base, profile.keyLength),
    authKey: srtpPrf(masterKey, masterSalt, base + 1, profile.authKeyLength),
    salt: srtpPrf(masterKey, masterSalt, base + 2, profile.saltLength),
  };
}
