import { AesCounterMode } from './aes-cm.js';
import { HmacSha1 } from './hmac-sha1.js';
import { deriveSessionKeys } from './key-derivation.js';
import type { SrtpProfile } from './profiles.js';

/**
 * Session-key crypto for one of SRTP or SRTCP: the cipher, the MAC and a
 * reusable IV scratch buffer, built once per master key.
 */
export class SrtpCrypto {
  readonly cipher: AesCounterMode;
  readonly mac: HmacSha1;
  readonly salt: Uint8Array;
  readonly #iv = new Uint8Array(16);

  constructor(profile: SrtpProfile, masterKey: Uint8Array, masterSalt: Uint8Array, rtcp: boolean) {
    const keys = deriveSessionKeys(profile, masterKey, masterSalt, rtcp);
    this.cipher = new AesCounterMode(keys.cipherKey);
    this.mac = new HmacSha1(keys.authKey);
    this.salt = keys.salt;
  }

  /**
   * IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16) (RFC 3711 section 4.1.1),
   * where i is the 48-bit packet index (SRTP) or the 31-bit SRTCP index.
   */
  iv(ssrc: number, indexHigh: number, indexLow16: number): Uint8Array {
    const iv = this.#iv;
    iv.set(this.salt, 0);
    iv[14] = 0;
    iv[15] = 0;
    iv[4]! ^= ssrc >>> 24;
    iv[5]! ^= ssrc >>> 16;
    iv[6]! ^= ssrc >>> 8;
    iv[7]! ^= ssrc;
    // index = indexHigh * 2^16 + indexLow16 occupies IV octets 8..13.
    iv[8]! ^= indexHigh >>> 24;
    iv[9]! ^= indexHigh >>> 16;
    iv[10]! ^= indexHigh >>> 8;
    iv[11]! ^= indexHigh;
    iv[12]! ^= indexLow16 >>> 8;
    iv[13]! ^= indexLow16;
    return iv;
  }
}
