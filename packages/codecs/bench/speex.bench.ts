// Speex speed: our encoder and decoder (20 ms frames through encodeInto/decodeInto)
// against libspeex 1.2.1's speexenc/speexdec (Debian `speex`) on the same 60 s of
// speech per band, quality 8, complexity 3 (speexenc's default), enhancer on.
// speexdec decodes speexenc's Ogg file and we decode the packets of that same file.
// Run: pnpm exec tsx bench/speex.bench.ts (after tsc -b)
import { readFileSync } from 'node:fs';
import type { SpeexBand } from '../dist/speex/speex-band.js';
import { SpeexDecoder } from '../dist/speex/speex-decoder.js';
import { SpeexEncoder } from '../dist/speex/speex-encoder.js';
import { readSpeexOgg } from '../dist/speex/speex-ogg.js';
import {
  type BenchRow,
  type CodecReference,
  encodeDecodeRows,
  hasCommand,
  printTable,
  referenceCodecSpeeds,
  speechFixture,
  withTempDir,
  writeReferenceInput,
  xRealTime,
} from './harness.js';

const SECONDS = 60;
const bands: [SpeexBand, number, string, string][] = [
  ['nb', 8000, 'speech_8k_1s.raw', '-n'],
  ['wb', 16000, 'speech_16k_1s.raw', '-w'],
  ['uwb', 32000, 'speech_32k_1s.raw', '-u'],
];
const tools = hasCommand('speexenc') && hasCommand('speexdec');
const rows: BenchRow[] = [];

for (const [band, rate, file, flag] of bands) {
  const speech = speechFixture(`speex/${file}`, rate, SECONDS);
  const seconds = speech.length / rate;
  withTempDir((dir) => {
    const enc = new SpeexEncoder({ band, quality: 8, complexity: 3 });
    const fs = enc.frameSamples;
    const frames = speech.length / fs;
    const coded = new Uint8Array(frames * enc.maxPacketBytes());
    const lengths = new Int32Array(frames);
    const encRt = xRealTime(seconds, () => {
      enc.reset();
      for (let f = 0, o = 0; f < frames; f++) {
        const n = enc.encodeInto(speech.subarray(f * fs, (f + 1) * fs), coded.subarray(o));
        lengths[f] = n;
        o += n;
      }
    });
    const input = writeReferenceInput(dir, speech, rate);
    let reference: CodecReference | undefined;
    const dec = new SpeexDecoder({ band });
    const pcm = new Int16Array(fs);
    let decRt: number;
    const args = [flag, '--quality', '8', '--comp', '3', '--rate', String(rate), '--le', '--16bit'];
    if (tools) {
      const { coded: spx, ...speeds } = referenceCodecSpeeds(seconds, dir, input, {
        encoder: 'speexenc',
        decoder: 'speexdec',
        ext: 'spx',
        encodeArgs: (i, o) => [...args, i, o],
        decodeArgs: (i, o) => [i, o],
      });
      reference = { ...speeds, tool: 'speexenc / speexdec 1.2.1 (libspeex float), whole-process runs' };
      const ogg = readSpeexOgg(new Uint8Array(readFileSync(spx)));
      if (!ogg.ok) throw new Error(ogg.error);
      const packets = ogg.file.packets;
      decRt = xRealTime(seconds, () => {
        dec.reset();
        for (const p of packets) dec.decodeInto(p, pcm);
      });
    } else {
      decRt = xRealTime(seconds, () => {
        dec.reset();
        for (let f = 0, o = 0; f < frames; f++) {
          dec.decodeInto(coded.subarray(o, o + lengths[f]!), pcm);
          o += lengths[f]!;
        }
      });
    }
    rows.push(...encodeDecodeRows(`speex ${band}`, { encode: encRt, decode: decRt }, reference));
  });
}
printTable(
  `Speex quality 8, complexity 3, ${SECONDS} s of speech per band, 20 ms frames${tools ? '' : ' (speex tools not installed)'}`,
  rows,
);
