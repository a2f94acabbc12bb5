import { describe, expect, it } from 'vitest';
import { besselI0, designLowpass, kaiserBeta, magnitudeAt, measureLowpass } from './kaiser-filter.js';
import { RESAMPLER_DESIGNS, Resampler, type ResamplerQuality } from './resampler.js';

const RATES = [8000, 16000, 32000, 48000];
const PAIRS = RATES.flatMap((a) => RATES.filter((b) => b !== a).map((b) => [a, b] as const));

describe('Kaiser low-pass design', () => {
  it('computes I0 and beta as tabulated', () => {
    expect(besselI0(0)).toBe(1);
    expect(besselI0(1)).toBeCloseTo(1.2660658777520084, 14);
    expect(besselI0(5)).toBeCloseTo(27.239871823604442, 11);
    expect(kaiserBeta(60)).toBeCloseTo(5.65326, 5);
    expect(kaiserBeta(30)).toBeCloseTo(2.11662, 4);
  });

  it('designs a symmetric filter with unit DC gain that meets its specification', () => {
    const h = designLowpass({ passband: 0.2, stopband: 0.25, attenuationDb: 80 });
    for (let i = 0; i < h.length; i++) expect(h[i]).toBeCloseTo(h[h.length - 1 - i]!, 15);
    expect(magnitudeAt(h, 0)).toBeCloseTo(1, 12);
    const f = measureLowpass(h, 0.2, 0.25, 1000);
    expect(f.stopbandAttenuationDb).toBeGreaterThan(79);
    expect(f.passbandRippleDb).toBeLessThan(0.002);
  });

  it('rejects an impossible specification', () => {
    expect(() => designLowpass({ passband: 0.3, stopband: 0.2, attenuationDb: 60 })).toThrow(RangeError);
  });
});

// The figures the resampler's filters achieve, for every pair of 8/16/32/48 kHz,
// measured on the designed prototype at the interpolated rate. Passband: up to
// 85% (default) or 75% (low-latency) of the lower rate's Nyquist frequency;
// stopband: from that Nyquist frequency up.
const LIMITS: Record<ResamplerQuality, { ripple: number; stop: number }> = {
  default: { ripple: 0.005, stop: 89 },
  'low-latency': { ripple: 0.05, stop: 59 },
};

describe.each(['default', 'low-latency'] as const)('resampler filters, %s quality', (quality) => {
  it.each(PAIRS)(`%i -> %i Hz: ripple and stopband as documented`, (from, to) => {
    const r = new Resampler({ inputRate: from, outputRate: to, quality });
    const rate = from * r.up;
    const nyquist = Math.min(from, to) / 2;
    const d = RESAMPLER_DESIGNS[quality];
    const f = measureLowpass(r.filter, (d.passband * nyquist) / rate, (d.stopband * nyquist) / rate, 600);
    expect(f.passbandRippleDb).toBeLessThan(LIMITS[quality].ripple);
    expect(f.stopbandAttenuationDb).toBeGreaterThan(LIMITS[quality].stop);
  });
});
