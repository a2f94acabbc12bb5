import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeCodecConformance, firstDifference, snr } from '../testkit/index.js';
import {
  aal2G726_16,
  aal2G726_24,
  aal2G726_32,
  aal2G726_40,
  g726_16,
  g726_24,
  g726_32,
  g726_40,
} from './g726-codec.js';
import { unpackG726 } from './g726-pack.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/g726/${name}`, import.meta.url)));
const pcm16 = (b: Uint8Array): Int16Array =>
  new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));

const CODECS = [
  [16, g726_16, aal2G726_16, 8],
  [24, g726_24, aal2G726_24, 13],
  [32, g726_32, aal2G726_32, 18],
  [40, g726_40, aal2G726_40, 23],
] as const;

for (const [rate, rfc, aal2, minSnr] of CODECS) {
  const payloadBytes = (n: number): number => (n * rate) / 64;
  describeCodecConformance(rfc, { minSnrDb: minSnr, payloadBytes });
  describeCodecConformance(aal2, { minSnrDb: minSnr, payloadBytes });
}

/** Decodes a whole file in 20 ms payloads. */
function decodeFile(factory: typeof g726_32, payload: Uint8Array, rate: number): Int16Array {
  const dec = factory.createDecoder();
  const bytes = (160 * rate) / 64;
  const out = new Int16Array((payload.length * 8) / (rate / 8));
  for (let p = 0, at = 0; p < payload.length; p += bytes) {
    const pcm = dec.decode(payload.subarray(p, p + bytes));
    out.set(pcm, at);
    at += pcm.length;
  }
  return out;
}

describe('G.726 against the ffmpeg 5.1 files (audio/)', () => {
  const speech = pcm16(fixture('speech_8k.raw'));

  for (const [rate, rfc, aal2] of CODECS) {
    it(`G726-${rate} (g726le) and AAL2-G726-${rate} (g726) carry the same code words, packed as the names say`, () => {
      const bits = rate / 8;
      const le = new Uint8Array(80000);
      const be = new Uint8Array(80000);
      expect(unpackG726(fixture(`speech_8k.g726le-${rate}`), bits, 'rfc3551', le)).toBe(80000);
      expect(unpackG726(fixture(`speech_8k.g726-${rate}`), bits, 'aal2', be)).toBe(80000);
      expect(firstDifference(le, be)).toBe(-1);
      // Hence the two factories decode the two files to the same PCM.
      const fromLe = decodeFile(rfc, fixture(`speech_8k.g726le-${rate}`), rate);
      const fromBe = decodeFile(aal2, fixture(`speech_8k.g726-${rate}`), rate);
      expect(firstDifference(fromLe, fromBe)).toBe(-1);
    });
  }

  it('decodes ffmpeg G726-32 within 30 dB of ffmpeg’s own decode', () => {
    // ffmpeg's encoder and decoder are not bit-exact with G.726 (ours are, against the ITU
    // sequences), so the outputs agree closely but not exactly.
    const ours = decodeFile(g726_32, fixture('speech_8k.g726le-32'), 32);
    expect(snr(pcm16(fixture('speech_8k.g726-32.dec.raw')), ours)).toBeGreaterThan(30);
  });

  // ffmpeg's decode SNR against the input, measured on speech_8k.g726-NN.dec.raw.
  const FFMPEG_SNR: Record<number, number> = { 16: 11.13, 24: 15.67, 32: 21.05, 40: 26.49 };

  for (const [rate, rfc] of CODECS) {
    it(`encodes speech at ${rate} kbit/s as well as ffmpeg does (SNR within 0.5 dB)`, () => {
      const enc = rfc.createEncoder();
      const payloads: Uint8Array[] = [];
      for (let k = 0; k < speech.length; k += 160) payloads.push(enc.encode(speech.subarray(k, k + 160)));
      const dec = rfc.createDecoder();
      const out = new Int16Array(speech.length);
      payloads.forEach((p, k) => {
        out.set(dec.decode(p), k * 160);
      });
      expect(snr(speech, out)).toBeGreaterThan(FFMPEG_SNR[rate]! - 0.5);
    });
  }

  it('decodes ffmpeg’s G726-16/24/32 streams as well as ffmpeg does (its 40k stream is not G.726: see README)', () => {
    for (const [rate, rfc] of CODECS) {
      if (rate === 40) continue;
      const out = decodeFile(rfc, fixture(`speech_8k.g726le-${rate}`), rate);
      expect(snr(speech, out)).toBeGreaterThan(FFMPEG_SNR[rate]! - 0.5);
    }
  });
});

describe('G.726 concealment', () => {
  const speech = pcm16(fixture('speech_8k.raw'));

  /** Decodes with every 8th 20 ms frame lost; `lost` fills a gap. */
  function withLosses(lost: (dec: ReturnType<typeof g726_32.createDecoder>) => Int16Array): Int16Array {
    const enc = g726_32.createEncoder();
    const dec = g726_32.createDecoder();
    const out = new Int16Array(speech.length);
    for (let f = 0; f * 160 < speech.length; f++) {
      const payload = enc.encode(speech.subarray(f * 160, f * 160 + 160));
      out.set(f % 8 === 5 ? lost(dec) : dec.decode(payload), f * 160);
    }
    return out;
  }

  it('beats silence substitution on speech with every 8th 20 ms frame lost', () => {
    const concealed = withLosses((dec) => dec.conceal!(160));
    const silent = withLosses(() => new Int16Array(160));
    // Measured: 0.65 dB better (7.0 against 6.3 dB over the whole file; the lost frames also
    // desynchronise the ADPCM state for what follows). Without running the state over the
    // substitute the gain is only 0.25 dB, so this also checks that tracking.
    expect(snr(speech, concealed) - snr(speech, silent)).toBeGreaterThan(0.45);
  });
});
