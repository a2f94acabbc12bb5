// Interop with ffmpeg's own Opus decoder (native, independent of libopus) and with
// libopus as ffmpeg links it. Skips without ffmpeg on a developer machine, fails in CI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snr } from '../testkit/snr.js';
import { parseOpusHead, readOggPackets, writeOggOpus } from './ogg-opus.test.util.js';
import { loadOpusCodec } from './opus-codec.js';
import { channel, speech48k, toStereo } from './opus-speech.test.util.js';

const have = spawnSync('sh', ['-c', 'command -v ffmpeg'], { stdio: 'ignore' }).status === 0;
const opus = await loadOpusCodec();
const mono = speech48k();
const dir = mkdtempSync(join(tmpdir(), 'twinkle-opus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ffmpeg(args: readonly string[]): void {
  const res = spawnSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (res.status !== 0) throw new Error(`ffmpeg ${args.join(' ')}: ${res.stderr}`);
}

function readPcm(path: string): Int16Array {
  const b = readFileSync(path);
  return new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** ffmpeg's native Opus decoder (not libopus) on an Ogg Opus file, to 48 kHz mono. */
function ffmpegDecode(ogg: string, decoder = 'opus'): Int16Array {
  const out = join(dir, `${ogg}.${decoder}.raw`);
  ffmpeg(['-c:a', decoder, '-i', join(dir, ogg), '-f', 's16le', '-ac', '1', '-ar', '48000', out]);
  return readPcm(out);
}

/** SNR of `test` against `ref`, with `test` shifted by the best lag in -4..4 samples. */
function alignedSnr(ref: Int16Array, test: Int16Array): { lag: number; snr: number } {
  const end = Math.min(ref.length, test.length) - 8;
  let best = { lag: 0, snr: Number.NEGATIVE_INFINITY };
  for (let lag = -4; lag <= 4; lag++) {
    const v = lag >= 0 ? snr(ref, test, { delay: lag, end }) : snr(test, ref, { delay: -lag, end });
    if (v > best.snr) best = { lag, snr: v };
  }
  return best;
}

describe.skipIf(!have && process.env.CI !== 'true')('Opus interop with ffmpeg', () => {
  // Measured against ffmpeg 5.1 with Debian's libopus 1.3.1: at 24 kbit/s (SILK) our decode
  // equals ffmpeg's libopus decode sample for sample, both ways; at 64 kbit/s (CELT) it is
  // within 1 LSB (110 dB). ffmpeg's own decoder resamples SILK its own way: 21.2 to 21.3 dB
  // after a 2-sample shift at 24 kbit/s, 106 dB at 64 kbit/s.
  it('decodes the packets of ffmpeg (libopus encoder) as ffmpeg does', () => {
    writeFileSync(join(dir, 'speech.raw'), mono);
    ffmpeg([
      ...['-f', 's16le', '-ar', '48000', '-ac', '1', '-i', join(dir, 'speech.raw')],
      ...['-c:a', 'libopus', '-b:a', '24k', '-application', 'voip', '-frame_duration', '20'],
      join(dir, 'theirs.opus'),
    ]);
    const packets = readOggPackets(readFileSync(join(dir, 'theirs.opus')));
    const { preSkip, channels } = parseOpusHead(packets[0]!);
    expect(channels).toBe(1);
    const dec = opus.createDecoder();
    const ours = channel(concat(packets.slice(2).map((p) => dec.decode(p))), 0).subarray(preSkip);
    expect(ours.length).toBeGreaterThanOrEqual(mono.length);
    const lib = ffmpegDecode('theirs.opus', 'libopus');
    expect(lib.length).toBeGreaterThan(mono.length - 960);
    const exact = alignedSnr(lib, ours);
    expect(exact.lag).toBe(0);
    expect(exact.snr).toBeGreaterThan(90);
    const native = alignedSnr(ffmpegDecode('theirs.opus', 'opus'), ours);
    expect(Math.abs(native.lag)).toBeLessThanOrEqual(3);
    expect(native.snr).toBeGreaterThan(18);
  });

  for (const bitrate of [24000, 64000]) {
    it(`gives packets at ${bitrate / 1000} kbit/s that ffmpeg decodes as we do`, () => {
      const enc = opus.createEncoder({ bitrate });
      const stereo = toStereo(mono);
      const packets: Uint8Array[] = [];
      for (let i = 0; i + 1920 <= stereo.length; i += 1920)
        packets.push(enc.encode(stereo.subarray(i, i + 1920)));
      writeFileSync(join(dir, `ours-${bitrate}.opus`), writeOggOpus(packets, 960, 1, enc.lookahead));
      const dec = opus.createDecoder();
      const ours = channel(concat(packets.map((p) => dec.decode(p))), 0).subarray(enc.lookahead);
      const libPcm = ffmpegDecode(`ours-${bitrate}.opus`, 'libopus');
      expect(libPcm.length).toBeGreaterThan(mono.length - 960 - enc.lookahead);
      const exact = alignedSnr(libPcm, ours);
      expect(exact.lag).toBe(0);
      expect(exact.snr).toBeGreaterThan(90);
      const native = alignedSnr(ffmpegDecode(`ours-${bitrate}.opus`, 'opus'), ours);
      expect(Math.abs(native.lag)).toBeLessThanOrEqual(3);
      expect(native.snr).toBeGreaterThan(18);
      // Pre-skip set to the look-ahead: ffmpeg's output lines up with the input.
      expect(Math.abs(alignedSnr(mono, libPcm).lag)).toBeLessThanOrEqual(3);
    });
  }
});

function concat(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
