// The README's examples, run as tests: the same code, with assertions where the README
// comments on a result.
import { decodeRtp, encodeRtp, RtpSession, SrtpContext } from '@twinkle/rtp';
import { describe, expect, it } from 'vitest';

describe('README examples', () => {
  it('two sessions on loopback exchange a packet', async () => {
    const alice = await RtpSession.open({ address: '127.0.0.1', port: { min: 30000, max: 30999 } });
    const bob = await RtpSession.open({ address: '127.0.0.1', port: { min: 30000, max: 30999 } });
    alice.setRemote(bob.localAddress); // from the SDP answer in a real call
    bob.setRemote(alice.localAddress);

    const heard = new Promise<Uint8Array>((resolve) => {
      bob.onPacket((packet, from) => {
        expect(from).toEqual(alice.localAddress);
        resolve(packet.payload);
      });
    });
    alice.send(new Uint8Array(160).fill(0xff));
    const payload = await Promise.race([
      heard,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no packet')), 2000)),
    ]);
    expect(payload.length).toBe(160);
    expect(payload.every((b) => b === 0xff)).toBe(true);

    await alice.close();
    await bob.close();
  });

  it('encodes into a reused buffer and decodes', () => {
    const out = new Uint8Array(1500);
    const wire = encodeRtp(
      {
        payloadType: 0,
        sequenceNumber: 1,
        timestamp: 160,
        ssrc: 0x1234,
        marker: true,
        payload: new Uint8Array(160),
      },
      out,
    );
    const parsed = decodeRtp(wire);
    expect(wire.buffer).toBe(out.buffer);
    expect(parsed.ok && parsed.value).toMatchObject({
      sequenceNumber: 1,
      timestamp: 160,
      ssrc: 0x1234,
      marker: true,
    });
  });

  it('protects and unprotects with SRTP', () => {
    const masterKey = new Uint8Array(16).fill(1);
    const masterSalt = new Uint8Array(14).fill(2);
    const wire = encodeRtp({
      payloadType: 0,
      sequenceNumber: 1,
      timestamp: 160,
      ssrc: 0x1234,
      payload: new Uint8Array(160),
    });
    const keys = { profile: 'AES_CM_128_HMAC_SHA1_80', masterKey, masterSalt } as const;
    const tx = new SrtpContext(keys);
    const rx = new SrtpContext(keys);
    const srtp = tx.protectRtp(wire);
    const back = rx.unprotectRtp(srtp);
    expect(srtp.length).toBe(wire.length + 10);
    expect(back.ok && Buffer.from(back.value).equals(Buffer.from(wire))).toBe(true);
  });
});
