import { describe, expect, it } from 'vitest';
import { Resampler } from './resampler.js';

function tone(rate: number, freq: number, n: number, amp: number): Int16Array {
  return Int16Array.from({ length: n }, (_, i) =>
    Math.round(amp * Math.sin((2 * Math.PI * freq * i) / rate)),
  );
}

function run(r: Resampler, input: Int16Array): Int16Array {
  const out = new Int16Array(r.outputLength(input.length));
  expect(r.process(input, out)).toBe(out.length);
  return out;
}

/** Least-squares amplitude of a tone at `freq` in y[from..to), and the RMS of what is left. */
function fitTone(
  y: Int16Array,
  rate: number,
  freq: number,
  from: number,
  to: number,
): { amp: number; residualRms: number } {
  let cc = 0;
  let ss = 0;
  let cs = 0;
  let yc = 0;
  let ys = 0;
  const w = (2 * Math.PI * freq) / rate;
  for (let i = from; i < to; i++) {
    const c = Math.cos(w * i);
    const s = Math.sin(w * i);
    cc += c * c;
    ss += s * s;
    cs += c * s;
    yc += y[i]! * c;
    ys += y[i]! * s;
  }
  const det = cc * ss - cs * cs;
  const a = (yc * ss - ys * cs) / det;
  const b = (ys * cc - yc * cs) / det;
  let res = 0;
  for (let i = from; i < to; i++) {
    const e = y[i]! - a * Math.cos(w * i) - b * Math.sin(w * i);
    res += e * e;
  }
  return { amp: Math.hypot(a, b), residualRms: Math.sqrt(res / (to - from)) };
}

const rms = (y: Int16Array, from: number, to: number): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += y[i]! * y[i]!;
  return Math.sqrt(s / (to - from));
};
const db = (x: number): number => 20 * Math.log10(x);

describe('Resampler on real signals (default quality)', () => {
  it('passes passband tones with gain within 0.01 dB, 48 kHz -> 8 kHz and 8 kHz -> 48 kHz', () => {
    for (const [from, to, f] of [
      [48000, 8000, 1000],
      [48000, 8000, 3300],
      [8000, 48000, 440],
      [8000, 48000, 3300],
      [16000, 32000, 6500],
    ] as const) {
      const out = run(new Resampler({ inputRate: from, outputRate: to }), tone(from, f, from, 16000));
      const { amp } = fitTone(out, to, f, to / 10, to);
      expect(Math.abs(db(amp / 16000))).toBeLessThan(0.01);
    }
  });

  it('rejects tones above the output Nyquist frequency by more than 85 dB (no aliasing) when downsampling', () => {
    for (const [from, to, f] of [
      [48000, 8000, 4000],
      [48000, 8000, 5000],
      [48000, 8000, 11000],
      [48000, 8000, 23000],
      [48000, 16000, 9000],
      [32000, 16000, 8500],
      [48000, 32000, 17000],
    ] as const) {
      const out = run(new Resampler({ inputRate: from, outputRate: to }), tone(from, f, from, 16000));
      const rejection = db(16000 / Math.SQRT2 / rms(out, to / 10, to));
      expect(rejection, `${from} -> ${to}, ${f} Hz`).toBeGreaterThan(85);
    }
  });

  it('leaves images of an upsampled tone more than 85 dB down', () => {
    for (const [from, to, f] of [
      [8000, 48000, 1000],
      [8000, 16000, 3000],
      [16000, 48000, 6000],
      [32000, 48000, 2500],
    ] as const) {
      const out = run(new Resampler({ inputRate: from, outputRate: to }), tone(from, f, from, 16000));
      const { amp, residualRms } = fitTone(out, to, f, to / 10, to);
      expect(db(amp / Math.SQRT2 / residualRms), `${from} -> ${to}, ${f} Hz`).toBeGreaterThan(85);
    }
  });

  it('reproduces a 100 Hz .. 6.5 kHz sine sweep, 16 kHz -> 48 kHz -> 16 kHz, at > 80 dB SNR', () => {
    const n = 16000;
    const f0 = 100;
    const f1 = 6500;
    const k = Math.log(f1 / f0) / n;
    const sweepAt = (t: number): number =>
      12000 * Math.sin(((2 * Math.PI * f0) / 16000) * ((Math.exp(k * t) - 1) / k));
    const sweep = Int16Array.from({ length: n }, (_, i) => Math.round(sweepAt(i)));
    const up = new Resampler({ inputRate: 16000, outputRate: 48000 });
    const down = new Resampler({ inputRate: 48000, outputRate: 16000 });
    const back = run(down, run(up, sweep));
    // Linear phase: the round trip is the sweep delayed by the two group delays (76.33 samples).
    const delay = up.delay / 3 + down.delay;
    let sig = 0;
    let err = 0;
    for (let i = 300; i < n; i++) {
      const ideal = sweepAt(i - delay);
      sig += ideal * ideal;
      err += (ideal - back[i]!) ** 2;
    }
    expect(10 * Math.log10(sig / err)).toBeGreaterThan(80);
  });
});

