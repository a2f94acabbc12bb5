// GSM 06.10 speed: our encoder and decoder (20 ms frames through the
// AudioEncoder/AudioDecoder interface) against libgsm's toast/untoast (Debian
// libgsm-tools) on the same 120 s of speech, whole-process runs.
// Run: pnpm exec tsx bench/gsm.bench.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gsm } from '../dist/gsm/gsm-codec.js';
import {
  type BenchRow,
  type CodecReference,
  encodeDecodeRows,
  frameCodecSpeeds,
  hasCommand,
  printTable,
  referenceRun,
  speechFixture,
  withTempDir,
  writeReferenceInput,
} from './harness.js';

const RATE = 8000;
const FRAME = 160;
const BYTES = 33;
const speech = speechFixture('gsm/speech_8k.raw', RATE, 120);
const seconds = speech.length / RATE;
const toast = hasCommand('toast') && hasCommand('untoast');
const rows: BenchRow[] = [];

withTempDir((dir) => {
  const me = frameCodecSpeeds(gsm.createEncoder(), gsm.createDecoder(), speech, seconds, FRAME, BYTES);
  let reference: CodecReference | undefined;
  if (toast) {
    // toast/untoast -c write to stdout, which timeCommand discards; -l: 16-bit linear input/output.
    const input = writeReferenceInput(dir, speech, RATE);
    // `me.coded` holds our encoding of the input, which is bit-exact with toast's.
    const coded = { full: join(dir, 'in.gsm'), tiny: join(dir, 'tiny.gsm') };
    writeFileSync(coded.full, me.coded);
    writeFileSync(coded.tiny, me.coded.subarray(0, 5 * BYTES));
    reference = {
      encode: referenceRun(seconds, input, 'toast', (f) => ['-l', '-c', f]),
      decode: referenceRun(seconds, coded, 'untoast', (f) => ['-l', '-c', f]),
      tool: 'libgsm 1.0.22 toast -l / untoast -l, whole-process runs',
    };
  }
  rows.push(...encodeDecodeRows('GSM', me, reference));
});
printTable(
  `GSM 06.10, ${seconds.toFixed(0)} s of speech at 8 kHz, 20 ms frames${toast ? '' : ' (libgsm-tools not installed)'}`,
  rows,
);
