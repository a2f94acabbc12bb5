// Test helper: 4 s of the shared 16 kHz speech, resampled to 48 kHz by our resampler.
import { readFileSync } from 'node:fs';
import { Resampler } from '../resample/resampler.js';

/** The speech fixture at 48 kHz, mono. */
export function speech48k(): Int16Array {
  const b = readFileSync(new URL('../../fixtures/opus/speech_16k_4s.raw', import.meta.url));
  const s16 = new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const up = new Resampler({ inputRate: 16000, outputRate: 48000 });
  const out = new Int16Array(up.outputLength(s16.length));
  up.process(s16, out);
  return out;
}

/** Interleaves a mono signal onto two equal channels. */
export function toStereo(mono: Int16Array): Int16Array {
  const out = new Int16Array(2 * mono.length);
  for (let i = 0; i < mono.length; i++) {
    out[2 * i] = mono[i]!;
    out[2 * i + 1] = mono[i]!;
  }
  return out;
}

/** One channel of an interleaved stereo signal. */
export function channel(stereo: Int16Array, c: 0 | 1): Int16Array {
  const out = new Int16Array(stereo.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = stereo[2 * i + c]!;
  return out;
}