describe('Resampler streaming', () => {
  it('gives the same samples for blocks of any size as for one block', () => {
    const input = tone(8000, 700, 4000, 9000);
    for (let i = 0; i < input.length; i += 37) input[i] = -input[i]!;
    const whole = run(new Resampler({ inputRate: 8000, outputRate: 48000 }), input);
    for (const [from, to] of [
      [8000, 48000],
      [48000, 32000],
    ] as const) {
      const ref = from === 8000 ? whole : run(new Resampler({ inputRate: from, outputRate: to }), input);
      const r = new Resampler({ inputRate: from, outputRate: to });
      const out = new Int16Array(ref.length);
      const scratch = new Int16Array(8 * 4000);
      let at = 0;
      let pos = 0;
      const sizes = [1, 7, 160, 3, 1500, 2, 999];
      for (let s = 0; pos < input.length; s++) {
        const block = input.subarray(pos, pos + sizes[s % sizes.length]!);
        const n = r.process(block, scratch);
        out.set(scratch.subarray(0, n), at);
        at += n;
        pos += block.length;
      }
      expect(at).toBe(ref.length);
      expect(out).toEqual(ref);
    }
  });

  it('turns each 20 ms frame into exactly one 20 ms frame at the other rate', () => {
    for (const [from, to] of [
      [8000, 48000],
      [48000, 8000],
      [32000, 48000],
      [48000, 16000],
    ] as const) {
      const r = new Resampler({ inputRate: from, outputRate: to });
      for (let k = 0; k < 5; k++) expect(r.outputLength(from / 50)).toBe(to / 50);
      const out = new Int16Array(to / 50);
      for (let k = 0; k < 5; k++) expect(r.process(new Int16Array(from / 50), out)).toBe(to / 50);
    }
  });

  it('refuses a too small output buffer, and starts over after reset()', () => {
    const r = new Resampler({ inputRate: 8000, outputRate: 16000 });
    expect(() => r.process(new Int16Array(160), new Int16Array(319))).toThrow(RangeError);
    const input = tone(8000, 500, 800, 10000);
    const first = run(r, input);
    r.reset();
    expect(run(r, input)).toEqual(first);
  });

  it('passes samples through unchanged at equal rates, and rejects bad rates', () => {
    const input = tone(16000, 1234, 500, 30000);
    expect(run(new Resampler({ inputRate: 16000, outputRate: 16000 }), input)).toEqual(input);
    expect(() => new Resampler({ inputRate: 0, outputRate: 8000 })).toThrow(RangeError);
    expect(() => new Resampler({ inputRate: 8000.5, outputRate: 8000 })).toThrow(RangeError);
    expect(() => new Resampler({ inputRate: 8000, outputRate: 16000, quality: 'best' as 'default' })).toThrow(
      RangeError,
    );
  });

  it('has less delay in low-latency mode', () => {
    const hq = new Resampler({ inputRate: 8000, outputRate: 48000 });
    const ll = new Resampler({ inputRate: 8000, outputRate: 48000, quality: 'low-latency' });
    expect(hq.delay / 48).toBeCloseTo(4.77, 1); // ms
    expect(ll.delay / 48).toBeLessThan(2);
  });
});
