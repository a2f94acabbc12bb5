import { SRTP_PROFILES, type SrtpProfileName } from './profiles.js';
import type { SrtpKeyMaterial } from './srtp-context.js';

/**
 * Splits a concatenated master key || master salt, as an SDES `inline:` parameter
 * carries it once base64-decoded (RFC 4568 section 6.1), into key material.
 * Throws RangeError when the length does not match the profile.
 */
export function splitMasterKey(profile: SrtpProfileName, keyAndSalt: Uint8Array): SrtpKeyMaterial {
  const p = SRTP_PROFILES[profile];
  if (keyAndSalt.length !== p.keyLength + p.saltLength) {
    throw new RangeError(`${profile} needs ${p.keyLength + p.saltLength} octets of key and salt`);
  }
  return {
    profile,
    masterKey: keyAndSalt.slice(0, p.keyLength),
    masterSalt: keyAndSalt.slice(p.keyLength),
  };
}

/**
 * The SRTP keys of each side from DTLS-SRTP keying material (RFC 5764 section 4.2):
 * client key, server key, client salt, server salt, in that order. The client sends
 * under the client key and receives under the server's, and the other way round.
 */
export function keysFromDtlsSrtp(
  profile: SrtpProfileName,
  material: Uint8Array,
  role: 'client' | 'server',
): { send: SrtpKeyMaterial; receive: SrtpKeyMaterial } {
  const p = SRTP_PROFILES[profile];
  const k = p.keyLength;
  const s = p.saltLength;
  if (material.length !== 2 * (k + s))
    throw new RangeError(`${profile} needs ${2 * (k + s)} octets of DTLS material`);
  const client = { profile, masterKey: material.slice(0, k), masterSalt: material.slice(2 * k, 2 * k + s) };
  const server = { profile, masterKey: material.slice(k, 2 * k), masterSalt: material.slice(2 * k + s) };
  return role === 'client' ? { send: client, receive: server } : { send: server, receive: client };
}
