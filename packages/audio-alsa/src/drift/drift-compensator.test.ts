import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { DriftCompensator } from './drift-compensator.js';

/**
 * Far end produces 20 ms frames on its clock, `drift` faster than nominal (so its frames
 * come every 20 / (1 + drift) ms of card time); the card pulls 20 ms every 20 ms.
 * Optional arrival jitter delivers frames in bursts.
 */
function simulate(drift: number, minutes: number, jitterFrames = 0, targetMs = 60) {
  const clock = new VirtualClock();
  const dc = new DriftCompensator({ sampleRate: 8000, targetMs });
  const frame = new Int16Array(160);
  let phase = 0;
  const pending: Int16Array[] = [];
  let n = 0;
  clock.every(20 / (1 + drift), () => {
    for (let i = 0; i < 160; i++)
      frame[i] = Math.round(8000 * Math.sin((2 * Math.PI * 300 * phase++) / 8000));
    pending.push(frame.slice());
    if (++n % (jitterFrames + 1) === 0) while (pending.length) dc.push(pending.shift()!);
  });
  const levels: number[] = [];
  let underrunsAfterStart = 0;
  const out = new Int16Array(160);
  let pulls = 0;
  clock.every(20, () => {
    dc.pull(out);
    pulls++;
    if (pulls > 50 * 10) {
      levels.push(dc.level);
      underrunsAfterStart = dc.underruns;
    }
  });
  clock.advance(30 + 20 * jitterFrames); // startup: the card plays silence until the first burst
  const atStart = dc.underruns;
  clock.advance(minutes * 60_000);
  return { dc, levels, underruns: underrunsAfterStart - atStart };
}

describe('DriftCompensator', () => {
  it.each([
    [0.001, '+0.1%'],
    [-0.001, '-0.1%'],
    [0.0003, '+300 ppm'],
  ])('holds the level bounded and estimates a %s drift over 10 minutes', (drift) => {
    const { dc, levels } = simulate(drift, 10);
    const late = levels.slice(levels.length / 2);
    const max = Math.max(...late);
    const min = Math.min(...late);
    // Target 480 samples (60 ms); stays within +-20 ms once settled, and never runs dry.
    expect(min).toBeGreaterThan(480 - 160);
    expect(max).toBeLessThan(480 + 160);
    expect(Math.abs(dc.ppm - drift * 1e6)).toBeLessThan(100);
    expect(dc.overflows).toBe(0);
  });

  it('without correction a 0.1% drift would have overflowed: the test can fail', () => {
    const dc = new DriftCompensator({ sampleRate: 8000, maxCorrection: 0 });
    const f = new Int16Array(160);
    for (let i = 0; i < 30_000; i++) {
      dc.push(f);
      if (i % 1000 !== 999) dc.pull(f); // 0.1% fewer pulls than pushes
    }
    expect(dc.overflows).toBeGreaterThan(0);
  });

  it('rides out bursty arrival (3 frames at a time) without underruns', () => {
    const { levels, underruns, dc } = simulate(0.0005, 5, 2, 100);
    expect(underruns).toBe(0);
    expect(Math.max(...levels.slice(levels.length / 2))).toBeLessThan(800 + 480);
    expect(Math.abs(dc.ppm - 500)).toBeLessThan(100);
  });

  it('resamples smoothly: a sine stays a clean sine', () => {
    const dc = new DriftCompensator({ sampleRate: 8000, targetMs: 40 });
    const input = Int16Array.from({ length: 8000 }, (_, i) =>
      Math.round(10000 * Math.sin((2 * Math.PI * 300 * i) / 8000)),
    );
    dc.push(input.subarray(0, 800));
    const out = new Int16Array(160);
    let worst = 0;
    let prev = Number.NaN;
    let prevD = Number.NaN;
    for (let f = 5; f < 45; f++) {
      dc.push(input.subarray(f * 160, (f + 1) * 160));
      dc.pull(out);
      for (const v of out) {
        const d = v - prev;
        // A 300 Hz sine of amplitude 10000 at 8 kHz has second differences up to 555; a
        // skipped or repeated sample would add a step of up to 2356.
        if (!Number.isNaN(prevD)) worst = Math.max(worst, Math.abs(d - prevD));
        prevD = d;
        prev = v;
      }
    }
    expect(worst).toBeLessThan(600);
  });
});
