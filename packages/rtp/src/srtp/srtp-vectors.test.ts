import { describe, expect, it } from 'vitest';
import { AesCounterMode } from './aes-cm.js';
import { deriveSessionKeys, SrtpLabel, srtpPrf } from './key-derivation.js';
import { SRTP_PROFILES } from './profiles.js';
import { SrtpContext } from './srtp-context.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('RFC 3711 appendix B.2: AES-CM keystream', () => {
  it('matches the published keystream segments', () => {
    const cm = new AesCounterMode(hex('2B7E151628AED2A6ABF7158809CF4F3C'));
    // Session salt F0F1..FD with SSRC 0 and index 0 gives IV F0F1...FCFD0000.
    const ks = cm.keystream(hex('F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000'), 48);
    expect(toHex(ks)).toBe(
      'e03ead0935c95e80e166b16dd92b4eb4' +
        'd23513162b02d0f72a43a2fe4a5f97ab' +
        '41e95b3bb0a2e8dd477901e4fca894c0',
    );
  });

  it('agrees with node aes-128-ctr over a long run including a 16-bit counter carry', async () => {
    const { createCipheriv } = await import('node:crypto');
    const key = hex('000102030405060708090a0b0c0d0e0f');
    const iv = hex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfff0');
    const ref = createCipheriv('aes-128-ctr', key, iv).update(new Uint8Array(1000));
    expect(toHex(new AesCounterMode(key).keystream(iv, 1000))).toBe(toHex(ref));
  });
});

describe('RFC 3711 appendix B.3: key derivation', () => {
  const key = hex('E1F97A0D3E018BE0D64FA32C06DE4139');
  const salt = hex('0EC675AD498AFEEBB6960B3AABE6');

  it('derives the cipher key, salt and the full 94-octet auth key stream', () => {
    expect(toHex(srtpPrf(key, salt, SrtpLabel.rtpEncryption, 16))).toBe('c61e7a93744f39ee10734afe3ff7a087');
    expect(toHex(srtpPrf(key, salt, SrtpLabel.rtpSalt, 14))).toBe('30cbbc08863d8c85d49db34a9ae1');
    expect(toHex(srtpPrf(key, salt, SrtpLabel.rtpAuthentication, 94))).toBe(
      'cebe321f6ff7716b6fd4ab49af256a156d38baa48f0a0acf3c34e2359e6cdbce' +
        'e049646c43d9327ad175578ef72270986371c10c9a369ac2f94a8c5fbcdddc25' +
        '6d6e919a48b610ef17c2041e474035766b68642c59bbfc2f34db60dbdfb2',
    );
  });

  it('deriveSessionKeys returns the same three keys', () => {
    const k = deriveSessionKeys(SRTP_PROFILES.AES_CM_128_HMAC_SHA1_80, key, salt, false);
    expect(toHex(k.cipherKey)).toBe('c61e7a93744f39ee10734afe3ff7a087');
    expect(toHex(k.salt)).toBe('30cbbc08863d8c85d49db34a9ae1');
    expect(toHex(k.authKey)).toBe('cebe321f6ff7716b6fd4ab49af256a156d38baa4');
  });
});

describe('RFC 6188 section 7.2: AES-256 key derivation', () => {
  it('derives the published session keys', () => {
    const k = deriveSessionKeys(
      SRTP_PROFILES.AES_256_CM_HMAC_SHA1_80,
      hex('f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6'),
      hex('3b04803de51ee7c96423ab5b78d2'),
      false,
    );
    expect(toHex(k.cipherKey)).toBe('5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4');
    expect(toHex(k.salt)).toBe('fa31791685ca444a9e07c6c64e93');
    expect(toHex(k.authKey)).toBe('fd9c32d39ed5fbb5a9dc96b30818454d1313dc05');
  });
});

// Whole-packet reference vectors shared by libsrtp and other implementations, built
// on the RFC 3711 B.3 master key (AES-128) and the RFC 6188 master key (AES-256).
describe('reference SRTP and SRTCP packets', () => {
  const master128 = {
    masterKey: hex('e1f97a0d3e018be0d64fa32c06de4139'),
    masterSalt: hex('0ec675ad498afeebb6960b3aabe6'),
  };
  const rtp = hex(`800f1234decafbadcafebabe${'ab'.repeat(16)}`);

  it('AES_CM_128_HMAC_SHA1_80 protects RTP to the reference ciphertext and back', () => {
    const tx = new SrtpContext({ profile: 'AES_CM_128_HMAC_SHA1_80', ...master128 });
    const srtp = tx.protectRtp(rtp);
    expect(toHex(srtp)).toBe('800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb');
    const rx = new SrtpContext({ profile: 'AES_CM_128_HMAC_SHA1_80', ...master128 });
    const back = rx.unprotectRtp(Uint8Array.from(srtp));
    expect(back.ok && toHex(back.value)).toBe(toHex(rtp));
  });

  it('AES_CM_128_HMAC_SHA1_80 protects RTCP with index 1 to the reference SRTCP packet', () => {
    const rtcp = hex(`81c8000bcafebabe${'ab'.repeat(16)}`);
    const tx = new SrtpContext({ profile: 'AES_CM_128_HMAC_SHA1_80', ...master128 });
    tx.protectRtcp(rtcp); // index 0
    const srtcp = tx.protectRtcp(rtcp); // index 1, as in the reference
    expect(toHex(srtcp)).toBe('81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798');
    const rx = new SrtpContext({ profile: 'AES_CM_128_HMAC_SHA1_80', ...master128 });
    const back = rx.unprotectRtcp(Uint8Array.from(srtcp));
    expect(back.ok && toHex(back.value)).toBe(toHex(rtcp));
  });

  it('AES_256_CM_HMAC_SHA1_80 protects RTP to the reference ciphertext', () => {
    const tx = new SrtpContext({
      profile: 'AES_256_CM_HMAC_SHA1_80',
      masterKey: hex('f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6'),
      masterSalt: hex('3b04803de51ee7c96423ab5b78d2'),
    });
    expect(toHex(tx.protectRtp(rtp))).toBe(
      '800f1234decafbadcafebabef1d9de17ff251ff1aa007774b0b4b40da08d9d9a5b3a55d8873b',
    );
  });

  it('rejects every truncation of the reference packet', () => {
    const srtp = hex('800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb');
    for (let len = srtp.length - 1; len > 0; len--) {
      const rx = new SrtpContext({ profile: 'AES_CM_128_HMAC_SHA1_80', ...master128 });
      expect(rx.unprotectRtp(srtp.slice(0, len)).ok).toBe(false);
    }
  });
});
