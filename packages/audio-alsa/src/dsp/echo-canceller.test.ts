import { describe, expect, it } from 'vitest';
import { convertPcm } from '../devices/resample-linear.js';
import { convolve, energy, gaussian, roomImpulseResponse, speech8k, toInt16 } from '../testing/signals.js';
import { EchoCanceller } from './echo-canceller.js';

const RATE = 8000;
const FRAME = 160;

/** Runs the canceller frame by frame; returns its output. */
function run(aec: EchoCanceller, mic: Int16Array, far: Int16Array): Int16Array {
  const out = new Int16Array(mic.length);
  for (let at = 0; at + FRAME <= mic.length; at += FRAME) {
    aec.process(mic.subarray(at, at + FRAME), far.subarray(at, at + FRAME), out.subarray(at, at + FRAME));
  }
  return out;
}

/** ERLE in dB over [from, to), counting only blocks where the echo is audible. */
function erle(mic: Int16Array, out: Int16Array, from: number, to: number): number {
  let d = 0;
  let e = 0;
  for (let at = from; at + FRAME <= to; at += FRAME) {
    const de = energy(mic, at, at + FRAME);
    if (de < FRAME * 100 * 100) continue; // echo below -50 dBFS: not a measurable block
    d += de;
    e += energy(out, at, at + FRAME);
  }
  return 10 * Math.log10(d / e);
}

// Far end: 10 s of speech. Echo path: 12 ms sound-card delay, -6 dB direct path, 50 ms
// of reverberation (RT60 150 ms), plus microphone noise at about -60 dBFS.
const far = speech8k();
const h = roomImpulseResponse(RATE, { delay: 96, gain: 0.5, rt60Ms: 150, lengthMs: 50, seed: 7 });
const echo = convolve(far, h);
const noise = gaussian(far.length, 30, 11);
const mic = toInt16(echo.map((v, i) => v + noise[i]!));

describe('EchoCanceller', () => {
  it('reaches >= 20 dB ERLE on speech through a room echo path after convergence', () => {
    const aec = new EchoCanceller({ sampleRate: RATE, frameSamples: FRAME, tailMs: 128 });
    const out = run(aec, mic, far);
    const late = erle(mic, out, 4 * RATE, 10 * RATE);
    const early = erle(mic, out, 0, RATE);
    console.log(`AEC ERLE: first second ${early.toFixed(1)} dB, seconds 4-10 ${late.toFixed(1)} dB`);
    expect(late).toBeGreaterThanOrEqual(20);
    expect(late).toBeGreaterThan(early);
  });

  it('keeps near-end speech and does not diverge during double talk', () => {
    const near = toInt16(Array.from(speech8k()).reverse());
    // Near end talks during seconds 5 to 7.
    const dt = Int16Array.from(mic, (v, i) => (i >= 5 * RATE && i < 7 * RATE ? v + near[i]! : v));
    const aec = new EchoCanceller({ sampleRate: RATE, frameSamples: FRAME });
    const out = run(aec, dt, far);
    // After the double talk the echo is still cancelled.
    expect(erle(dt, out, 7.5 * RATE, 10 * RATE)).toBeGreaterThanOrEqual(15);
    // During double talk the output is near-end speech: residual vs near end is small.
    let resid = 0;
    for (let i = 5 * RATE; i < 7 * RATE; i++) resid += (out[i]! - near[i]!) ** 2;
    const nearE = energy(near, 5 * RATE, 7 * RATE);
    const ratio = 10 * Math.log10(nearE / resid);
    console.log(`AEC double talk: near end to residual ${ratio.toFixed(1)} dB`);
    expect(ratio).toBeGreaterThan(10);
  });

  it('re-converges after the echo path changes (someone moved the laptop)', () => {
    const h2 = roomImpulseResponse(RATE, { delay: 130, gain: 0.4, rt60Ms: 200, lengthMs: 60, seed: 99 });
    const echo2 = convolve(far, h2);
    const changed = toInt16(Array.from(far, (_, i) => (i < 5 * RATE ? echo[i]! : echo2[i]!) + noise[i]!));
    const aec = new EchoCanceller({ sampleRate: RATE, frameSamples: FRAME });
    const out = run(aec, changed, far);
    const after = erle(changed, out, 8 * RATE, 10 * RATE);
    console.log(`AEC after an echo path change at 5 s: ${after.toFixed(1)} dB in seconds 8-10`);
    expect(after).toBeGreaterThanOrEqual(12);
  });

  it('works at 16 kHz too (>= 20 dB ERLE after convergence)', () => {
    const far16 = convertPcm(far, { sampleRate: 8000, channels: 1 }, { sampleRate: 16000, channels: 1 });
    const h16 = roomImpulseResponse(16000, { delay: 192, gain: 0.5, rt60Ms: 150, lengthMs: 50, seed: 7 });
    const noise16 = gaussian(far16.length, 30, 12);
    const mic16 = toInt16(convolve(far16, h16).map((v, i) => v + noise16[i]!));
    const aec = new EchoCanceller({ sampleRate: 16000, frameSamples: 320 });
    const out = new Int16Array(mic16.length);
    for (let at = 0; at + 320 <= mic16.length; at += 320) {
      aec.process(mic16.subarray(at, at + 320), far16.subarray(at, at + 320), out.subarray(at, at + 320));
    }
    const late = 10 * Math.log10(energy(mic16, 4 * 16000, 10 * 16000) / energy(out, 4 * 16000, 10 * 16000));
    console.log(`AEC ERLE at 16 kHz, seconds 4-10: ${late.toFixed(1)} dB`);
    expect(late).toBeGreaterThanOrEqual(20);
  });

  it('passes the microphone through untouched when the far end is silent', () => {
    const aec = new EchoCanceller({ sampleRate: RATE, frameSamples: FRAME });
    const talk = speech8k().subarray(0, 2 * RATE);
    const out = run(aec, talk, new Int16Array(talk.length));
    expect(Array.from(out)).toEqual(Array.from(talk));
  });

  it('picks a block that divides the frame', () => {
    expect(new EchoCanceller({ sampleRate: 8000, frameSamples: 160 }).blockSize).toBe(32);
    expect(new EchoCanceller({ sampleRate: 48000, frameSamples: 960 }).blockSize).toBe(64);
    expect(() => new EchoCanceller({ sampleRate: 8000, frameSamples: 100 })).toThrow(RangeError);
    const aec = new EchoCanceller({ sampleRate: 8000, frameSamples: 160 });
    expect(() => aec.process(new Int16Array(100), new Int16Array(100), new Int16Array(100))).toThrow(
      RangeError,
    );
  });
});
