// Resampler speed: our polyphase Kaiser resampler (20 ms blocks) against sox's
// `rate` effect (default high quality, no dither) on the same 120 s of speech,
// whole-process runs. Run: pnpm exec tsx bench/resample.bench.ts
import { join } from 'node:path';
import { Resampler, type ResamplerQuality } from '../dist/resample/resampler.js';
import {
  type BenchRow,
  hasCommand,
  printTable,
  readPcm16,
  referenceRun,
  repeatToSeconds,
  withTempDir,
  writeReferenceInput,
  xRealTime,
} from './harness.js';

const SECONDS = 120;
const sources: Record<number, Int16Array> = {
  8000: readPcm16(new URL('../fixtures/gsm/speech_8k.raw', import.meta.url)),
  16000: readPcm16(new URL('../fixtures/g722/speech_16k.raw', import.meta.url)),
};
const sox = hasCommand('sox');
const rows: BenchRow[] = [];

/** Input at `rate`: the speech fixtures, or our own 16 kHz -> rate conversion of them. */
function input(rate: number): Int16Array {
  const base = sources[rate] ?? convert(sources[16000]!, 16000, rate);
  return repeatToSeconds(base, rate, SECONDS);
}

function convert(pcm: Int16Array, from: number, to: number): Int16Array {
  const r = new Resampler({ inputRate: from, outputRate: to });
  const out = new Int16Array(r.outputLength(pcm.length));
  r.process(pcm, out);
  return out;
}

withTempDir((dir) => {
  const pairs: [number, number][] = [
    [8000, 48000],
    [48000, 8000],
    [16000, 48000],
    [48000, 16000],
    [32000, 48000],
    [8000, 16000],
  ];
  for (const [from, to] of pairs) {
    const pcm = input(from);
    const seconds = pcm.length / from;
    const block = from / 50;
    for (const quality of ['default', 'low-latency'] as ResamplerQuality[]) {
      const r = new Resampler({ inputRate: from, outputRate: to, quality });
      const out = new Int16Array(r.outputLength(block) + 1);
      const ours = xRealTime(seconds, () => {
        r.reset();
        for (let k = 0; k < pcm.length; k += block) r.process(pcm.subarray(k, k + block), out);
      });
      let ref = {};
      if (sox && quality === 'default') {
        const input = writeReferenceInput(dir, pcm, from, `in-${from}`);
        ref = referenceRun(seconds, input, 'sox', (f) => [
          ...['-D', '-t', 'raw', '-r', `${from}`, '-e', 'signed-integer', '-b', '16', '-c', '1', f],
          ...[
            '-t',
            'raw',
            '-r',
            `${to}`,
            '-e',
            'signed-integer',
            '-b',
            '16',
            '-c',
            '1',
            join(dir, 'out.raw'),
            'rate',
          ],
        ]);
      }
      const tool = sox
        ? { tool: 'sox 14.4.2 rate (default -h), whole-process runs; low-latency rows: no reference' }
        : {};
      rows.push({ codec: `${from / 1000}k -> ${to / 1000}k`, op: quality, ours, ...ref, ...tool });
    }
  }
});
printTable(`Resampler, ${SECONDS} s of speech, 20 ms blocks${sox ? '' : ' (sox not installed)'}`, rows);
