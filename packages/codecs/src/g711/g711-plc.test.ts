import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snr } from '../testkit/snr.js';
import { pcma, pcmu } from './g711-codec.js';
import { g711Decode } from './g711-law.js';

const speech = ((): Int16Array => {
  const b = readFileSync(new URL('../../fixtures/g726/speech_8k.raw', import.meta.url));
  return new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
})();

/** A strictly periodic voiced-like signal with an 80-sample (100 Hz) period. */
function periodic(samples: number): Int16Array {
  return Int16Array.from({ length: samples }, (_, i) => {
    const ph = (2 * Math.PI * i) / 80;
    return Math.round(6000 * Math.sin(ph) + 3000 * Math.sin(2 * ph + 1) + 1500 * Math.sin(3 * ph + 2));
  });
}

function encodeFrames(pcm: Int16Array, factory = pcmu): Uint8Array[] {
  const enc = factory.createEncoder({ frameSamples: 80 });
  const out: Uint8Array[] = [];
  for (let i = 0; i + 80 <= pcm.length; i += 80) out.push(enc.encode(pcm.subarray(i, i + 80)));
  return out;
}

describe('G.711 concealment (Appendix I style)', () => {
  it('leaves decoding bit-exact while no packet is lost', () => {
    const payloads = encodeFrames(speech, pcma);
    const dec = pcma.createDecoder();
    const ref = new Int16Array(80);
    for (const p of payloads) {
      g711Decode('alaw', p, ref);
      const got = dec.decode(p);
      for (let j = 0; j < 80; j++) if (got[j] !== ref[j]) expect.fail('decode changed without a loss');
    }
  });

  it('continues a periodic signal closely for the first 10 ms of a loss', () => {
    const sig = periodic(2000);
    const payloads = encodeFrames(sig);
    const dec = pcmu.createDecoder();
    for (let f = 0; f < 10; f++) dec.decode(payloads[f]!);
    const sub = dec.conceal!(80);
    // The real continuation, as G.711 would have decoded it.
    const truth = pcmu.createDecoder().decode(payloads[10]!);
    expect(snr(truth, sub)).toBeGreaterThan(20);
  });

  it('attenuates from 10 ms on and is silent after 60 ms', () => {
    const payloads = encodeFrames(periodic(2000));
    const dec = pcmu.createDecoder();
    for (let f = 0; f < 10; f++) dec.decode(payloads[f]!);
    const rms = (x: Int16Array): number => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);
    const levels = Array.from({ length: 8 }, () => rms(dec.conceal!(80)));
    expect(levels[0]).toBeGreaterThan(4000);
    for (let k = 1; k < 6; k++) expect(levels[k]!).toBeLessThan(levels[k - 1]!);
    expect(levels[6]).toBe(0);
    expect(levels[7]).toBe(0);
  });

  it('cross-fades into the first good frame and leaves the rest of it alone', () => {
    const sig = periodic(2000);
    const payloads = encodeFrames(sig);
    const dec = pcmu.createDecoder();
    for (let f = 0; f < 10; f++) dec.decode(payloads[f]!);
    dec.conceal!(80);
    const after = dec.decode(payloads[11]!);
    const plain = pcmu.createDecoder().decode(payloads[11]!);
    // 10 ms lost, pitch 80: a 20-sample fade, then the frame as decoded.
    expect(after.subarray(20)).toEqual(plain.subarray(20));
    expect(snr(plain, after)).toBeGreaterThan(15);
  });

  it('beats silence substitution on speech with every 8th 10 ms frame lost', () => {
    const payloads = encodeFrames(speech);
    const withPlc = pcmu.createDecoder();
    const withZeros = pcmu.createDecoder();
    const a = new Int16Array(payloads.length * 80);
    const b = new Int16Array(payloads.length * 80);
    payloads.forEach((p, f) => {
      if (f % 8 === 5) {
        a.set(withPlc.conceal!(80), f * 80);
      } else {
        a.set(withPlc.decode(p), f * 80);
        b.set(withZeros.decode(p), f * 80);
      }
    });
    const gain = snr(speech, a) - snr(speech, b);
    expect(gain).toBeGreaterThan(1.5); // measured: 1.9 dB
  });
});
