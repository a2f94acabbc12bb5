import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRtp } from '../packet/rtp-encode.js';
import { decodeRtp, type RtpPacket } from '../packet/rtp-packet.js';
import { parseRtcp } from '../rtcp/rtcp-parse.js';
import { RtpSession } from './rtp-session.js';
import type { TransportAddress } from './transport-address.js';

const open: RtpSession[] = [];
async function session(opts: Parameters<typeof RtpSession.open>[0] = {}): Promise<RtpSession> {
  const s = await RtpSession.open({ address: '127.0.0.1', port: 0, rtcp: false, ...opts });
  open.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** Waits (bounded) until `cond` holds. */
async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
}

function collect(s: RtpSession): Array<{ p: RtpPacket; from: TransportAddress }> {
  const got: Array<{ p: RtpPacket; from: TransportAddress }> = [];
  s.onPacket((p, from) => got.push({ p, from }));
  return got;
}

describe('RtpSession on loopback', () => {
  it('two sessions exchange packets symmetrically with managed sequence numbers and timestamps', async () => {
    const a = await session();
    const b = await session();
    a.setRemote(b.localAddress);
    b.setRemote(a.localAddress);
    const atB = collect(b);
    const atA = collect(a);
    for (let i = 0; i < 3; i++) a.send(new Uint8Array(160).fill(i));
    await until(() => atB.length === 3);
    expect(atB.map((x) => [...x.p.payload.subarray(0, 1)])).toEqual([[0], [1], [2]]);
    const [p0, p1, p2] = atB.map((x) => x.p);
    expect(p1!.sequenceNumber).toBe((p0!.sequenceNumber + 1) & 0xffff);
    expect((p2!.timestamp - p0!.timestamp) >>> 0).toBe(320);
    expect(p0!.ssrc).toBe(a.ssrc);
    // Symmetric RTP: packets come from the socket A receives on.
    expect(atB[0]!.from).toEqual(a.localAddress);
    b.send(new Uint8Array([9]), { payloadType: 8, marker: true });
    await until(() => atA.length === 1);
    expect(atA[0]!.p).toMatchObject({ payloadType: 8, marker: true, ssrc: b.ssrc });
  });

  it('picks an even RTP port and RTCP on the next port from a range; rtcp-mux uses one port', async () => {
    const s = await session({ port: { min: 23000, max: 23999 } });
    expect(s.localAddress.port % 2).toBe(0);
    expect(s.localAddress.port).toBeGreaterThanOrEqual(23000);
    expect(s.localRtcpAddress.port).toBe(s.localAddress.port + 1);
    const m = await session({ port: { min: 23000, max: 23999 }, rtcpMux: true });
    expect(m.localRtcpAddress).toEqual(m.localAddress);
    expect(m.localAddress.port % 2).toBe(0);
  });

  it('fails with no-port when the range is exhausted, and close releases the ports', async () => {
    const s = await session({ port: { min: 24762, max: 24763 } });
    await expect(
      RtpSession.open({ address: '127.0.0.1', port: { min: 24762, max: 24763 }, rtcp: false }),
    ).rejects.toMatchObject({
      code: 'no-port',
    });
    await s.close();
    const again = await session({ port: { min: 24762, max: 24763 } });
    expect(again.localAddress.port).toBe(24762);
  });

  it('latches to where the peer really sends from, and a third party cannot steal the stream', async () => {
    const decoy = createSocket('udp4');
    await new Promise<void>((r) => decoy.bind(0, '127.0.0.1', () => r()));
    try {
      const a = await session();
      const b = await session();
      // A was told (by "signalling") to send to the decoy; B is the real peer.
      a.setRemote({ address: '127.0.0.1', port: decoy.address().port });
      b.setRemote(a.localAddress);
      const latched: TransportAddress[] = [];
      a.onLatch((src) => latched.push(src.from));
      const atA = collect(a);
      b.send(new Uint8Array([1]));
      b.send(new Uint8Array([2]));
      await until(() => atA.length === 2);
      expect(latched).toEqual([b.localAddress]);
      expect(a.remoteAddress).toEqual(b.localAddress);
      const atB = collect(b);
      a.send(new Uint8Array([3]));
      await until(() => atB.length === 1);

      // An attacker with a fresh SSRC sends a well-formed in-sequence stream.
      const drops: string[] = [];
      a.onDrop((reason) => drops.push(reason));
      const attacker = createSocket('udp4');
      await new Promise<void>((r) => attacker.bind(0, '127.0.0.1', () => r()));
      for (let i = 0; i < 5; i++) {
        const pkt = encodeRtp({
          payloadType: 0,
          sequenceNumber: 100 + i,
          timestamp: i * 160,
          ssrc: 0xbad,
          payload: new Uint8Array(4),
        });
        attacker.send(pkt, a.localAddress.port, '127.0.0.1');
      }
      await until(() => drops.length === 5);
      attacker.close();
      expect(drops.every((d) => d === 'latch')).toBe(true);
      expect(a.remoteAddress).toEqual(b.localAddress);
      expect(atA.length).toBe(2);
      // An explicit relatch goes back to the signalled address.
      a.relatch();
      expect(a.remoteAddress).toEqual({ address: '127.0.0.1', port: decoy.address().port });
    } finally {
      decoy.close();
    }
  });

  it('drops malformed datagrams without throwing', async () => {
    const a = await session();
    const drops: string[] = [];
    a.onDrop((r) => drops.push(r));
    const sock = createSocket('udp4');
    sock.send(Buffer.from([0x40, 0, 0, 1]), a.localAddress.port, '127.0.0.1');
    sock.send(
      Buffer.from('80000001000000000000000100', 'hex').subarray(0, 11),
      a.localAddress.port,
      '127.0.0.1',
    );
    await until(() => drops.length === 2);
    sock.close();
    expect(drops).toEqual(['malformed', 'malformed']);
  });

  it('handles an SSRC collision (RFC 3550 8.2): BYE for the old SSRC, a new one, repeats ignored', async () => {
    const a = await session({ rtcp: true, rtcpMux: true, latch: { enabled: false } });
    const peer = createSocket('udp4');
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', () => r()));
    try {
      a.setRemote({ address: '127.0.0.1', port: peer.address().port });
      const atPeer: Buffer[] = [];
      peer.on('message', (m) => atPeer.push(m));
      const changes: Array<[number, number]> = [];
      a.onSsrcChange((p, n) => changes.push([p, n]));
      const drops: string[] = [];
      a.onDrop((r) => drops.push(r));
      const old = a.ssrc;
      const rtpWith = (ssrc: number, seq: number) =>
        encodeRtp({ payloadType: 0, sequenceNumber: seq, timestamp: 0, ssrc, payload: new Uint8Array(4) });
      peer.send(rtpWith(old, 1), a.localAddress.port, '127.0.0.1');
      await until(() => changes.length === 1 && atPeer.length === 1);
      expect(changes[0]![0]).toBe(old);
      expect(a.ssrc).toBe(changes[0]![1]);
      expect(a.ssrc).not.toBe(old);
      // The peer got our BYE for the SSRC we gave up.
      const bye = parseRtcp(atPeer[0]!);
      expect(bye.ok && bye.value.at(-1)).toMatchObject({ type: 'bye', ssrcs: [old] });
      // A repeat collision from the same address (now with our new SSRC) is ignored.
      peer.send(rtpWith(a.ssrc, 2), a.localAddress.port, '127.0.0.1');
      await until(() => drops.length === 1);
      expect(drops).toEqual(['collision']);
      expect(changes).toHaveLength(1);
    } finally {
      peer.close();
    }
  });

  it('once latched, a third party cannot force an SSRC change', async () => {
    const a = await session();
    const b = await session();
    a.setRemote(b.localAddress);
    b.setRemote(a.localAddress);
    const got = collect(a);
    b.send(new Uint8Array(1));
    b.send(new Uint8Array(1));
    await until(() => got.length === 2);
    expect(a.latchedSource).toBeDefined();
    const drops: string[] = [];
    a.onDrop((r) => drops.push(r));
    const before = a.ssrc;
    const attacker = createSocket('udp4');
    await new Promise<void>((r) => attacker.bind(0, '127.0.0.1', () => r()));
    attacker.send(
      encodeRtp({
        payloadType: 0,
        sequenceNumber: 1,
        timestamp: 0,
        ssrc: before,
        payload: new Uint8Array(4),
      }),
      a.localAddress.port,
      '127.0.0.1',
    );
    await until(() => drops.length === 1);
    attacker.close();
    expect(drops).toEqual(['latch']);
    expect(a.ssrc).toBe(before);
  });
});

