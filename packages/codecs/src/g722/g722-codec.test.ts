import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../codec.js';
import { describeCodecConformance } from '../testkit/index.js';
import { g722 } from './g722-codec.js';
import { G722Decoder } from './g722-decoder.js';
import { G722Encoder } from './g722-encoder.js';

const fixture = (path: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)));
const pcm16 = (b: Uint8Array): Int16Array => new Int16Array(b.buffer, b.byteOffset, b.byteLength >> 1);

function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

// The QMF pair delays the signal by 22 samples (23 taps of history less one).
describeCodecConformance(g722, {
  minSnrDb: 25,
  minSegmentalSnrDb: 27,
  delaySamples: 22,
  payloadBytes: (n) => n / 2,
});

describe('G.722 against the ITU-T test sequences (G.191 STL, from reset)', () => {
  const input = pcm16(fixture('itu-g722/inpsp.bin'));
  // codspw.cod: one 8-bit code in the low byte of each 16-bit little-endian word.
  const words = pcm16(fixture('itu-g722/codspw.cod'));
  const codes = Uint8Array.from(words, (w) => w & 0xff);

  it('has codes only in the low byte of each word', () => {
    expect(words.every((w) => (w & 0xff00) === 0)).toBe(true);
    expect(codes.length * 2).toBe(input.length);
  });

  it('encodes inpsp.bin at 64 kbit/s to exactly codspw.cod', () => {
    const out = new Uint8Array(codes.length);
    new G722Encoder().encodeSamples(input, out);
    expect(firstDifference(out, codes)).toBe(-1);
  });

  for (const mode of [1, 2, 3] as const) {
    it(`decodes codspw.cod in mode ${mode} (${[64, 56, 48][mode - 1]} kbit/s) to exactly outsp${mode}.bin`, () => {
      const expected = pcm16(fixture(`itu-g722/outsp${mode}.bin`));
      const out = new G722Decoder(mode).decode(codes);
      expect(firstDifference(out, expected)).toBe(-1);
    });
  }

  it('decodes the same in 20 ms packets as in one piece', () => {
    const dec = g722.createDecoder();
    const out = new Int16Array(2 * codes.length);
    for (let at = 0; at + 160 <= codes.length; at += 160) {
      dec.decodeInto!(codes.subarray(at, at + 160), out.subarray(2 * at));
    }
    const whole = new G722Decoder(1).decode(codes);
    const n = Math.floor(codes.length / 160) * 320;
    expect(firstDifference(out.subarray(0, n), whole.subarray(0, n))).toBe(-1);
  });
});

describe('G.722 against ffmpeg (audio/speech_16k.g722, also equal to spandsp)', () => {
  const speech = pcm16(fixture('g722/speech_16k.raw'));
  const encoded = fixture('g722/speech_16k.g722');
  const decoded = pcm16(fixture('g722/speech_16k.g722.dec.raw'));

  it('encodes the speech file to exactly the bytes of ffmpeg, in 20 ms frames', () => {
    const enc = g722.createEncoder();
    const out = new Uint8Array(encoded.length);
    for (let at = 0; at < speech.length; at += 320) {
      enc.encodeInto!(speech.subarray(at, at + 320), out.subarray(at >> 1));
    }
    expect(firstDifference(out, encoded)).toBe(-1);
  });

  it('decodes the ffmpeg file to exactly the samples of ffmpeg', () => {
    expect(firstDifference(g722.createDecoder().decode(encoded), decoded)).toBe(-1);
  });

  it('matches ffmpeg on hard signals (full-scale square, noise, DC, chirp, Nyquist) both ways', () => {
    const input = pcm16(fixture('g722/stress_16k.raw'));
    const coded = fixture('g722/stress_16k.g722');
    const out = new Uint8Array(coded.length);
    new G722Encoder().encodeSamples(input, out);
    expect(firstDifference(out, coded)).toBe(-1);
    const back = pcm16(fixture('g722/stress_16k.g722.dec.raw'));
    expect(firstDifference(new G722Decoder().decode(coded), back)).toBe(-1);
  });

  it('decodes 4000 random codes exactly as ffmpeg', () => {
    const back = pcm16(fixture('g722/random.g722.dec.raw'));
    expect(firstDifference(new G722Decoder().decode(fixture('g722/random.g722')), back)).toBe(-1);
  });
});

describe('G.722 payload and concealment', () => {
  it('describes itself as RFC 3551 does: G722/8000, PT 9, 16 kHz sampling', () => {
    expect([g722.name, g722.clockRate, g722.sampleRate, g722.staticPayloadType]).toEqual([
      'G722',
      8000,
      16000,
      9,
    ]);
    expect(g722.createEncoder().encode(new Int16Array(320))).toHaveLength(160);
  });

  it('refuses a decoder mode other than 1, 2 or 3', () => {
    expect(() => new G722Decoder(4 as 1)).toThrow(CodecError);
  });

  it('puts the upper-band code in the two most significant bits', () => {
    // Silence from reset codes as 0xFA: upper band 3 (binary 11), lower band 0x3A.
    const out = g722.createEncoder().encode(new Int16Array(320));
    expect(out[0]).toBe(0xfa);
  });

  it('fades concealment out within 20 ms and recovers on the next packet', () => {
    const enc = g722.createEncoder();
    const dec = g722.createDecoder();
    const tone = Int16Array.from({ length: 320 }, (_, i) =>
      Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 16000)),
    );
    for (let k = 0; k < 10; k++) dec.decode(enc.encode(tone));
    enc.encode(tone); // the lost packet
    const first = dec.conceal!(320);
    const rms = (x: Int16Array, from: number, to: number): number =>
      Math.sqrt(x.subarray(from, to).reduce((s, v) => s + v * v, 0) / (to - from));
    expect(rms(first, 0, 80)).toBeGreaterThan(2000);
    expect(rms(first, 240, 320)).toBeLessThan(rms(first, 0, 80) / 3);
    enc.encode(tone); // the lost packet
    expect(dec.conceal!(320)).toEqual(new Int16Array(320));
    enc.encode(tone); // and another
    const back = dec.decode(enc.encode(tone));
    expect(rms(back, 160, 320)).toBeGreaterThan(3000);
  });
});
