// G.711 speed: our table-driven encoder and decoder (20 ms frames through the
// AudioEncoder/AudioDecoder interface, allocation-free *Into calls) against sox
// on the same 60 s of speech, whole-process runs. Run: pnpm exec tsx bench/g711.bench.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AudioCodecFactory } from '../dist/codec.js';
import { pcma, pcmu } from '../dist/g711/g711-codec.js';
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
const SECONDS = 600;
const speech = repeatToSeconds(
  readPcm16(new URL('../fixtures/g726/speech_8k.raw', import.meta.url)),
  RATE,
  SECONDS,
);
const seconds = speech.length / RATE;

function ours(factory: AudioCodecFactory): { enc: number; dec: number } {
  const enc = factory.createEncoder({ frameSamples: FRAME });
  const dec = factory.createDecoder();
  const coded = new Uint8Array(speech.length);
  const pcm = new Int16Array(FRAME);
  const encodeAll = (): void => {
    for (let k = 0; k < speech.length; k += FRAME)
      enc.encodeInto!(speech.subarray(k, k + FRAME), coded.subarray(k));
  };
  const decodeAll = (): void => {
    for (let k = 0; k < coded.length; k += FRAME) dec.decodeInto!(coded.subarray(k, k + FRAME), pcm);
  };
  return { enc: xRealTime(seconds, encodeAll), dec: xRealTime(seconds, decodeAll) };
}

const sox = hasCommand('sox');
const rows: BenchRow[] = [];
withTempDir((dir) => {
  const raw = join(dir, 'in.raw');
  const tiny = join(dir, 'tiny.raw');
  writeFileSync(raw, new Uint8Array(speech.buffer));
  writeFileSync(tiny, new Uint8Array(speech.buffer, 0, 1600));
  for (const [factory, encoding] of [
    [pcmu, 'mu-law'],
    [pcma, 'a-law'],
  ] as const) {
    const me = ours(factory);
    let refEnc = {};
    let refDec = {};
    if (sox) {
      const r = ['-t', 'raw', '-r', '8000', '-c', '1'];
      const encode = (input: string, out: string): string[] => [
        '-D',
        ...r,
        '-e',
        'signed-integer',
        '-b',
        '16',
        input,
        ...r,
        '-e',
        encoding,
        '-b',
        '8',
        out,
      ];
      const decode = (input: string, out: string): string[] => [
        '-D',
        ...r,
        '-e',
        encoding,
        '-b',
        '8',
        input,
        ...r,
        '-e',
        'signed-integer',
        '-b',
        '16',
        out,
      ];
      const law = join(dir, 'x.law');
      const tinyLaw = join(dir, 'tiny.law');
      refEnc = referenceSpeed(
        seconds,
        timeCommand('sox', encode(raw, law)),
        timeCommand('sox', encode(tiny, tinyLaw)),
      );
      refDec = referenceSpeed(
        seconds,
        timeCommand('sox', decode(law, join(dir, 'back.raw'))),
        timeCommand('sox', decode(tinyLaw, join(dir, 'tiny-back.raw'))),
      );
    }
    const tool = sox ? { tool: 'sox -D, whole-process runs' } : {};
    rows.push({ codec: factory.name, op: 'encode', ours: me.enc, ...refEnc, ...tool });
    rows.push({ codec: factory.name, op: 'decode', ours: me.dec, ...refDec, ...tool });
  }
});
printTable(
  `G.711, ${seconds.toFixed(0)} s of speech at 8 kHz, 20 ms frames${sox ? '' : ' (sox not installed)'}`,
  rows,
);
