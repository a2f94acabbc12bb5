import { describe, expect, it } from 'vitest';
import { energy, gaussian, speech8k, toInt16 } from '../testing/signals.js';
import { AutomaticGainControl } from './automatic-gain-control.js';
import { NoiseSuppressor } from './noise-suppressor.js';
import { VoiceActivityDetector } from './voice-activity-detector.js';

const RATE = 8000;
const FRAME = 160;
const clean = speech8k();
const frames = clean.length / FRAME;

/** Ground truth per frame: speech where the clean signal is within 30 dB of its loudest frame. */
const truth: boolean[] = [];
{
  const e = Array.from({ length: frames }, (_, f) => energy(clean, f * FRAME, (f + 1) * FRAME));
  const max = Math.max(...e);
  for (const v of e) truth.push(v > max / 1000);
}

function noisy(snrDb: number, seed: number): Int16Array {
  let speechE = 0;
  let n = 0;
  for (let f = 0; f < frames; f++) {
    if (!truth[f]) continue;
    speechE += energy(clean, f * FRAME, (f + 1) * FRAME);
    n += FRAME;
  }
  const sigma = Math.sqrt(speechE / n / 10 ** (snrDb / 10));
  const noise = gaussian(clean.length, sigma, seed);
  return toInt16(Array.from(clean, (v, i) => v + noise[i]!));
}

function frameMap(input: Int16Array, fn: (f: Int16Array, o: Int16Array) => void): Int16Array {
  const out = new Int16Array(input.length);
  for (let at = 0; at + FRAME <= input.length; at += FRAME)
    fn(input.subarray(at, at + FRAME), out.subarray(at, at + FRAME));
  return out;
}

describe('NoiseSuppressor', () => {
  it('takes >= 10 dB off the noise in pauses and keeps speech within 3 dB', () => {
    const x = noisy(10, 3);
    const ns = new NoiseSuppressor({ sampleRate: RATE, frameSamples: FRAME });
    const y = frameMap(x, (f, o) => ns.process(f, o));
    const d = ns.latencySamples;
    expect(d).toBe(80);
    let noiseIn = 0;
    let noiseOut = 0;
    let speechIn = 0;
    let speechOut = 0;
    for (let f = 50; f < frames - 1; f++) {
      const a = f * FRAME;
      const ein = energy(x, a, a + FRAME);
      let eout = 0;
      for (let i = a; i < a + FRAME; i++) eout += y[i + d]! ** 2;
      if (truth[f]) {
        speechIn += energy(clean, a, a + FRAME);
        speechOut += eout;
      } else {
        noiseIn += ein;
        noiseOut += eout;
      }
    }
    const noiseCut = 10 * Math.log10(noiseIn / noiseOut);
    const speechKept = 10 * Math.log10(speechOut / speechIn);
    console.log(
      `NS at 10 dB SNR: noise -${noiseCut.toFixed(1)} dB in pauses, speech ${speechKept.toFixed(1)} dB`,
    );
    expect(noiseCut).toBeGreaterThanOrEqual(10);
    expect(Math.abs(speechKept)).toBeLessThan(3);
  });

  it('passes a signal through with its delay when there is no noise to remove', () => {
    const ns = new NoiseSuppressor({ sampleRate: RATE, frameSamples: FRAME, maxAttenuationDb: 0 });
    const x = clean.subarray(0, RATE);
    const y = frameMap(x, (f, o) => ns.process(f, o));
    for (let i = 0; i < x.length - 80; i++) expect(Math.abs(y[i + 80]! - x[i]!)).toBeLessThanOrEqual(1);
  });
});

describe('VoiceActivityDetector', () => {
  it('finds speech frames and rejects pauses at 10 dB SNR', () => {
    // Scored on frames whose local SNR is clear: speech at least 3 dB above the noise,
    // pauses at least 10 dB below it; frames in between are ambiguous by nature.
    const x = noisy(10, 5);
    const vad = new VoiceActivityDetector({ sampleRate: RATE, hangoverMs: 0 });
    let hit = 0;
    let speech = 0;
    let falseAlarm = 0;
    let pauses = 0;
    for (let f = 0; f < frames; f++) {
      const a = f * FRAME;
      const v = vad.process(x.subarray(a, a + FRAME));
      const s = energy(clean, a, a + FRAME);
      let n = 0;
      for (let i = a; i < a + FRAME; i++) n += (x[i]! - clean[i]!) ** 2;
      if (s > 2 * n) {
        speech++;
        if (v) hit++;
      } else if (s < n / 10 && f > 25) {
        pauses++;
        if (v) falseAlarm++;
      }
    }
    console.log(
      `VAD at 10 dB SNR: ${((100 * hit) / speech).toFixed(1)}% of ${speech} speech frames found, ${((100 * falseAlarm) / pauses).toFixed(1)}% of ${pauses} pauses marked`,
    );
    expect(hit / speech).toBeGreaterThanOrEqual(0.85);
    expect(falseAlarm / pauses).toBeLessThanOrEqual(0.1);
  });

  it('stays quiet on steady noise', () => {
    const noise = toInt16(gaussian(3 * RATE, 300, 9));
    const vad = new VoiceActivityDetector({ sampleRate: RATE });
    let active = 0;
    for (let f = 0; f < noise.length / FRAME; f++)
      if (vad.process(noise.subarray(f * FRAME, (f + 1) * FRAME))) active++;
    expect(active / (noise.length / FRAME)).toBeLessThan(0.05);
  });
});

describe('AutomaticGainControl', () => {
  const rmsDb = (x: Int16Array, from: number, to: number): number => {
    let e = 0;
    let n = 0;
    for (let f = Math.floor(from / FRAME); f < Math.floor(to / FRAME); f++) {
      if (!truth[f]) continue;
      e += energy(x, f * FRAME, (f + 1) * FRAME);
      n += FRAME;
    }
    return 10 * Math.log10(e / n / 32768 ** 2);
  };

  it.each([
    ['quiet', 0.05],
    ['loud', 1],
  ])('brings %s speech to the target level without clipping', (_, scale) => {
    const x = toInt16(Array.from(clean, (v) => v * scale));
    const agc = new AutomaticGainControl({ targetDbfs: -20 });
    const vad = new VoiceActivityDetector({ sampleRate: RATE });
    const y = frameMap(x, (f, o) => agc.process(f, vad.process(f), o));
    const level = rmsDb(y, 5 * RATE, 10 * RATE);
    console.log(
      `AGC ${_}: input ${rmsDb(x, 5 * RATE, 10 * RATE).toFixed(1)} dBFS -> ${level.toFixed(1)} dBFS`,
    );
    expect(Math.abs(level + 20)).toBeLessThan(3);
    expect(y.some((v) => v === 32767 || v === -32768)).toBe(false);
  });

  it('does not raise the gain on noise alone', () => {
    const agc = new AutomaticGainControl();
    const vad = new VoiceActivityDetector({ sampleRate: RATE });
    const noise = toInt16(gaussian(3 * RATE, 30, 1));
    frameMap(noise, (f, o) => agc.process(f, vad.process(f), o));
    expect(agc.gainDb).toBeLessThan(3);
  });
});