describe('RtpSession API edges', () => {
  it('rejects a fixed port that is taken with bind-failed, and send without a remote with no-remote', async () => {
    const a = await session({ port: 0 });
    await expect(
      RtpSession.open({ address: '127.0.0.1', port: a.localAddress.port, rtcpMux: true, rtcp: false }),
    ).rejects.toMatchObject({ name: 'RtpSessionError', code: 'bind-failed' });
    expect(() => a.send(new Uint8Array(1))).toThrow(expect.objectContaining({ code: 'no-remote' }));
  });

  it('reports a throwing listener to onError and still calls the other listeners', async () => {
    const a = await session();
    const b = await session();
    a.setRemote(b.localAddress);
    const errors: string[] = [];
    b.onError((e) => errors.push(e.message));
    b.onPacket(() => {
      throw new Error('listener bug');
    });
    const got = collect(b);
    a.send(new Uint8Array(3));
    await until(() => got.length === 1 && errors.length === 1);
    expect(errors).toEqual(['listener bug']);
  });

  it('drops its own packets looped back to it (RFC 3550 8.2) without changing SSRC', async () => {
    const a = await session({ rtcpMux: true });
    a.setRemote(a.localAddress);
    const drops: string[] = [];
    a.onDrop((r) => drops.push(r));
    const ssrc = a.ssrc;
    a.send(new Uint8Array(1));
    await until(() => drops.length === 1);
    expect(drops).toEqual(['loop']);
    expect(a.ssrc).toBe(ssrc);
  });

  it('unsubscribes listeners', async () => {
    const a = await session();
    const b = await session();
    a.setRemote(b.localAddress);
    let first = 0;
    const off = b.onPacket(() => first++);
    const got = collect(b);
    a.send(new Uint8Array(1));
    await until(() => got.length === 1);
    off();
    a.send(new Uint8Array(1));
    await until(() => got.length === 2);
    expect(first).toBe(1);
  });
});

describe('RtpSession over IPv6', () => {
  it('exchanges packets on ::1 (skipped only if ::1 cannot be bound)', async (ctx) => {
    const probe = createSocket('udp6');
    const can = await new Promise<boolean>((r) => {
      probe.once('error', () => r(false));
      probe.bind(0, '::1', () => r(true));
    });
    probe.close();
    if (!can) ctx.skip();
    const a = await session({ address: '::1' });
    const b = await session({ address: '::1' });
    a.setRemote(b.localAddress);
    const atB = collect(b);
    a.send(new Uint8Array([1, 2, 3]));
    await until(() => atB.length === 1);
    expect(atB[0]!.from.address).toBe('::1');
    expect(
      decodeRtp(
        encodeRtp({ payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 0, payload: atB[0]!.p.payload }),
      ).ok,
    ).toBe(true);
  });
});
