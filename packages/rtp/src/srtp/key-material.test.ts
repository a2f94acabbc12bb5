import { describe, expect, it } from 'vitest';
import { keysFromDtlsSrtp, splitMasterKey } from './key-material.js';
import { SrtpContext } from './srtp-context.js';

const seq = (n: number, from = 0) => Uint8Array.from({ length: n }, (_, i) => from + i);

describe('key material helpers', () => {
  it('splits an SDES inline key into master key and salt', () => {
    const inline = Buffer.from('AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e', 'base64');
    const m = splitMasterKey('AES_CM_128_HMAC_SHA1_80', inline);
    expect([...m.masterKey]).toEqual([...seq(16, 1)]);
    expect([...m.masterSalt]).toEqual([...seq(14, 17)]);
    expect(() => splitMasterKey('AES_256_CM_HMAC_SHA1_80', inline)).toThrow(RangeError);
  });

  it('pairs DTLS-SRTP client and server keys so each side reads what the other sends', () => {
    const material = seq(60);
    const client = keysFromDtlsSrtp('AES_CM_128_HMAC_SHA1_80', material, 'client');
    const server = keysFromDtlsSrtp('AES_CM_128_HMAC_SHA1_80', material, 'server');
    expect([...client.send.masterKey]).toEqual([...seq(16)]);
    expect([...client.send.masterSalt]).toEqual([...seq(14, 32)]);
    expect([...server.send.masterKey]).toEqual([...seq(16, 16)]);
    expect([...server.send.masterSalt]).toEqual([...seq(14, 46)]);
    const rtp = Uint8Array.from(Buffer.from('8000000100000000000000aa01020304', 'hex'));
    const wire = new SrtpContext(client.send).protectRtp(rtp);
    expect(new SrtpContext(server.receive).unprotectRtp(wire).ok).toBe(true);
  });
});
