import { describe, expect, it } from 'vitest';
import { convolve, energy, gaussian, roomImpulseResponse, speech8k, toInt16 } from '../testing/signals.js';
import { MicProcessor } from './mic-processor.js';

const FRAME = 160;

describe('MicProcessor', () => {
  it('with every stage off, is the identity', () => {
    const p = new MicProcessor({
      sampleRate: 8000,
      frameSamples: FRAME,
      echoCancellation: false,
      noiseSuppression: false,
      gainControl: false,
      voiceDetection: false,
    });
    const x = speech8k().subarray(0, 8000);
    const out = new Int16Array(FRAME);
    for (let at = 0; at < x.length; at += FRAME) {
      expect(p.process(x.subarray(at, at + FRAME), x.subarray(at, at + FRAME), out)).toBe(true);
      expect(Array.from(out)).toEqual(Array.from(x.subarray(at, at + FRAME)));
    }
  });

  it('refuses frames of another size (stereo must be mixed down first)', () => {
    const p = new MicProcessor({ sampleRate: 8000, frameSamples: FRAME });
    expect(() => p.process(new Int16Array(320), undefined, new Int16Array(320))).toThrow(RangeError);
  });

  it('cancels echo in the full chain, and stages switch between frames', () => {
    const far = speech8k();
    const h = roomImpulseResponse(8000, { delay: 40, gain: 0.4, rt60Ms: 100, lengthMs: 30, seed: 3 });
    const mic = toInt16(convolve(far, h));
    const p = new MicProcessor({ sampleRate: 8000, frameSamples: FRAME, gainControl: false });
    const out = new Int16Array(mic.length);
    for (let at = 0; at < mic.length; at += FRAME) {
      if (at === 9 * 8000) p.echoCancellation = false; // the last second goes through unchanged by AEC
      p.process(mic.subarray(at, at + FRAME), far.subarray(at, at + FRAME), out.subarray(at, at + FRAME));
    }
    const erle = 10 * Math.log10(energy(mic, 5 * 8000, 9 * 8000) / energy(out, 5 * 8000, 9 * 8000));
    expect(erle).toBeGreaterThan(20);
    const off =
      10 *
      Math.log10(energy(mic, 9 * 8000 + 800, 10 * 8000 - 800) / energy(out, 9 * 8000 + 880, 10 * 8000 - 720));
    expect(Math.abs(off)).toBeLessThan(3);
  });

  it('suppresses the residual of a nonlinear (clipping) loudspeaker echo, and keeps the near end', () => {
    const far = speech8k();
    const near = toInt16(Array.from(speech8k()).reverse());
    const h = roomImpulseResponse(8000, { delay: 96, gain: 0.5, rt60Ms: 150, lengthMs: 50, seed: 7 });
    const clipped = Array.from(far, (v) => (32767 * Math.tanh((2 * v) / 32767)) / 2); // an overdriven speaker
    const noise = gaussian(far.length, 30, 11);
    const mic = toInt16(convolve(clipped, h).map((v, i) => v + noise[i]!));
    const dt = Int16Array.from(mic, (v, i) => (i >= 5 * 8000 && i < 7 * 8000 ? v + near[i]! : v));
    const run = (input: Int16Array, res: boolean): Int16Array => {
      const p = new MicProcessor({
        sampleRate: 8000,
        frameSamples: FRAME,
        gainControl: false,
        residualEchoSuppression: res,
      });
      const out = new Int16Array(input.length);
      for (let at = 0; at < input.length; at += FRAME) {
        p.process(input.subarray(at, at + FRAME), far.subarray(at, at + FRAME), out.subarray(at, at + FRAME));
      }
      return out;
    };
    const d = 80; // the noise suppressor's delay
    const reduction = (out: Int16Array): number => {
      let e = 0;
      for (let i = 4 * 8000; i < 10 * 8000 - d; i++) e += out[i + d]! ** 2;
      return 10 * Math.log10(energy(mic, 4 * 8000, 10 * 8000 - d) / e);
    };
    const without = reduction(run(mic, false));
    const withRes = reduction(run(mic, true));
    const talk = run(dt, true);
    let nearE = 0;
    let resid = 0;
    let kept = 0;
    for (let i = 5 * 8000; i < 7 * 8000; i++) {
      nearE += near[i]! ** 2;
      resid += (talk[i + d]! - near[i]!) ** 2;
      kept += talk[i + d]! ** 2;
    }
    const nearToResid = 10 * Math.log10(nearE / resid);
    const keptDb = 10 * Math.log10(kept / nearE);
    console.log(
      `RES on a clipping speaker: echo -${without.toFixed(1)} dB -> -${withRes.toFixed(1)} dB; ` +
        `double talk near end ${keptDb.toFixed(1)} dB, ${nearToResid.toFixed(1)} dB above the residual`,
    );
    expect(withRes).toBeGreaterThan(without + 4);
    expect(withRes).toBeGreaterThanOrEqual(24);
    expect(Math.abs(keptDb)).toBeLessThan(1);
    expect(nearToResid).toBeGreaterThan(10);
  });
});
