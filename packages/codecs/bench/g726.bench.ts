// G.726 speed: our encoder and decoder (20 ms frames through the AudioEncoder/
// AudioDecoder interface, RFC 3551 packing) against ffmpeg's g726le on the same
// 60 s of speech, whole-process runs. Run: pnpm exec tsx bench/g726.bench.ts
import { g726_16, g726_24, g726_32, g726_40 } from '../dist/g726/g726-codec.js';
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

const RATE = 8000;
const FRAME = 160;
const SECONDS = 60;
const speech = speechFixture('g726/speech_8k.raw', RATE, SECONDS);
const seconds = speech.length / RATE;
const ffmpeg = hasCommand('ffmpeg');
const rows: BenchRow[] = [];

withTempDir((dir) => {
  const input = writeReferenceInput(dir, speech, RATE);
  for (const [rate, factory] of [
    [16, g726_16],
    [24, g726_24],
    [32, g726_32],
    [40, g726_40],
  ] as const) {
    const bytes = (FRAME * rate) / 64;
    const enc = factory.createEncoder({ frameSamples: FRAME });
    const me = frameCodecSpeeds(enc, factory.createDecoder(), speech, seconds, FRAME, bytes);
    const q = ['-nostdin', '-loglevel', 'error', '-y'];
    const reference = ffmpeg
      ? {
          ...referenceCodecSpeeds(seconds, dir, input, {
            encoder: 'ffmpeg',
            decoder: 'ffmpeg',
            ext: 'g726',
            encodeArgs: (i, o) => [
              ...q,
              ...['-f', 's16le', '-ar', '8000', '-ac', '1', '-i', i],
              ...['-c:a', 'g726le', '-b:a', `${rate}k`, '-f', 'g726le', o],
            ],
            decodeArgs: (i, o) => [
              ...q,
              ...['-f', 'g726le', '-code_size', `${rate / 8}`, '-ar', '8000', '-ac', '1', '-i', i],
              ...['-f', 's16le', o],
            ],
          }),
          tool: 'ffmpeg g726le, whole-process runs',
        }
      : undefined;
    rows.push(...encodeDecodeRows(factory.name, me, reference));
  }
});
printTable(
  `G.726, ${seconds.toFixed(0)} s of speech at 8 kHz, 20 ms frames${ffmpeg ? '' : ' (ffmpeg not installed)'}`,
  rows,
);
