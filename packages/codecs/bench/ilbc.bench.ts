// iLBC speed: our encoder and decoder (whole frames through encodeInto/decodeInto) in
// both modes on 30 s of speech, against ffmpeg's native iLBC decoder on the same
// stream (whole-process runs; ffmpeg has no iLBC encoder, so encode has no reference, and
// no enhancer, so only our enhancer-less decode is compared with it).
// Run: pnpm exec tsx bench/ilbc.bench.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IlbcDecoder } from '../dist/ilbc/ilbc-decoder.js';
import { IlbcEncoder } from '../dist/ilbc/ilbc-encoder.js';
import {
  type BenchRow,
  hasCommand,
  printTable,
  referenceRun,
  speechFixture,
  withTempDir,
  xRealTime,
} from './harness.js';

const RATE = 8000;
const speech = speechFixture('ilbc/speech_8k.raw', RATE, 30);
const ffmpeg = hasCommand('ffmpeg');
const rows: BenchRow[] = [];

withTempDir((dir) => {
  for (const mode of [20, 30] as const) {
    const n = mode * 8;
    const bytes = mode === 20 ? 38 : 50;
    const frames = Math.floor(speech.length / n);
    const seconds = (frames * n) / RATE;
    const enc = new IlbcEncoder(mode);
    const dec = new IlbcDecoder(mode);
    const plain = new IlbcDecoder(mode, { enhancer: false });
    const coded = new Uint8Array(frames * bytes);
    const pcm = new Int16Array(n);
    const encRt = xRealTime(
      seconds,
      () => {
        enc.reset();
        for (let k = 0; k < frames; k++)
          enc.encodeInto(speech.subarray(k * n, (k + 1) * n), coded.subarray(k * bytes));
      },
      600,
      2,
    );
    const decRt = xRealTime(seconds, () => {
      dec.reset();
      for (let k = 0; k < frames; k++) dec.decodeInto(coded.subarray(k * bytes, (k + 1) * bytes), pcm);
    });
    const plainRt = xRealTime(seconds, () => {
      plain.reset();
      for (let k = 0; k < frames; k++) plain.decodeInto(coded.subarray(k * bytes, (k + 1) * bytes), pcm);
    });
    let refDec = {};
    if (ffmpeg) {
      const header = new TextEncoder().encode(`#!iLBC${mode}\n`);
      const input = { full: join(dir, `in${mode}.lbc`), tiny: join(dir, `tiny${mode}.lbc`) };
      writeFileSync(input.full, Buffer.concat([header, coded]));
      writeFileSync(
        input.tiny,
        Buffer.concat([header, coded.subarray(0, Math.round((0.1 * RATE) / n) * bytes)]),
      );
      refDec = referenceRun(seconds, input, 'ffmpeg', (f) => [
        '-hide_banner',
        '-loglevel',
        'error',
        '-f',
        'ilbc',
        '-i',
        f,
        '-f',
        's16le',
        '-y',
        '/dev/null',
      ]);
    }
    const tool = ffmpeg
      ? { tool: 'ffmpeg native ilbc decoder, whole-process runs (no iLBC encoder exists in Debian)' }
      : {};
    rows.push({ codec: `iLBC ${mode} ms`, op: 'encode', ours: encRt, ...tool });
    rows.push({ codec: `iLBC ${mode} ms`, op: 'decode, enhancer', ours: decRt });
    // ffmpeg has no enhancer: this row compares like with like.
    rows.push({ codec: `iLBC ${mode} ms`, op: 'decode, no enhancer', ours: plainRt, ...refDec, ...tool });
  }
});
printTable(
  `iLBC, ${(speech.length / RATE).toFixed(0)} s of speech at 8 kHz${ffmpeg ? '' : ' (ffmpeg not installed)'}`,
  rows,
);
