import { describe, expect, it } from 'vitest';
import { DelayEstimator } from './delay-estimator.js';

describe('DelayEstimator', () => {
  it('measures relative delay from the smallest transit and returns its quantiles', () => {
    const e = new DelayEstimator(200);
    // transit 1000 + k for k = 0..99, in a shuffled but fixed order, one packet per 20 ms
    for (let i = 0; i < 100; i++) e.add(1000 + ((i * 37) % 100), i * 20);
    expect(e.baseTransitMs).toBeCloseTo(1000, 0);
    // With forgetting the recent half weighs a little more; the quantiles stay near the uniform ones.
    expect(e.quantileMs(0.5)).toBeGreaterThanOrEqual(45);
    expect(e.quantileMs(0.5)).toBeLessThanOrEqual(56);
    expect(e.quantileMs(0.95)).toBeGreaterThanOrEqual(92);
    expect(e.quantileMs(0.95)).toBeLessThanOrEqual(97);
  });

  it('clamps delays beyond the histogram into its last bucket', () => {
    const e = new DelayEstimator(50);
    e.add(0, 0);
    for (let i = 1; i < 20; i++) e.add(500, i * 20);
    expect(e.quantileMs(0.9)).toBe(51);
  });

  it('computes the RFC 3550 interarrival jitter', () => {
    const e = new DelayEstimator(200);
    for (let i = 0; i < 200; i++) e.add(100, i * 20);
    expect(e.jitterMs).toBe(0);
    // transit alternating by 10 ms: |D| = 10 each time, J converges to 10
    for (let i = 0; i < 400; i++) e.add(100 + (i % 2) * 10, 4000 + i * 20);
    expect(e.jitterMs).toBeCloseTo(10, 3);
  });

  it('lets the base transit creep up slowly and forgets old delays', () => {
    const e = new DelayEstimator(300);
    for (let i = 0; i < 500; i++) e.add(i % 10 === 0 ? 0 : 150, i * 20);
    expect(e.quantileMs(0.95)).toBeGreaterThan(140);
    // The network gets steady; after a few half-lives the old spread is forgotten.
    for (let i = 0; i < 1500; i++) e.add(150, 10_000 + i * 20);
    expect(e.quantileMs(0.95)).toBeLessThan(10);
    expect(e.baseTransitMs).toBeCloseTo(150, 0);
  });

  it('returns NaN before any observation', () => {
    expect(new DelayEstimator(100).quantileMs(0.95)).toBeNaN();
  });
});
