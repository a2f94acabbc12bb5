import { describe, expect, it } from 'vitest';
import { seededRandom, speechLikeSignal } from './signal.js';
import { findDelay, firstDifference, segmentalSnr, snr } from './snr.js';

describe('snr', () => {
  it('is infinite for identical signals and 0 dB when the noise equals the signal', () => {
    const ref = Int16Array.from([100, -200, 300, -400]);
    expect(snr(ref, ref)).toBe(Number.POSITIVE_INFINITY);
    expect(snr(ref, new Int16Array(4))).toBeCloseTo(0, 10);
  });

  it('gives 20 dB for an error of a tenth of the amplitude', () => {
    const ref = Int16Array.from({ length: 1000 }, (_, i) => (i % 2 ? 1000 : -1000));
    const test = ref.map((v) => v + (v > 0 ? 100 : -100));
    expect(snr(ref, test)).toBeCloseTo(20, 6);
  });

  it('compares test[i + delay] with ref[i]', () => {
    const ref = speechLikeSignal({ sampleRate: 8000, samples: 4000 });
    const delayed = new Int16Array(4000 + 37);
    delayed.set(ref, 37);
    expect(snr(ref, delayed, { delay: 37 })).toBe(Number.POSITIVE_INFINITY);
    expect(snr(ref, delayed)).toBeLessThan(3);
    expect(findDelay(ref, delayed, 100)).toBe(37);
  });
});

describe('firstDifference', () => {
  it('gives the first differing index, the shorter length for a prefix, or -1', () => {
    expect(firstDifference([1, 2, 3], Int16Array.of(1, 2, 3))).toBe(-1);
    expect(firstDifference([1, 2, 3], [1, 5, 3])).toBe(1);
    expect(firstDifference([1, 2], [1, 2, 3])).toBe(2);
    expect(firstDifference([], [])).toBe(-1);
  });
});

describe('segmentalSnr', () => {
  it('averages clamped per-segment SNRs and skips silent segments', () => {
    const ref = new Int16Array(480);
    ref.fill(1000, 0, 160); // segment 0: loud, error 100 -> 20 dB
    ref.fill(1000, 320, 480); // segment 2: loud, exact -> clamped to 35 dB
    const test = ref.slice();
    test.fill(1100, 0, 160);
    test.fill(5000, 160, 320); // segment 1: silent reference, skipped
    expect(segmentalSnr(ref, test)).toBeCloseTo((20 + 35) / 2, 6);
  });

  it('is NaN when every segment is silent', () => {
    expect(segmentalSnr(new Int16Array(320), new Int16Array(320))).toBeNaN();
  });
});

describe('speechLikeSignal', () => {
  it('is deterministic per seed and reaches the requested peak', () => {
    const a = speechLikeSignal({ sampleRate: 8000, samples: 16000, seed: 5, peak: 0.5 });
    const b = speechLikeSignal({ sampleRate: 8000, samples: 16000, seed: 5, peak: 0.5 });
    const c = speechLikeSignal({ sampleRate: 8000, samples: 16000, seed: 6, peak: 0.5 });
    expect(firstDifference(a, b)).toBe(-1);
    expect(firstDifference(a, c)).toBeGreaterThanOrEqual(0);
    expect(Math.abs(Math.max(...a.map(Math.abs)) - 16383.5)).toBeLessThanOrEqual(0.5);
  });

  it('has speech-like level variation: both loud and quiet 20 ms segments', () => {
    const s = speechLikeSignal({ sampleRate: 8000, samples: 16000 });
    const rms: number[] = [];
    for (let i = 0; i < s.length; i += 160) {
      let e = 0;
      for (let j = i; j < i + 160; j++) e += s[j]! * s[j]!;
      rms.push(Math.sqrt(e / 160));
    }
    expect(Math.max(...rms) / Math.min(...rms)).toBeGreaterThan(30);
  });

  it('seededRandom gives values in [0, 1)', () => {
    const r = seededRandom(1);
    for (let i = 0; i < 1000; i++) {
      const v = r();
      expect(v >= 0 && v < 1).toBe(true);
    }
  });
});
