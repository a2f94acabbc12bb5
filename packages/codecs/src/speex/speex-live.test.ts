// Live interop with libspeex's own tools (Debian package `speex`): speexenc's
// streams through our decoder, our streams through speexdec. Skipped on a
// developer machine without the tools; in CI (CI=true) they must be there.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findDelay, segmentalSnr, snr } from '../testkit/snr.js';
import type { SpeexBand } from './speex-band.js';
import { SpeexDecoder } from './speex-decoder.js';
import { SpeexEncoder } from './speex-encoder.js';
import { readSpeexOgg, writeSpeexOgg } from './speex-ogg.js';
import { concatPcm, pcmFixture } from './spxp.test.util.js';

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

const have = hasCommand('speexenc') && hasCommand('speexdec');
const dir = mkdtempSync(join(tmpdir(), 'twinkle-speex-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20000 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
}

function readRaw(path: string): Int16Array {
  const b = readFileSync(path);
  return new Int16Array(b.buffer, b.byteOffset, b.byteLength >> 1);
}

const bands: [SpeexBand, number, string, string][] = [
  ['nb', 8000, 'speech_8k_1s.raw', '-n'],
  ['wb', 16000, 'speech_16k_1s.raw', '-w'],
  ['uwb', 32000, 'speech_32k_1s.raw', '-u'],
];

describe.skipIf(!have && process.env.CI !== 'true')('Speex live interop with speexenc/speexdec', () => {
  for (const [band, rate, file, flag] of bands) {
    it(`${band}: our decoder on speexenc's stream matches speexdec`, () => {
      const input = join(dir, `${band}.raw`);
      writeFileSync(input, pcmFixture(file));
      const spx = join(dir, `${band}.spx`);
      const out = join(dir, `${band}.out.raw`);
      run('speexenc', [flag, '--quality', '6', '--rate', String(rate), '--le', '--16bit', input, spx]);
      run('speexdec', [spx, out]);
      const ogg = readSpeexOgg(new Uint8Array(readFileSync(spx)));
      if (!ogg.ok) throw new Error(ogg.error);
      const dec = new SpeexDecoder({ band });
      const ours = concatPcm(ogg.file.packets.map((p) => dec.decode(p)));
      const ref = readRaw(out);
      // speexdec drops the encoder's look-ahead at the start.
      const delay = findDelay(ref, ours, 2 * dec.frameSamples);
      expect(snr(ref, ours, { delay })).toBeGreaterThan(60);
    });

    it(`${band}: speexdec decodes our stream as our decoder does`, () => {
      const pcm = pcmFixture(file);
      const enc = new SpeexEncoder({ band, quality: 6, vbr: true });
      const packets: Uint8Array[] = [];
      for (let i = 0; i + enc.frameSamples <= pcm.length; i += enc.frameSamples) {
        packets.push(enc.encode(pcm.slice(i, i + enc.frameSamples)));
      }
      const spx = join(dir, `${band}.ours.spx`);
      const out = join(dir, `${band}.ours.raw`);
      const mode = band === 'nb' ? 0 : band === 'wb' ? 1 : 2;
      writeFileSync(spx, writeSpeexOgg(packets, { rate, mode, vbr: true, packetSamples: enc.frameSamples }));
      run('speexdec', [spx, out]);
      const ref = readRaw(out);
      const dec = new SpeexDecoder({ band });
      const ours = concatPcm(packets.map((p) => dec.decode(p)));
      expect(ref.length).toBe(ours.length);
      expect(snr(ref, ours)).toBeGreaterThan(60);
      // and as good as speexenc's own VBR stream at the same quality, both through speexdec
      const input = join(dir, `${band}.in.raw`);
      const theirsSpx = join(dir, `${band}.theirs.spx`);
      const theirsOut = join(dir, `${band}.theirs.raw`);
      writeFileSync(input, pcm);
      run('speexenc', [
        flag,
        '--quality',
        '6',
        '--vbr',
        '--comp',
        '3',
        '--rate',
        String(rate),
        '--le',
        '--16bit',
        input,
        theirsSpx,
      ]);
      run('speexdec', [theirsSpx, theirsOut]);
      const theirs = readRaw(theirsOut);
      const dOurs = findDelay(pcm, ref, 3 * enc.frameSamples);
      const dTheirs = findDelay(pcm, theirs, 3 * enc.frameSamples);
      const ourSeg = segmentalSnr(pcm, ref, { delay: dOurs });
      const theirSeg = segmentalSnr(pcm, theirs, { delay: dTheirs });
      expect(ourSeg).toBeGreaterThan(theirSeg - 0.5);
    });
  }
});
