// G.726 speed: our encoder and decoder (20 ms frames through the AudioEncoder/
// AudioDecoder interface, RFC 3551 packing) against ffmpeg's g726le on the same
// 60 s of speech, whole-process runs. Run: pnpm exec tsx bench/g726.bench.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { g726_16, g726_24, g726_32, g726_40 } from '../dist/g726/g726-codec.js';
import {
  type BenchRow,
  hasCommand,
  printTable,
  readPcm16,
  referenceSpeed,
  repeatToSeconds,
  timeCommand,
  withTempDir,
  xRealTime,
} from './harness.js';

const RATE = 8000;
const FRAME = 160;
const SECONDS = 60;
const speech = repeatToSeconds(
  readPcm16(new URL('../fixtures/g726/speech_8k.raw', import.meta.url)),
  RATE,
  SECONDS,
);
const seconds = speech.length / RATE;
const ffmpeg = hasCommand('ffmpeg');
const rows: BenchRow[] = [];

withTempDir((dir) => {
  const raw = join(dir, 'in.raw');
  const tiny = join(dir, 'tiny.raw');
  writeFileSync(raw, new Uint8Array(speech.buffer));
  writeFileSync(tiny, new Uint8Array(speech.buffer, 0, 1600));
  for (const [rate, factory] of [
    [16, g726_16],
    [24, g726_24],
    [32, g726_32],
    [40, g726_40],
  ] as const) {
    const bytes = (FRAME * rate) / 64;
    const enc = factory.createEncoder({ frameSamples: FRAME });
    const dec = factory.createDecoder();
    const coded = new Uint8Array((speech.length / FRAME) * bytes);
    const pcm = new Int16Array(FRAME);
    const encRt = xRealTime(seconds, () => {
      enc.reset();
      for (let k = 0, o = 0; k < speech.length; k += FRAME, o += bytes) {
        enc.encodeInto!(speech.subarray(k, k + FRAME), coded.subarray(o));
      }
    });
    const decRt = xRealTime(seconds, () => {
      dec.reset();
      for (let o = 0; o < coded.length; o += bytes) dec.decodeInto!(coded.subarray(o, o + bytes), pcm);
    });
    let refEnc = {};
    let refDec = {};
    if (ffmpeg) {
      const q = ['-nostdin', '-loglevel', 'error', '-y'];
      const encode = (input: string, out: string): string[] => [
        ...q,
        ...['-f', 's16le', '-ar', '8000', '-ac', '1', '-i', input],
        ...['-c:a', 'g726le', '-b:a', `${rate}k`, '-f', 'g726le', out],
      ];
      const decode = (input: string, out: string): string[] => [
        ...q,
        ...['-f', 'g726le', '-code_size', `${rate / 8}`, '-ar', '8000', '-ac', '1', '-i', input],
        ...['-f', 's16le', out],
      ];
      const g = join(dir, 'x.g726');
      const tinyG = join(dir, 'tiny.g726');
      refEnc = referenceSpeed(
        seconds,
        timeCommand('ffmpeg', encode(raw, g)),
        timeCommand('ffmpeg', encode(tiny, tinyG)),
      );
      refDec = referenceSpeed(
        seconds,
        timeCommand('ffmpeg', decode(g, join(dir, 'back.raw'))),
        timeCommand('ffmpeg', decode(tinyG, join(dir, 'tiny-back.raw'))),
      );
    }
    const tool = ffmpeg ? { tool: 'ffmpeg g726le, whole-process runs' } : {};
    rows.push({ codec: factory.name, op: 'encode', ours: encRt, ...refEnc, ...tool });
    rows.push({ codec: factory.name, op: 'decode', ours: decRt, ...refDec, ...tool });
  }
});
printTable(
  `G.726, ${seconds.toFixed(0)} s of speech at 8 kHz, 20 ms frames${ffmpeg ? '' : ' (ffmpeg not installed)'}`,
  rows,
);
