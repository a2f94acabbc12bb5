import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRtp } from '../packet/rtp-encode.js';
import { RtpSession } from './rtp-session.js';
import type { SrtpKeys } from './session-options.js';

const open: RtpSession[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
}

const material = (n: number) => ({
  profile: 'AES_CM_128_HMAC_SHA1_80' as const,
  masterKey: new Uint8Array(16).fill(n),
  masterSalt: new Uint8Array(14).fill(n + 1),
});

/** A datagram shaped like a ZRTP packet (RFC 6189 section 5): 0x10, then the magic cookie at 4. */
const zrtpLike = (n: number) => new Uint8Array([0x10, 0, 0, n, 0x5a, 0x52, 0x54, 0x50, 1, 2, 3, 4]);

describe('RtpSession datagram interception (other protocols on the RTP port)', () => {
  it('hands intercepted datagrams to the filter only, sends raw datagrams unencrypted while RTP is SRTP', async () => {
    const keysA: SrtpKeys = { send: material(1), receive: material(5) };
    const keysB: SrtpKeys = { send: material(5), receive: material(1) };
    const a = await RtpSession.open({ address: '127.0.0.1', port: 0, rtcpMux: true, srtp: keysA });
    const b = await RtpSession.open({ address: '127.0.0.1', port: 0, rtcpMux: true, srtp: keysB });
    open.push(a, b);
    expect(a.sendDatagram(zrtpLike(0))).toBe(false); // nowhere to send yet
    const early: number[][] = [];
    b.intercept((d) => {
      early.push([...d]);
      return true;
    });
    expect(a.sendDatagram(zrtpLike(1), b.localAddress)).toBe(true); // an explicit destination
    await until(() => early.length === 1);
    expect(early[0]).toEqual([...zrtpLike(1)]);
    a.setRemote(b.localAddress);
    b.setRemote(a.localAddress);
    const seen: number[][] = [];
    const rtp: number[] = [];
    const drops: string[] = [];
    b.intercept((d, from) => {
      if (d[0] !== 0x10) return false;
      expect(from.port).toBe(a.localAddress.port);
      seen.push([...d]);
      return true;
    });
    b.onPacket((p) => rtp.push(p.payload[0]!));
    b.onDrop((r) => drops.push(r));
    expect(a.sendDatagram(zrtpLike(7))).toBe(true);
    a.send(new Uint8Array([42]), { marker: true });
    await until(() => seen.length === 1 && rtp.length === 1);
    expect(seen[0]).toEqual([...zrtpLike(7)]); // as sent: not SRTP-protected
    expect(rtp).toEqual([42]); // the SRTP packet still reached RTP
    expect(drops).toEqual([]);

    // Without the filter the same datagram is RTP's to judge (and SRTP refuses it).
    b.intercept(undefined);
    a.sendDatagram(zrtpLike(8));
    await until(() => drops.length === 1);
    expect(drops).toEqual(['srtp']);
    expect(seen).toHaveLength(1);
  });

  it('a filter that throws reports an error and drops the datagram', async () => {
    const b = await RtpSession.open({ address: '127.0.0.1', port: 0, rtcpMux: true });
    open.push(b);
    const errors: string[] = [];
    const rtp: number[] = [];
    b.onError((e) => errors.push(e.message));
    b.onPacket((p) => rtp.push(p.sequenceNumber));
    b.intercept(() => {
      throw new Error('filter broke');
    });
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    s.send(
      encodeRtp({ payloadType: 0, sequenceNumber: 5, timestamp: 0, ssrc: 9, payload: new Uint8Array(1) }),
      b.localAddress.port,
      '127.0.0.1',
    );
    await until(() => errors.length === 1);
    s.close();
    expect(errors).toEqual(['filter broke']);
    expect(rtp).toEqual([]);
  });
});
