import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRtp } from '../packet/rtp-encode.js';
import type { RtcpPacket } from '../rtcp/rtcp-types.js';
import { RtpSession } from './rtp-session.js';
import type { SrtpKeys } from './session-options.js';
import { VirtualClock } from './virtual-clock.js';

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
  profile: 'AES_CM_128_HMAC_SHA1_32' as const,
  masterKey: new Uint8Array(16).fill(n),
  masterSalt: new Uint8Array(14).fill(n + 1),
});
const aliceKeys: SrtpKeys = { send: material(1), receive: material(5) };
const bobKeys: SrtpKeys = { send: material(5), receive: material(1) };

describe('RtpSession with SRTP', () => {
  it('exchanges SRTP and SRTCP, and drops plain or foreign-key packets before they can latch', async () => {
    const clock = new VirtualClock();
    const a = await RtpSession.open({ address: '127.0.0.1', port: 0, rtcpMux: true, srtp: aliceKeys, clock });
    const b = await RtpSession.open({ address: '127.0.0.1', port: 0, rtcpMux: true, srtp: bobKeys, clock });
    open.push(a, b);
    a.setRemote(b.localAddress);
    const payloads: number[] = [];
    const drops: string[] = [];
    b.onPacket((p) => payloads.push(p.payload[0]!));
    b.onDrop((r) => drops.push(r));

    // A plaintext stream from elsewhere is refused by SRTP and so cannot latch.
    const intruder = createSocket('udp4');
    await new Promise<void>((r) => intruder.bind(0, '127.0.0.1', () => r()));
    for (let i = 0; i < 3; i++) {
      intruder.send(
        encodeRtp({
          payloadType: 0,
          sequenceNumber: i,
          timestamp: 0,
          ssrc: 99,
          payload: new Uint8Array([0xee]),
        }),
        b.localAddress.port,
        '127.0.0.1',
      );
    }
    await until(() => drops.length === 3);
    intruder.close();
    expect(drops).toEqual(['srtp', 'srtp', 'srtp']);
    expect(b.latchedSource).toBeUndefined();

    for (let i = 1; i <= 3; i++) a.send(new Uint8Array([i, 0, 0, 0]));
    await until(() => payloads.length === 3);
    expect(payloads).toEqual([1, 2, 3]);
    expect(b.latchedSource?.from).toEqual(a.localAddress);

    const reports: RtcpPacket[][] = [];
    b.onRtcp((p) => reports.push([...p]));
    for (let i = 0; i < 50 && reports.length === 0; i++) {
      clock.advance(100);
      await new Promise((r) => setTimeout(r, 2));
    }
    await until(() => reports.length > 0);
    expect(reports[0]![0]).toMatchObject({ type: 'sr', ssrc: a.ssrc });
  });

  it('a session keyed differently drops everything as srtp', async () => {
    const a = await RtpSession.open({ address: '127.0.0.1', port: 0, rtcp: false, srtp: aliceKeys });
    const c = await RtpSession.open({ address: '127.0.0.1', port: 0, rtcp: false, srtp: aliceKeys });
    open.push(a, c);
    a.setRemote(c.localAddress);
    const drops: string[] = [];
    let got = 0;
    c.onDrop((r) => drops.push(r));
    c.onPacket(() => got++);
    a.send(new Uint8Array(20));
    await until(() => drops.length === 1);
    expect(drops[0]).toBe('srtp');
    expect(got).toBe(0);
    expect(c.stats().dropped.srtp).toBe(1);
  });
});
