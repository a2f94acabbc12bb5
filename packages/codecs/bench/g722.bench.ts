// G.722 speed: our encoder and decoder (20 ms frames through the
// AudioEncoder/AudioDecoder interface) against ffmpeg's g722 (Debian ffmpeg)
// on the same 120 s of 16 kHz speech, whole-process runs.
// Run: pnpm exec tsx bench/g722.bench.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { g722 } from '../dist/g722/g722-codec.js';
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

const RATE = 16000;
const FRAME = 320;
const BYTES = FRAME / 2;
const speech = repeatToSeconds(
  readPcm16(new URL('../fixtures/g722/speech_16k.raw', import.meta.url)),
  RATE,
  120,
);
const seconds = speech.length / RATE;
const ffmpeg = hasCommand('ffmpeg');
const rows: BenchRow[] = [];

withTempDir((dir) => {
  const enc = g722.createEncoder();
  const dec = g722.createDecoder();
  const coded = new Uint8Array((speech.length / FRAME) * BYTES);
  const pcm = new Int16Array(FRAME);
  const encRt = xRealTime(seconds, () => {
    enc.reset();
    for (let k = 0, o = 0; k < speech.length; k += FRAME, o += BYTES) {
      enc.encodeInto!(speech.subarray(k, k + FRAME), coded.subarray(o));
    }
  });
  const decRt = xRealTime(seconds, () => {
    dec.reset();
    for (let o = 0; o < coded.length; o += BYTES) dec.decodeInto!(coded.subarray(o, o + BYTES), pcm);
  });
  let refEnc = {};
  let refDec = {};
  if (ffmpeg) {
    const raw = join(dir, 'in.raw');
    const tiny = join(dir, 'tiny.raw');
    writeFileSync(raw, new Uint8Array(speech.buffer));
    writeFileSync(tiny, new Uint8Array(speech.buffer, 0, 3200));
    const q = ['-nostdin', '-loglevel', 'error', '-y', '-threads', '1'];
    const encode = (input: string, out: string): string[] => [
      ...q,
      ...['-f', 's16le', '-ar', '16000', '-ac', '1', '-i', input],
      ...['-c:a', 'g722', '-f', 'g722', out],
    ];
    const decode = (input: string, out: string): string[] => [
      ...q,
      '-f',
      'g722',
      '-i',
      input,
      '-f',
      's16le',
      out,
    ];
    const g = join(dir, 'x.g722');
    const tinyG = join(dir, 'tiny.g722');
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
  const tool = ffmpeg ? { tool: 'ffmpeg g722, whole-process runs' } : {};
  rows.push({ codec: 'G722', op: 'encode', ours: encRt, ...refEnc, ...tool });
  rows.push({ codec: 'G722', op: 'decode', ours: decRt, ...refDec, ...tool });
});
printTable(
  `G.722 64 kbit/s, ${seconds.toFixed(0)} s of speech at 16 kHz, 20 ms frames${ffmpeg ? '' : ' (ffmpeg not installed)'}`,
  rows,
);
