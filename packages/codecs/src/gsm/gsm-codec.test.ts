import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../codec.js';
import { describeCodecConformance } from '../testkit/index.js';
import { gsm } from './gsm-codec.js';
import { GsmDecoder } from './gsm-decoder.js';
import { GsmEncoder } from './gsm-encoder.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/gsm/${name}`, import.meta.url)));
const pcm16 = (b: Uint8Array): Int16Array => new Int16Array(b.buffer, b.byteOffset, b.byteLength >> 1);

// speech_8k.raw is 10 s of speech; speech_8k.gsm is what libgsm 1.0.22 `toast -l`
// made of it (default mode, no fast or LTP-cut option); .gsm.dec.raw is `untoast`.
const speech = pcm16(fixture('speech_8k.raw'));
const toast = fixture('speech_8k.gsm');
const untoast = pcm16(fixture('speech_8k.gsm.dec.raw'));

function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describeCodecConformance(gsm, { minSnrDb: 7.5, minSegmentalSnrDb: 6, payloadBytes: (n) => (n / 160) * 33 });

describe('GSM 06.10 against libgsm', () => {
  it('encodes the speech file to exactly the bytes of toast (500 frames)', () => {
    const enc = new GsmEncoder();
    const out = new Uint8Array(toast.length);
    for (let f = 0; f < 500; f++) {
      enc.encodeInto(speech.subarray(f * 160, f * 160 + 160), out.subarray(f * 33, f * 33 + 33));
    }
    expect(firstDifference(out, toast)).toBe(-1);
  });

  it('decodes the toast file to exactly the samples of untoast', () => {
    const dec = new GsmDecoder();
    const out = new Int16Array(untoast.length);
    for (let f = 0; f < 500; f++) {
      dec.decodeInto(toast.subarray(f * 33, f * 33 + 33), out.subarray(f * 160, f * 160 + 160));
    }
    expect(firstDifference(out, untoast)).toBe(-1);
  });

  it('encodes and decodes hard signals (full-scale square, noise, DC, chirp, Nyquist) as libgsm does', () => {
    // The square wave makes several LTP lags tie: only libgsm's single-precision
    // lag search reproduces toast's choice there.
    const input = pcm16(fixture('stress_8k.raw'));
    const coded = fixture('stress_8k.gsm');
    const decoded = pcm16(fixture('stress_8k.gsm.dec.raw'));
    const enc = new GsmEncoder(480);
    const out = new Uint8Array(coded.length);
    for (let f = 0; f < input.length / 480; f++) {
      enc.encodeInto(input.subarray(f * 480, f * 480 + 480), out.subarray(f * 99));
    }
    expect(firstDifference(out, coded)).toBe(-1);
    expect(firstDifference(gsm.createDecoder().decode(coded), decoded)).toBe(-1);
  });

  it('decodes 100 random frames (any parameter values, lags out of range) exactly as untoast', () => {
    const frames = fixture('random.gsm');
    const decoded = pcm16(fixture('random.gsm.dec.raw'));
    const dec = new GsmDecoder();
    const out = new Int16Array(decoded.length);
    for (let f = 0; f < 100; f++) dec.decodeInto(frames.subarray(f * 33, f * 33 + 33), out.subarray(f * 160));
    expect(firstDifference(out, decoded)).toBe(-1);
  });

  it('gives the same bytes when three frames go in one 60 ms payload', () => {
    const enc = gsm.createEncoder({ frameSamples: 480 });
    const dec = gsm.createDecoder();
    const payload = enc.encode(speech.subarray(0, 480));
    expect(payload).toEqual(toast.subarray(0, 99));
    expect(dec.decode(payload)).toEqual(untoast.subarray(0, 480));
  });
});

describe('GSM framing (RFC 3551 section 4.5.8)', () => {
  it('starts every frame with the 0xD signature nibble', () => {
    const enc = gsm.createEncoder();
    for (let f = 0; f < 20; f++) {
      expect(enc.encode(speech.subarray(f * 160, f * 160 + 160))[0]! >> 4).toBe(0xd);
    }
  });

  it('rejects payloads of a wrong length or without the signature, and keeps working', () => {
    const dec = gsm.createDecoder();
    const good = toast.subarray(0, 33);
    const bad = good.slice();
    bad[0] = 0x16;
    for (const payload of [new Uint8Array(0), good.subarray(0, 32), toast.subarray(0, 34), bad]) {
      let err: unknown;
      try {
        dec.decode(payload);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CodecError);
      expect((err as CodecError).code).toBe('malformed-payload');
    }
    // The rejected payloads left no trace: decoding continues bit-exactly.
    expect(dec.decode(good)).toEqual(untoast.subarray(0, 160));
  });
});

describe('GSM decoding of arbitrary frames', () => {
  it('decodes any 33 bytes with the signature (out-of-range lags included) and stays usable', () => {
    const dec = gsm.createDecoder();
    let seed = 99;
    const frame = new Uint8Array(33);
    for (let n = 0; n < 300; n++) {
      for (let i = 0; i < 33; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        frame[i] = seed >> 16;
      }
      frame[0] = 0xd0 | (frame[0]! & 0x0f);
      const pcm = dec.decode(frame);
      expect(pcm).toHaveLength(160);
    }
    dec.reset();
    expect(dec.decode(toast.subarray(0, 33))).toEqual(untoast.subarray(0, 160));
  });
});

describe('GSM concealment', () => {
  const energy = (x: Int16Array): number => x.reduce((s, v) => s + v * v, 0);

  it('repeats the last frame attenuated and fades to silence', () => {
    const dec = gsm.createDecoder();
    // Decode into the loud middle of the file, then lose 25 frames.
    for (let f = 0; f < 120; f++) dec.decode(toast.subarray(f * 33, f * 33 + 33));
    const lastGood = dec.decode(toast.subarray(120 * 33, 121 * 33));
    const concealed = Array.from({ length: 25 }, () => dec.conceal!(160));
    expect(energy(concealed[0]!)).toBeGreaterThan(0);
    expect(energy(concealed[0]!)).toBeLessThan(4 * energy(lastGood));
    expect(energy(concealed[12]!)).toBeLessThan(energy(concealed[1]!));
    expect(energy(concealed[24]!)).toBeLessThan(energy(concealed[1]!) / 100);
  });

  it('gives silence before any frame and handles sizes that are not whole frames', () => {
    const dec = gsm.createDecoder();
    expect(dec.conceal!(100)).toEqual(new Int16Array(100));
    dec.decode(toast.subarray(0, 33));
    expect(dec.conceal!(250)).toHaveLength(250);
  });
});
