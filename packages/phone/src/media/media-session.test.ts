import { VirtualClock } from '@twinkle/audio-alsa';
import { createDefaultRegistry, g722, pcmu, registerOpus } from '@twinkle/codecs';
import { VirtualClock as RtpVirtualClock } from '@twinkle/rtp';
import { afterEach, describe, expect, it } from 'vitest';
import { mediaCodec } from './media-codec.js';
import { MediaSession } from './media-session.js';
import { MemorySink, negotiate, type Peer, reoffer, rms, runMedia } from './media-test-support.js';
import type { DtmfReceived, MediaSessionOptions, MediaStarted, MediaStats } from './media-types.js';

const open: MediaSession[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.close()));
});

type Side = Partial<MediaSessionOptions> & { codecs?: Peer['codecs']; telephoneEvent?: false };

async function call(a: Side = {}, b: Side = {}) {
  const clock = new VirtualClock();
  const speakerA = new MemorySink(clock);
  const speakerB = new MemorySink(clock);
  const base = { address: '127.0.0.1', port: 0, clock, microphone: 'null' } as const;
  const A = await MediaSession.open({ ...base, speaker: speakerA, ...a });
  const B = await MediaSession.open({ ...base, speaker: speakerB, ...b });
  open.push(A, B);
  const codecs = [mediaCodec(pcmu)];
  const n = negotiate(
    {
      media: A,
      codecs: a.codecs ?? codecs,
      ...(a.telephoneEvent === false ? { telephoneEvent: false } : {}),
    },
    {
      media: B,
      codecs: b.codecs ?? codecs,
      ...(b.telephoneEvent === false ? { telephoneEvent: false } : {}),
    },
  );
  const started: MediaStarted[] = [];
  const dtmfAtB: DtmfReceived[] = [];
  A.onStarted((e) => started.push(e));
  B.onDtmf((d) => dtmfAtB.push(d));
  await A.start(n.a);
  await B.start(n.b);
  return {
    clock,
    A,
    B,
    speakerA,
    speakerB,
    n,
    started,
    dtmfAtB,
    run: (ms: number) => runMedia(clock, ms, A, B),
  };
}

/** Frames after `from` whose level is below `level`. */
const quietFrames = (frames: readonly Int16Array[], from: number, level: number) =>
  frames.slice(from).filter((f) => rms(f) < level).length;

