// GSM 06.10 speed: our encoder and decoder (20 ms frames through the
// AudioEncoder/AudioDecoder interface) against libgsm's toast/untoast (Debian
// libgsm-tools) on the same 120 s of speech, whole-process runs.
// Run: pnpm exec tsx bench/gsm.bench.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gsm } from '../dist/gsm/gsm-codec.js';
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
const BYTES = 33;
const speech = repeatToSeconds(
  readPcm16(new URL('../fixtures/gsm/speech_8k.raw', import.meta.url)),
  RATE,
  120,
);
const seconds = speech.length / RATE;
const toast = hasCommand('toast') && hasCommand('untoast');
const rows: BenchRow[] = [];

withTempDir((dir) => {
  const enc = gsm.createEncoder();
  const dec = gsm.createDecoder();
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
  if (toast) {
    // toast/untoast -c write to stdout, which timeCommand discards; -l: 16-bit linear input/output.
    const raw = join(dir, 'in.raw');
    const tiny = join(dir, 'tiny.raw');
    writeFileSync(raw, new Uint8Array(speech.buffer));
    writeFileSync(tiny, new Uint8Array(speech.buffer, 0, 1600));
    // `coded` holds our encoding of the input, which is bit-exact with toast's.
    const gsmFile = join(dir, 'in.gsm');
    const tinyGsm = join(dir, 'tiny.gsm');
    writeFileSync(gsmFile, coded);
    writeFileSync(tinyGsm, coded.subarray(0, 5 * BYTES));
    refEnc = referenceSpeed(
      seconds,
      timeCommand('toast', ['-l', '-c', raw]),
      timeCommand('toast', ['-l', '-c', tiny]),
    );
    refDec = referenceSpeed(
      seconds,
      timeCommand('untoast', ['-l', '-c', gsmFile]),
      timeCommand('untoast', ['-l', '-c', tinyGsm]),
    );
  }
  const tool = toast ? { tool: 'libgsm 1.0.22 toast -l / untoast -l, whole-process runs' } : {};
  rows.push({ codec: 'GSM', op: 'encode', ours: encRt, ...refEnc, ...tool });
  rows.push({ codec: 'GSM', op: 'decode', ours: decRt, ...refDec, ...tool });
});
printTable(
  `GSM 06.10, ${seconds.toFixed(0)} s of speech at 8 kHz, 20 ms frames${toast ? '' : ' (libgsm-tools not installed)'}`,
  rows,
);
