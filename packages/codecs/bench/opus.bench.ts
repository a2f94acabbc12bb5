// Opus speed: our wrapper of libopus-wasm (20 ms frames at 24 kbit/s through the
// AudioEncoder/AudioDecoder interface, stereo PCM in and out as opus/48000/2 gives,
// mono coded) against opus-tools (opusenc/opusdec, native libopus) and ffmpeg's
// libopus on the same 120 s of 48 kHz speech, whole-process runs.
// Run: pnpm exec tsx bench/opus.bench.ts
import { loadOpusCodec } from '../dist/opus/opus-codec.js';
import { Resampler } from '../dist/resample/resampler.js';
import {
  type BenchRow,
  hasCommand,
  printTable,
  readPcm16,
  referenceCodecSpeeds,
  repeatToSeconds,
  withTempDir,
  writeReferenceInput,
  xRealTime,
} from './harness.js';

const RATE = 48000;
const FRAME = 960;
const COMPLEXITY = 9; // our default; the C tools are run with the same
const s16 = readPcm16(new URL('../fixtures/opus/speech_16k_4s.raw', import.meta.url));
const up = new Resampler({ inputRate: 16000, outputRate: RATE });
const s48 = new Int16Array(up.outputLength(s16.length));
up.process(s16, s48);
const speech = repeatToSeconds(s48, RATE, 120);
const seconds = speech.length / RATE;
const stereo = new Int16Array(2 * speech.length);
for (let i = 0; i < speech.length; i++) {
  stereo[2 * i] = speech[i]!;
  stereo[2 * i + 1] = speech[i]!;
}

const opus = await loadOpusCodec({ bitrate: 24000, complexity: COMPLEXITY });
const rows: BenchRow[] = [];
const tools: string[] = [];

withTempDir((dir) => {
  const enc = opus.createEncoder();
  const dec = opus.createDecoder();
  const frames = stereo.length / (2 * FRAME);
  const coded = new Uint8Array(frames * 400);
  const sizes = new Uint16Array(frames);
  const pcm = new Int16Array(2 * FRAME);
  const encRt = xRealTime(seconds, () => {
    enc.reset();
    for (let k = 0, o = 0; k < frames; k++) {
      sizes[k] = enc.encodeInto(stereo.subarray(2 * k * FRAME, 2 * (k + 1) * FRAME), coded.subarray(o));
      o += sizes[k]!;
    }
  });
  const decRt = xRealTime(seconds, () => {
    dec.reset();
    for (let k = 0, o = 0; k < frames; k++) {
      dec.decodeInto(coded.subarray(o, o + sizes[k]!), pcm);
      o += sizes[k]!;
    }
  });
  // The timed decode really decodes: every frame gives 20 ms of stereo, and speech comes out.
  let energy = 0;
  for (let k = 0, o = 0; k < frames; k++) {
    if (dec.decodeInto(coded.subarray(o, o + sizes[k]!), pcm) !== 2 * FRAME) throw new Error('short frame');
    for (const v of pcm) energy += v * v;
    o += sizes[k]!;
  }
  if (energy === 0) throw new Error('decoded silence');
  const input = writeReferenceInput(dir, speech, RATE);
  rows.push({ codec: 'opus 24k', op: 'encode', ours: encRt });
  rows.push({ codec: 'opus 24k', op: 'decode', ours: decRt });
  if (hasCommand('opusenc') && hasCommand('opusdec')) {
    const { encode: e, decode: d } = referenceCodecSpeeds(seconds, dir, input, {
      encoder: 'opusenc',
      decoder: 'opusdec',
      ext: 'opus',
      encodeArgs: (i, o) => [
        ...['--quiet', '--raw', '--raw-rate', '48000', '--raw-chan', '1', '--bitrate', '24'],
        ...['--framesize', '20', '--comp', String(COMPLEXITY), '--speech', i, o],
      ],
      decodeArgs: (i, o) => ['--quiet', '--rate', '48000', '--force-stereo', i, o],
    });
    rows.push({ codec: 'opus 24k', op: 'encode', ours: encRt, ...e, tool: 'opusenc' });
    rows.push({ codec: 'opus 24k', op: 'decode', ours: decRt, ...d, tool: 'opusdec' });
    tools.push('opus-tools 0.2 opusenc/opusdec (native libopus)');
  }
  if (hasCommand('ffmpeg')) {
    const q = ['-nostdin', '-loglevel', 'error', '-y', '-threads', '1'];
    const { encode: e, decode: d } = referenceCodecSpeeds(seconds, dir, input, {
      encoder: 'ffmpeg',
      decoder: 'ffmpeg',
      ext: 'opus',
      encodeArgs: (i, o) => [
        ...q,
        ...['-f', 's16le', '-ar', '48000', '-ac', '1', '-i', i, '-c:a', 'libopus', '-b:a', '24k'],
        ...['-application', 'voip', '-frame_duration', '20', '-compression_level', String(COMPLEXITY), o],
      ],
      decodeArgs: (i, o) => [...q, '-c:a', 'libopus', '-i', i, '-f', 's16le', '-ac', '2', o],
    });
    rows.push({ codec: 'opus 24k', op: 'encode', ours: encRt, ...e, tool: 'ffmpeg libopus' });
    rows.push({ codec: 'opus 24k', op: 'decode', ours: decRt, ...d, tool: 'ffmpeg libopus' });
    tools.push('ffmpeg -c:a libopus');
  }
});
const plain = rows.filter((r) => r.tool === undefined);
const compared = rows
  .filter((r) => r.tool !== undefined)
  .map((r) => ({ ...r, codec: `${r.codec} vs ${r.tool}` }));
printTable(
  `Opus 24 kbit/s (${opus.version}, WebAssembly), ${seconds.toFixed(0)} s of speech at 48 kHz, 20 ms frames, complexity ${COMPLEXITY}; references: ${tools.join(', ') || 'none installed'}`,
  compared.length > 0 ? compared : plain,
);
