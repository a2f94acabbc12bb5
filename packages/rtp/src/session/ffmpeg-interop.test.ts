// Interop with an independent SRTP implementation: ffmpeg's (libavformat/srtp.c).
// Needs the `ffmpeg` Debian package; skipped without it on a developer machine, but
// fails when CI=true (the package is listed in .ci/apt-packages.txt).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RtpPacket } from '../packet/rtp-packet.js';
import type { RtcpPacket } from '../rtcp/rtcp-types.js';
import { RtpSession } from './rtp-session.js';

const haveFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
const runIt = it.skipIf(!haveFfmpeg && process.env.CI !== 'true');

const MASTER = Uint8Array.from({ length: 30 }, (_, i) => i + 1);
const INLINE = Buffer.from(MASTER).toString('base64');
const keyMaterial = {
  profile: 'AES_CM_128_HMAC_SHA1_80' as const,
  masterKey: MASTER.subarray(0, 16),
  masterSalt: MASTER.subarray(16),
};
const otherKey = { ...keyMaterial, masterKey: new Uint8Array(16).fill(9) };

function ulawDecode(u: number): number {
  const v = ~u & 0xff;
  const t = (((v & 0x0f) << 3) + 0x84) << ((v >> 4) & 7);
  return v & 0x80 ? 0x84 - t : t - 0x84;
}

function ulawEncode(s: number): number {
  const sign = s < 0 ? 0x80 : 0;
  let m = Math.min(Math.abs(s), 32635) + 0x84;
  let exp = 7;
  for (let mask = 0x4000; (m & mask) === 0 && exp > 0; mask >>= 1) exp--;
  m = (m >> (exp + 3)) & 0x0f;
  return ~(sign | (exp << 4) | m) & 0xff;
}

/** Zero crossings per second and RMS of 8 kHz samples. */
function toneFigures(pcm: ArrayLike<number>): { crossingsPerSecond: number; rms: number } {
  let crossings = 0;
  let energy = 0;
  for (let i = 0; i < pcm.length; i++) {
    energy += pcm[i]! * pcm[i]!;
    if (i > 0 && pcm[i - 1]! < 0 !== pcm[i]! < 0) crossings++;
  }
  return { crossingsPerSecond: (crossings * 8000) / pcm.length, rms: Math.sqrt(energy / pcm.length) };
}

const children: ChildProcess[] = [];
const sessions: RtpSession[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

/** Whether something (ffmpeg) has bound UDP `port` on 127.0.0.1. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createSocket('udp4');
    probe.once('error', () => {
      probe.close();
      resolve(true);
    });
    probe.bind(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

function exited(child: ChildProcess, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('ffmpeg did not finish in time'));
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('SRTP interop with ffmpeg', () => {
  runIt('receives and authenticates ffmpeg SRTP and SRTCP (AES_CM_128_HMAC_SHA1_80)', async () => {
    const s = await RtpSession.open({
      address: '127.0.0.1',
      port: { min: 25300, max: 25499 },
      srtp: { send: otherKey, receive: keyMaterial },
    });
    sessions.push(s);
    const packets: RtpPacket[] = [];
    const reports: RtcpPacket[] = [];
    const drops: string[] = [];
    s.onPacket((p) => packets.push(p));
    s.onRtcp((r) => reports.push(...r));
    s.onDrop((r) => drops.push(r));
    const ff = spawn(
      'ffmpeg',
      [
        ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'],
        ...['-ar', '8000', '-ac', '1', '-c:a', 'pcm_mulaw', '-f', 'rtp'],
        ...['-srtp_out_suite', 'AES_CM_128_HMAC_SHA1_80', '-srtp_out_params', INLINE],
        `srtp://127.0.0.1:${s.localAddress.port}?pkt_size=172`,
      ],
      { stdio: 'ignore' },
    );
    children.push(ff);
    expect(await exited(ff, 15_000)).toBe(0);
    const end = Date.now() + 2000;
    while (packets.length < 45 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(drops).toEqual([]);
    expect(packets.length).toBeGreaterThanOrEqual(45);
    const pcm = packets.flatMap((p) => Array.from(p.payload, ulawDecode));
    const tone = toneFigures(pcm);
    expect(tone.crossingsPerSecond).toBeGreaterThan(840);
    expect(tone.crossingsPerSecond).toBeLessThan(920);
    expect(tone.rms).toBeGreaterThan(1000);
    // ffmpeg's SRTCP sender report decrypted and authenticated too.
    expect(reports.some((r) => r.type === 'sr' && r.ssrc === packets[0]!.ssrc)).toBe(true);
  });

  runIt('sends SRTP that ffmpeg decrypts, across a sequence-number wrap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinkle-rtp-'));
    try {
      // Find a free even port pair for ffmpeg by binding a session there, then closing it.
      const probe = await RtpSession.open({
        address: '127.0.0.1',
        port: { min: 25500, max: 25699 },
        rtcp: false,
      });
      const port = probe.localAddress.port;
      await probe.close();
      const sdp = join(dir, 'in.sdp');
      const out = join(dir, 'out.raw');
      writeFileSync(
        sdp,
        [
          'v=0',
          'o=- 0 0 IN IP4 127.0.0.1',
          's=twinkle',
          'c=IN IP4 127.0.0.1',
          't=0 0',
          `m=audio ${port} RTP/AVP 0`,
          'a=rtpmap:0 PCMU/8000',
          `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${INLINE}`,
          '',
        ].join('\r\n'),
      );
      const ff = spawn(
        'ffmpeg',
        [
          ...['-hide_banner', '-loglevel', 'error', '-protocol_whitelist', 'file,udp,rtp,srtp', '-i', sdp],
          ...['-t', '1', '-f', 's16le', '-ar', '8000', '-ac', '1', '-y', out],
        ],
        { stdio: 'ignore' },
      );
      children.push(ff);
      const done = exited(ff, 15_000);
      // Start sending only once ffmpeg listens, so that it sees the packets before the wrap.
      const listenBy = Date.now() + 10_000;
      while (!(await portTaken(port))) {
        if (Date.now() > listenBy) throw new Error('ffmpeg never bound its port');
        await new Promise((r) => setTimeout(r, 20));
      }
      // A first sequence number just below the wrap: the ROC must go to 1 on both sides.
      let draws = 0;
      const random = () => [0.5, 65500 / 2 ** 32, 0.25, 0.125][draws++] ?? 0.3;
      const s = await RtpSession.open({
        address: '127.0.0.1',
        port: 0,
        random,
        srtp: { send: keyMaterial, receive: otherKey },
        remote: { address: '127.0.0.1', port, rtcpPort: port + 1 },
      });
      sessions.push(s);
      let n = 0;
      let finished = false;
      void done.then(() => {
        finished = true;
      });
      while (!finished && n < 600) {
        const frame = new Uint8Array(160);
        for (let i = 0; i < 160; i++)
          frame[i] = ulawEncode(Math.round(8000 * Math.sin((2 * Math.PI * 440 * (n * 160 + i)) / 8000)));
        s.send(frame);
        n++;
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(await done).toBe(0);
      const raw = readFileSync(out);
      const pcm = new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2);
      expect(pcm.length).toBeGreaterThanOrEqual(7000);
      const tone = toneFigures(pcm);
      expect(tone.crossingsPerSecond).toBeGreaterThan(840);
      expect(tone.crossingsPerSecond).toBeLessThan(920);
      expect(tone.rms).toBeGreaterThan(3000);
      expect(s.stats().packetsSent).toBeGreaterThan(50); // well past the wrap at 65536
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
