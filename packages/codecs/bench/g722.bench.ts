// G.722 speed: our encoder and decoder (20 ms frames through the
// AudioEncoder/AudioDecoder interface) against ffmpeg's g722 (Debian ffmpeg)
// on the same 120 s of 16 kHz speech, whole-process runs.
// Run: pnpm exec tsx bench/g722.bench.ts
import { g722 } from '../dist/g722/g722-codec.js';
import {
  type BenchRow,
  encodeDecodeRows,
  frameCodecSpeeds,
  hasCommand,
  printTable,
  referenceCodecSpeeds,
  speechFixture,
  withTempDir,
  writeReferenceInput,
} from './harness.js';

const RATE = 16000;
const FRAME = 320;
const BYTES = FRAME / 2;
const speech = speechFixture('g722/speech_16k.raw', RATE, 120);
const seconds = speech.length / RATE;
const ffmpeg = hasCommand('ffmpeg');
const rows: BenchRow[] = [];

withTempDir((dir) => {
  const me = frameCodecSpeeds(g722.createEncoder(), g722.createDecoder(), speech, seconds, FRAME, BYTES);
  const q = ['-nostdin', '-loglevel', 'error', '-y', '-threads', '1'];
  const reference = ffmpeg
    ? {
        ...referenceCodecSpeeds(seconds, dir, writeReferenceInput(dir, speech, RATE), {
          encoder: 'ffmpeg',
          decoder: 'ffmpeg',
          ext: 'g722',
          encodeArgs: (i, o) => [
            ...q,
            ...['-f', 's16le', '-ar', '16000', '-ac', '1', '-i', i],
            ...['-c:a', 'g722', '-f', 'g722', o],
          ],
          decodeArgs: (i, o) => [...q, '-f', 'g722', '-i', i, '-f', 's16le', o],
        }),
        tool: 'ffmpeg g722, whole-process runs',
      }
    : undefined;
  rows.push(...encodeDecodeRows('G722', me, reference));
});
printTable(
  `G.722 64 kbit/s, ${seconds.toFixed(0)} s of speech at 16 kHz, 20 ms frames${ffmpeg ? '' : ' (ffmpeg not installed)'}`,
  rows,
);