describe('MediaSession', () => {
  it('says media started with the codec, payload type and both addresses', async () => {
    const c = await call();
    expect(c.started).toEqual([
      {
        codec: 'PCMU',
        payloadType: 0,
        clockRate: 8000,
        ptimeMs: 20,
        local: c.A.localAddress,
        remote: { address: '127.0.0.1', port: c.B.localAddress.port },
      },
    ]);
    expect(c.A.localAddress.address).toBe('127.0.0.1');
  });

  it('sends DTMF as RFC 4733 events; each key arrives once, with no inband duplicate', async () => {
    const c = await call({ dtmfTransport: 'rfc2833', microphone: 'tone:440' });
    expect(c.A.sendDtmf('123#')).toBe('rfc2833');
    await c.run(1500);
    expect(c.A.dtmfBusy).toBe(false);
    expect(c.dtmfAtB.map((d) => d.digit).join('')).toBe('123#');
    expect(c.dtmfAtB.every((d) => d.method === 'rfc2833' && d.durationMs === 100)).toBe(true);
  });

  it('sends DTMF inband when asked; the far end detects the tones in the decoded audio', async () => {
    const c = await call({ dtmfTransport: 'inband' });
    expect(c.A.sendDtmf('9*0')).toBe('inband');
    await c.run(1000);
    expect(c.dtmfAtB.map((d) => `${d.digit}:${d.method}`)).toEqual(['9:inband', '*:inband', '0:inband']);
    for (const d of c.dtmfAtB) expect(d.durationMs).toBeGreaterThan(80);
  });

  it('auto: events when telephone-event was negotiated, tones when the far end has none', async () => {
    const withEvents = await call();
    expect(withEvents.A.sendDtmf('5')).toBe('rfc2833');
    const without = await call({}, { telephoneEvent: false });
    expect(without.n.a.sendTelephoneEvent).toBeUndefined();
    expect(without.A.sendDtmf('7')).toBe('inband');
    await runMedia(without.clock, 600, without.A, without.B);
    expect(without.dtmfAtB.map((d) => `${d.digit}:${d.method}`)).toEqual(['7:inband']);
  });

  it('inband DTMF through a 16 kHz codec (G.722) is detected at 16 kHz', async () => {
    const wide = [mediaCodec(g722)];
    const c = await call({ dtmfTransport: 'inband', codecs: wide }, { codecs: wide });
    c.A.sendDtmf('4#');
    await c.run(800);
    expect(c.dtmfAtB.map((d) => `${d.digit}:${d.method}`)).toEqual(['4:inband', '#:inband']);
  });

  it('RFC 4733 events with Opus run on its 48 kHz clock (telephone-event/48000)', async () => {
    const registry = createDefaultRegistry();
    const opus = await registerOpus(registry);
    expect(opus.registered).toBe(true);
    if (!opus.registered) return;
    const codecs = [mediaCodec(opus.codec)];
    const c = await call(
      { dtmfTransport: 'rfc2833', codecs, deviceSampleRate: 16000 },
      { codecs, deviceSampleRate: 16000 },
    );
    expect(c.n.a.sendTelephoneEvent?.clockRate).toBe(48000);
    expect(c.A.sendDtmf('36')).toBe('rfc2833');
    await c.run(800);
    expect(c.dtmfAtB.map((d) => `${d.digit}:${d.method}:${d.durationMs}`)).toEqual([
      '3:rfc2833:100',
      '6:rfc2833:100',
    ]);
  });

  it('info: nothing on the media path (SIP INFO is the caller’s business)', async () => {
    const c = await call({ dtmfTransport: 'info' });
    expect(c.A.sendDtmf('1')).toBe('info');
    expect(c.A.dtmfBusy).toBe(false);
    await c.run(400);
    expect(c.dtmfAtB).toEqual([]);
  });

  it('rfc2833 without telephone-event in the answer is refused; bad keys throw', async () => {
    const c = await call({ dtmfTransport: 'rfc2833' }, { telephoneEvent: false });
    expect(() => c.A.sendDtmf('1')).toThrow(/telephone-event/);
    const d = await call({ dtmfTransport: 'rfc2833' });
    expect(() => d.A.sendDtmf('1x')).toThrow(RangeError);
  });

  it('hold (sendonly / recvonly) stops the held side sending; retrieve resumes both ways', async () => {
    const c = await call({ microphone: 'tone:440' }, { microphone: 'tone:1000' });
    await c.run(400);
    expect(rms(c.speakerA.frames.at(-1)!)).toBeGreaterThan(1000);
    const sdpA = c.n.sdpA;
    const held = reoffer(sdpA, c.n.sdpB, sdpA.hold());
    expect(held.a.direction).toBe('sendonly');
    expect(held.b.direction).toBe('recvonly');
    c.A.update(held.a);
    c.B.update(held.b);
    await c.run(100);
    const sentByB = c.B.packetsSent;
    const heardByA = c.speakerA.frames.length;
    await c.run(400);
    expect(c.B.packetsSent).toBe(sentByB); // the held side is silent on the wire
    expect(quietFrames(c.speakerA.frames, heardByA, 1)).toBe(c.speakerA.frames.length - heardByA);
    expect(rms(c.speakerB.frames.at(-1)!)).toBeGreaterThan(1000); // music on hold still flows to B
    const back = reoffer(sdpA, c.n.sdpB, sdpA.unhold());
    c.A.update(back.a);
    c.B.update(back.b);
    await c.run(300);
    expect(c.B.packetsSent).toBeGreaterThan(sentByB);
    expect(rms(c.speakerA.frames.at(-1)!)).toBeGreaterThan(1000);
  });

  it('RFC 2543 hold (c=0.0.0.0): the held side has nowhere to send', async () => {
    const c = await call({ microphone: 'tone:440' }, { microphone: 'tone:1000' });
    c.n.sdpA.update({ holdVariant: 'rfc2543' });
    const held = reoffer(c.n.sdpA, c.n.sdpB, c.n.sdpA.hold());
    expect(held.b.remoteAddress).toBe('0.0.0.0');
    c.A.update(held.a);
    c.B.update(held.b);
    const sentByB = c.B.packetsSent;
    await c.run(300);
    expect(c.B.packetsSent).toBe(sentByB);
  });

  it('mute sends encoded silence: packets keep flowing, the far end hears nothing', async () => {
    const c = await call({ microphone: 'tone:440' });
    await c.run(300);
    expect(rms(c.speakerB.frames.at(-1)!)).toBeGreaterThan(1000);
    c.A.setMuted(true);
    expect(c.A.muted).toBe(true);
    const sent = c.A.packetsSent;
    await c.run(200);
    const from = c.speakerB.frames.length;
    await c.run(300);
    expect(c.A.packetsSent - sent).toBe(25);
    expect(quietFrames(c.speakerB.frames, from, 1)).toBe(c.speakerB.frames.length - from);
    c.A.setMuted(false);
    await c.run(200);
    expect(rms(c.speakerB.frames.at(-1)!)).toBeGreaterThan(1000);
  });

  it('changes codec on re-INVITE on the same socket (PCMU -> G.722, resampled for 8 kHz devices)', async () => {
    const both = [mediaCodec(pcmu)];
    const c = await call({ microphone: 'tone:440', codecs: both }, { codecs: both });
    await c.run(300);
    const port = c.A.localAddress.port;
    const wide = [mediaCodec(g722), mediaCodec(pcmu)];
    c.n.sdpA.update({ codecs: wide });
    c.n.sdpB.update({ codecs: wide });
    const next = reoffer(c.n.sdpA, c.n.sdpB);
    c.A.update(next.a);
    c.B.update(next.b);
    expect(c.started.map((s) => s.codec)).toEqual(['PCMU', 'G722']);
    expect(c.started[1]!.payloadType).toBe(9);
    expect(c.A.localAddress.port).toBe(port);
    const from = c.speakerB.frames.length;
    await c.run(500);
    // Audio continues after the switch (a few frames while the new stream starts up).
    expect(quietFrames(c.speakerB.frames, from + 10, 1000)).toBe(0);
  });

  it('follows a remote address change on re-INVITE', async () => {
    const c = await call({ microphone: 'tone:440' });
    await c.run(200);
    const C = await MediaSession.open({ address: '127.0.0.1', port: 0, clock: c.clock, microphone: 'null' });
    open.push(C);
    const moved = { ...c.n.a, remotePort: C.localAddress.port, remoteRtcpPort: C.localAddress.port + 1 };
    await C.start({ ...c.n.b, remotePort: c.A.localAddress.port });
    c.A.update(moved);
    const before = C.packetsReceived;
    for (let i = 0; i < 10; i++) {
      c.clock.advance(20);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(C.packetsReceived - before).toBeGreaterThan(5);
  });

  it('conceals 5% packet loss: the recording stays continuous', async () => {
    let n = 0;
    const c = await call({ microphone: 'tone:440' }, { dropIncoming: () => ++n % 20 === 7 });
    await c.run(2000);
    const stats = c.B.stats();
    expect(stats.concealed).toBeGreaterThanOrEqual(4);
    // after the buffer's start-up, no frame falls silent
    expect(quietFrames(c.speakerB.frames, 10, 300)).toBe(0);
    expect(stats.packetsReceived).toBeGreaterThan(90);
  });

  it('reports RTCP figures: reception, jitter and a round-trip time', async () => {
    const rtpClock = new RtpVirtualClock();
    // rtcp-mux: with port 0 the RTCP socket is not RTP + 1, which latching would assume.
    const c = await call({ microphone: 'tone:440', rtpClock, rtcpMux: true }, { rtpClock, rtcpMux: true });
    const reports: MediaStats[] = [];
    c.A.onStats((s) => reports.push(s));
    // RTCP intervals are random (RFC 3550 6.3.1): run until a report carries an RTT, at most 30 s.
    let ran = 0;
    while (ran < 30_000 && !reports.some((r) => r.rttMs !== undefined)) {
      await runMedia(c.clock, 1000, c.A, c.B, (ms) => rtpClock.advance(ms));
      ran += 1000;
    }
    const last = reports.findLast((r) => r.rttMs !== undefined);
    expect(last).toBeDefined();
    expect(last!.packetsReceived).toBeGreaterThan(50);
    expect(last!.packetsLost).toBe(0);
    expect(last!.rttMs!).toBeLessThan(50);
    expect(last!.remoteFractionLost).toBe(0);
    expect(c.A.stats().packetsSent).toBe(ran / 20);
  });

  it('switches to SRTP with fixed keys; a wrong key hears nothing', async () => {
    const key = (b: number) => ({
      profile: 'AES_CM_128_HMAC_SHA1_80' as const,
      masterKey: new Uint8Array(16).fill(b),
      masterSalt: new Uint8Array(14).fill(b + 1),
    });
    const c = await call({ microphone: 'tone:440' });
    c.A.setSrtp({ send: key(1), receive: key(3) });
    c.B.setSrtp({ send: key(3), receive: key(1) });
    await c.run(400);
    expect(rms(c.speakerB.frames.at(-1)!)).toBeGreaterThan(1000);
    c.B.setSrtp({ send: key(3), receive: key(9) });
    await c.run(300);
    expect(rms(c.speakerB.frames.at(-1)!)).toBe(0);
    expect(c.B.packetsDropped).toBeGreaterThan(10);
  });

  it('refuses a malformed speaker name and a second start', async () => {
    const clock = new VirtualClock();
    const m = await MediaSession.open({ address: '127.0.0.1', port: 0, clock, speaker: 'file:/x.wav' });
    open.push(m);
    const peer = await MediaSession.open({ address: '127.0.0.1', port: 0, clock });
    open.push(peer);
    const n = negotiate(
      { media: m, codecs: [mediaCodec(pcmu)] },
      { media: peer, codecs: [mediaCodec(pcmu)] },
    );
    await expect(m.start(n.a)).rejects.toMatchObject({ code: 'bad-name' });
    await peer.start(n.b);
    await expect(peer.start(n.b)).rejects.toMatchObject({ code: 'already-started' });
  });

  it('reports a microphone that is not there once, and keeps going with silence', async () => {
    const clock = new VirtualClock();
    const m = await MediaSession.open({ address: '127.0.0.1', port: 0, clock, microphone: 'plughw:77,0' });
    open.push(m);
    const notices: string[] = [];
    m.onDeviceNotice((e) => notices.push(`${e.role} ${e.device}`));
    const peer = await MediaSession.open({ address: '127.0.0.1', port: 0, clock });
    open.push(peer);
    const n = negotiate(
      { media: m, codecs: [mediaCodec(pcmu)] },
      { media: peer, codecs: [mediaCodec(pcmu)] },
    );
    await m.start(n.a);
    await peer.start(n.b);
    await runMedia(clock, 200, m, peer);
    expect(notices).toEqual(['microphone plughw:77,0']);
    expect(m.packetsSent).toBe(10);
  });
});
