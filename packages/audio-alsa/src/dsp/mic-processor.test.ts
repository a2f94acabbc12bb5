import { describe, expect, it } from 'vitest';
import { convolve, energy, roomImpulseResponse, speech8k, toInt16 } from '../testing/signals.js';
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
});
