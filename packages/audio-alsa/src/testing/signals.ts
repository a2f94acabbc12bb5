import { readFileSync } from 'node:fs';
import { parseWav } from '../wav/wav-reader.js';

/** Deterministic uniform random numbers in [0, 1) (a 32-bit LCG is enough for test signals). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Gaussian noise of standard deviation `sigma`. */
export function gaussian(n: number, sigma: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++)
    out[i] = sigma * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return out;
}

/** The 10 s speech fixture (8 kHz) as numbers. */
export function speech8k(): Int16Array {
  const r = parseWav(readFileSync(new URL('../../fixtures/speech_8k.wav', import.meta.url)));
  if (!r.ok) throw new Error(r.error.message);
  return r.value.samples;
}

/**
 * A room-like echo path: `delay` samples of pure delay (the sound card's round trip),
 * a direct path of gain `gain`, then exponentially decaying diffuse reflections
 * (reverberation time `rt60Ms`), all within `lengthMs`.
 */
export function roomImpulseResponse(
  sampleRate: number,
  options: { delay: number; gain: number; rt60Ms: number; lengthMs: number; seed: number },
): Float64Array {
  const n = options.delay + Math.round((sampleRate * options.lengthMs) / 1000);
  const h = new Float64Array(n);
  const noise = gaussian(n, 1, options.seed);
  const decayPerSample = Math.log(1000) / ((sampleRate * options.rt60Ms) / 1000); // -60 dB at rt60
  h[options.delay] = options.gain;
  for (let i = options.delay + 1; i < n; i++) {
    h[i] = 0.06 * options.gain * noise[i]! * Math.exp(-decayPerSample * (i - options.delay));
  }
  return h;
}

/** Linear convolution of `x` with `h`, truncated to the length of `x`. */
export function convolve(x: ArrayLike<number>, h: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let acc = 0;
    const kMax = Math.min(h.length - 1, i);
    for (let k = 0; k <= kMax; k++) acc += h[k]! * x[i - k]!;
    y[i] = acc;
  }
  return y;
}

/** Rounds and clamps to 16-bit samples. */
export function toInt16(x: ArrayLike<number>): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(x[i]!)));
  return out;
}

/** Energy of `x` over [from, to). */
export function energy(x: ArrayLike<number>, from = 0, to = x.length): number {
  let e = 0;
  for (let i = from; i < to; i++) e += x[i]! * x[i]!;
  return e;
}
