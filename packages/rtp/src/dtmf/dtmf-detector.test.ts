import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type DtmfDetection, DtmfDetector, type DtmfDetectorOptions } from './dtmf-detector.js';
import { DTMF_DIGITS } from './dtmf-event.js';
import {
  DTMF_HIGH_FREQUENCIES,
  DTMF_LOW_FREQUENCIES,
  dbm0ToAmplitude,
  generateDtmfSequence,
  generateDtmfTone,
} from './dtmf-tone-generator.js';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function power(x: Int16Array): number {
  let e = 0;
  for (const v of x) e += v * v;
  return e / x.length;
}

/** Adds white Gaussian noise so that the tone part of `x` (power `signalPower`) has this SNR. */
function addNoise(x: Int16Array, signalPower: number, snrDb: number, seed: number): Int16Array {
  const rand = mulberry32(seed);
  const sigma = Math.sqrt(signalPower / 10 ** (snrDb / 10));
  return x.map((v) => Math.max(-32768, Math.min(32767, Math.round(v + sigma * gaussian(rand)))));
}

/** Silence, then the signal, then silence. */
function padded(x: Int16Array, leadSamples: number, tailSamples = 800): Int16Array {
  const out = new Int16Array(leadSamples + x.length + tailSamples);
  out.set(x, leadSamples);
  return out;
}

function detect(x: Int16Array, options: DtmfDetectorOptions = {}, chunk = 160): DtmfDetection[] {
  const d = new DtmfDetector(options);
  const found: DtmfDetection[] = [];
  for (let i = 0; i < x.length; i += chunk) found.push(...d.process(x.subarray(i, i + chunk)));
  found.push(...d.flush());
  return found;
}

const keys = (found: DtmfDetection[]) => found.map((f) => f.digit).join('');

describe('DtmfDetector', () => {
  for (const rate of [8000, 16000]) {
    it(`detects every key once at ${rate} Hz, with its start and duration`, () => {
      for (const digit of DTMF_DIGITS) {
        const tone = generateDtmfTone(digit, 80, { sampleRate: rate });
        const found = detect(padded(tone, rate / 20), { sampleRate: rate }, rate / 50);
        expect(keys(found), digit).toBe(digit);
        expect(found[0]!.startMs).toBeGreaterThan(50 - 13);
        expect(found[0]!.startMs).toBeLessThan(50 + 13);
        expect(found[0]!.durationMs).toBeGreaterThan(80 - 20);
        expect(found[0]!.durationMs).toBeLessThan(80 + 20);
      }
    });

    it(`detects every key in white noise at 12 dB SNR at ${rate} Hz`, () => {
      DTMF_DIGITS.forEach((digit, i) => {
        const tone = generateDtmfTone(digit, 60, { sampleRate: rate, levelDbm0: -20 });
        const noisy = addNoise(padded(tone, 333, 1000), power(tone), 12, 100 + i);
        expect(keys(detect(noisy, { sampleRate: rate })), digit).toBe(digit);
      });
    });
  }

  it('reads a dialled string in order, independent of how the audio is chunked', () => {
    const pcm = generateDtmfSequence('0123456789*#ABCD', { toneMs: 50, gapMs: 50 });
    expect(keys(detect(pcm))).toBe('0123456789*#ABCD');
    expect(keys(detect(pcm, {}, 1))).toBe('0123456789*#ABCD');
    expect(keys(detect(pcm, {}, 997))).toBe('0123456789*#ABCD');
    // The same key twice, separated by a 40 ms pause, is two presses.
    expect(keys(detect(generateDtmfSequence('55', { toneMs: 60, gapMs: 40 })))).toBe('55');
  });

  it('accepts 40 ms tones and rejects 20 ms ones, at any alignment', () => {
    const rand = mulberry32(9);
    for (const digit of DTMF_DIGITS) {
      const lead = Math.floor(rand() * 102);
      expect(keys(detect(padded(generateDtmfTone(digit, 40), lead))), digit).toBe(digit);
      expect(keys(detect(padded(generateDtmfTone(digit, 20), lead))), digit).toBe('');
    }
  });

  it('accepts twist within the limits and rejects it beyond', () => {
    expect(keys(detect(padded(generateDtmfTone('8', 80, { twistDb: 6 }), 100)))).toBe('8');
    expect(keys(detect(padded(generateDtmfTone('8', 80, { twistDb: -3 }), 100)))).toBe('8');
    expect(keys(detect(padded(generateDtmfTone('8', 80, { twistDb: 11 }), 100)))).toBe('');
    expect(keys(detect(padded(generateDtmfTone('8', 80, { twistDb: -7 }), 100)))).toBe('');
  });

  it('rejects tones below the level threshold', () => {
    expect(keys(detect(padded(generateDtmfTone('3', 80, { levelDbm0: -25 }), 100)))).toBe('3');
    expect(keys(detect(padded(generateDtmfTone('3', 80, { levelDbm0: -36 }), 100)))).toBe('');
  });

  it('stays silent on single tones, a frequency sweep, white noise and non-DTMF tone pairs', () => {
    const rate = 8000;
    const a = dbm0ToAmplitude(-10);
    const synth = (seconds: number, f: (t: number, i: number) => number) =>
      Int16Array.from({ length: seconds * rate }, (_, i) => Math.round(f(i / rate, i)));
    for (const freq of [...DTMF_LOW_FREQUENCIES, ...DTMF_HIGH_FREQUENCIES]) {
      expect(keys(detect(synth(0.3, (t) => a * Math.sin(2 * Math.PI * freq * t)))), `${freq}`).toBe('');
    }
    // 300 -> 3400 Hz in 2 s, at -10 dBm0
    const sweep = synth(2, (t) => a * Math.sin(2 * Math.PI * (300 * t + (3100 / 4) * t * t)));
    expect(keys(detect(sweep))).toBe('');
    const rand = mulberry32(4);
    expect(keys(detect(synth(2, () => (a / 2) * gaussian(rand))))).toBe('');
    for (const [f1, f2] of [
      [1000, 1500],
      [600, 1100],
      [900, 1800],
    ] as const) {
      const pair = synth(0.3, (t) => a * (Math.sin(2 * Math.PI * f1 * t) + Math.sin(2 * Math.PI * f2 * t)));
      expect(keys(detect(pair)), `${f1}+${f2}`).toBe('');
    }
  });

  it('stays silent on 10 s of speech', () => {
    const bytes = readFileSync(new URL('./fixtures/speech_8k.raw', import.meta.url));
    const speech = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
    expect(detect(speech)).toEqual([]);
    // and still hears a key spoken over
    const mixed = speech.slice(0, 16000);
    mixed.set(generateDtmfTone('7', 100, { levelDbm0: -6 }), 8000);
    const over = Int16Array.from(speech.subarray(0, 16000), (v, i) =>
      Math.max(-32768, Math.min(32767, (i >= 8000 && i < 8800 ? mixed[i]! : 0) + (v >> 3))),
    );
    expect(keys(detect(over))).toBe('7');
  });

  it('reports a key still held at flush, and the held key meanwhile', () => {
    const d = new DtmfDetector();
    expect(d.process(generateDtmfTone('#', 200))).toEqual([]);
    expect(d.pressed).toBe('#');
    expect(d.flush().map((f) => f.digit)).toEqual(['#']);
    expect(d.pressed).toBeUndefined();
  });
});
