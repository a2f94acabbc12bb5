import { afterEach, describe, expect, it } from 'vitest';
import type { RtcpPacket } from '../rtcp/rtcp-types.js';
import { RtpSession } from './rtp-session.js';
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

describe('RTCP in a session (virtual time, real loopback sockets)', () => {
  it('sends SR and RR on schedule, learns CNAME, reception statistics and the round-trip time', async () => {
    const clockA = new VirtualClock();
    const clockB = new VirtualClock();
    const random = () => 0.5;
    const a = await RtpSession.open({
      address: '127.0.0.1',
      port: 0,
      clock: clockA,
      random,
      cname: 'alice@a',
    });
    const b = await RtpSession.open({
      address: '127.0.0.1',
      port: 0,
      clock: clockB,
      random: () => 0.7,
      cname: 'bob@b',
    });
    open.push(a, b);
    a.setRemote({ ...b.localAddress, rtcpPort: b.localRtcpAddress.port });
    b.setRemote({ ...a.localAddress, rtcpPort: a.localRtcpAddress.port });
    const atB: RtcpPacket[][] = [];
    const atA: RtcpPacket[][] = [];
    b.onRtcp((p) => atB.push([...p]));
    a.onRtcp((p) => atA.push([...p]));
    let packets = 0;
    b.onPacket(() => packets++);
    for (let i = 0; i < 10; i++) {
      a.send(new Uint8Array(160));
      clockA.advance(20);
    }
    await until(() => packets === 10);

    // The first report is due within the initial interval (2.5 s x [0.5,1.5) / 1.218).
    for (let i = 0; i < 40 && atB.length === 0; i++) {
      clockA.advance(100);
      await new Promise((r) => setTimeout(r, 1));
    }
    await until(() => atB.length > 0);
    const sr = atB[0]![0]!;
    expect(sr.type).toBe('sr');
    if (sr.type === 'sr') {
      expect(sr.ssrc).toBe(a.ssrc);
      expect(sr.sender.packetCount).toBe(10);
      expect(sr.sender.octetCount).toBe(1600);
    }
    expect(atB[0]![1]).toMatchObject({
      type: 'sdes',
      chunks: [{ ssrc: a.ssrc, items: [{ type: 1, text: 'alice@a' }] }],
    });
    expect(b.stats().sources.find((s) => s.ssrc === a.ssrc)).toMatchObject({
      cname: 'alice@a',
      reception: { received: 9, cumulativeLost: 0, valid: true },
    });

    // 250 ms of "flight" on A's clock only; then both clocks run until B's report arrives.
    clockA.advance(250);
    const reportAboutA = () =>
      atA.some((c) =>
        c.some((p) => (p.type === 'rr' || p.type === 'sr') && p.reports.some((r) => r.ssrc === a.ssrc)),
      );
    for (let i = 0; i < 100 && !reportAboutA(); i++) {
      clockB.advance(100);
      clockA.advance(100);
      await new Promise((r) => setTimeout(r, 2));
    }
    await until(reportAboutA);
    const fromB = a.stats().sources.find((s) => s.ssrc === b.ssrc)!;
    expect(fromB.cname).toBe('bob@b');
    expect(fromB.reportAboutUs).toMatchObject({ fractionLost: 0, cumulativeLost: 0 });
    expect(fromB.reportAboutUs!.lastSenderReport).not.toBe(0);
    expect(fromB.roundTripSeconds).toBeGreaterThanOrEqual(0.24);
    expect(fromB.roundTripSeconds).toBeLessThanOrEqual(0.36);
  });

  it('says BYE on close and the peer forgets the member', async () => {
    const clock = new VirtualClock();
    const a = await RtpSession.open({ address: '127.0.0.1', port: 0, clock, rtcpMux: true });
    const b = await RtpSession.open({ address: '127.0.0.1', port: 0, clock, rtcpMux: true });
    open.push(b);
    a.setRemote(b.localAddress);
    b.setRemote(a.localAddress);
    let got = 0;
    b.onPacket(() => got++);
    a.send(new Uint8Array(4));
    a.send(new Uint8Array(4));
    await until(() => got === 2);
    const byes: Array<[number, string | undefined]> = [];
    b.onBye((ssrc, reason) => byes.push([ssrc, reason]));
    const ssrc = a.ssrc;
    await a.close('hanging up');
    await until(() => byes.length === 1);
    expect(byes[0]).toEqual([ssrc, 'hanging up']);
    expect(b.stats().sources.some((s) => s.ssrc === ssrc)).toBe(false);
    expect(() => a.send(new Uint8Array(1))).toThrow(expect.objectContaining({ code: 'closed' }));
  });

  it('without rtcp-mux, sends RTCP to where the latched peer sends its RTCP from', async () => {
    const clockA = new VirtualClock();
    const clockB = new VirtualClock();
    const a = await RtpSession.open({ address: '127.0.0.1', port: 0, clock: clockA, random: () => 0.5 });
    const b = await RtpSession.open({ address: '127.0.0.1', port: 0, clock: clockB, random: () => 0.6 });
    open.push(a, b);
    // A was told wrong ports (think NAT); both RTP and RTCP must be learnt from B's traffic.
    a.setRemote({ address: '127.0.0.1', port: 9, rtcpPort: 11 });
    b.setRemote({ ...a.localAddress, rtcpPort: a.localRtcpAddress.port });
    let got = 0;
    a.onPacket(() => got++);
    b.send(new Uint8Array(8));
    b.send(new Uint8Array(8));
    await until(() => got === 2);
    expect(a.remoteAddress).toEqual(b.localAddress);
    const atA: RtcpPacket[][] = [];
    const atB: RtcpPacket[][] = [];
    a.onRtcp((p, from) => {
      expect(from).toEqual(b.localRtcpAddress);
      atA.push([...p]);
    });
    b.onRtcp((p) => atB.push([...p]));
    for (let i = 0; i < 60 && atA.length === 0; i++) {
      clockB.advance(100);
      await new Promise((r) => setTimeout(r, 2));
    }
    await until(() => atA.length > 0);
    for (let i = 0; i < 100 && atB.length === 0; i++) {
      clockA.advance(100);
      await new Promise((r) => setTimeout(r, 2));
    }
    await until(() => atB.length > 0);
    expect(atB[0]![0]).toMatchObject({ type: 'rr', ssrc: a.ssrc });
  });
});
