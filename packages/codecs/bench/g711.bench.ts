// G.711 speed: our table-driven encoder and decoder (20 ms frames through the
// AudioEncoder/AudioDecoder interface, allocation-free *Into calls) against sox
// on the same 60 s of speech, whole-process runs. Run: pnpm exec tsx bench/g711.bench.ts
import { pcma, pcmu } from '../dist/g711/g711-codec.js';
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
const SECONDS = 600;
const speech = speechFixture('g726/speech_8k.raw', RATE, SECONDS);
const seconds = speech.length / RATE;

const sox = hasCommand('sox');
const rows: BenchRow[] = [];
withTempDir((dir) => {
  const input = writeReferenceInput(dir, speech, RATE);
  for (const [factory, encoding] of [
    [pcmu, 'mu-law'],
    [pcma, 'a-law'],
  ] as const) {
    const enc = factory.createEncoder({ frameSamples: FRAME });
    const me = frameCodecSpeeds(enc, factory.createDecoder(), speech, seconds, FRAME, FRAME);
    const r = ['-t', 'raw', '-r', '8000', '-c', '1'];
    const linear = ['-e', 'signed-integer', '-b', '16'];
    const law = ['-e', encoding, '-b', '8'];
    const reference = sox
      ? {
          ...referenceCodecSpeeds(seconds, dir, input, {
            encoder: 'sox',
            decoder: 'sox',
            ext: 'law',
            encodeArgs: (i, o) => ['-D', ...r, ...linear, i, ...r, ...law, o],
            decodeArgs: (i, o) => ['-D', ...r, ...law, i, ...r, ...linear, o],
          }),
          tool: 'sox -D, whole-process runs',
        }
      : undefined;
    rows.push(...encodeDecodeRows(factory.name, me, reference));
  }
});
printTable(
  `G.711, ${seconds.toFixed(0)} s of speech at 8 kHz, 20 ms frames${sox ? '' : ' (sox not installed)'}`,
  rows,
);
