import { describe, expect, it } from 'vitest';
import { CodecError } from '../codec.js';
import { findDelay, segmentalSnr, snr } from '../testkit/snr.js';
import type { SpeexBand } from './speex-band.js';
import { SpeexDecoder } from './speex-decoder.js';
import { SpeexEncoder, type SpeexEncoderOptions } from './speex-encoder.js';
import { concatPcm, fixture, pcmFixture, readSpxp } from './spxp.test.util.js';

const inputs: Record<SpeexBand, string> = {
  nb: 'speech_8k_1s.raw',
  wb: 'speech_16k_1s.raw',
  uwb: 'speech_32k_1s.raw',
};

// Same settings as test-helpers/speex/make-ours.ts (libspeex's default complexity 2).
const ours: [string, SpeexEncoderOptions][] = [
  ['nb-q3', { band: 'nb', quality: 3, complexity: 2 }],
  ['nb-q8', { band: 'nb', quality: 8, complexity: 2 }],
  ['wb-q8', { band: 'wb', quality: 8, complexity: 2 }],
  ['uwb-q8', { band: 'uwb', quality: 8, complexity: 2 }],
  ['nb-vbr-dtx', { band: 'nb', quality: 4, complexity: 2, vbr: true, dtx: true }],
];

function encodeAll(opts: SpeexEncoderOptions, pcm: Int16Array): Uint8Array[] {
  const enc = new SpeexEncoder(opts);
  const out: Uint8Array[] = [];
  for (let i = 0; i + enc.frameSamples <= pcm.length; i += enc.frameSamples) {
    out.push(enc.encode(pcm.slice(i, i + enc.frameSamples)));
  }
  return out;
}

describe('Speex encoder interop with libspeex', () => {
  for (const [name, opts] of ours) {
    const band = opts.band ?? 'nb';
    it(`${name}: libspeex decodes our stream as well as its own`, () => {
      const input = pcmFixture(inputs[band]);
      // libspeex decoding libspeex's stream, and libspeex decoding ours (made by make-ours.ts).
      const theirs = pcmFixture(`${name}.dec.raw`);
      const mine = pcmFixture(`ours-${name}.libspeex.raw`);
      const delay = findDelay(input, theirs, 600);
      expect(findDelay(input, mine, 600)).toBe(delay);
      const o = { delay };
      expect(Math.abs(snr(input, mine, o) - snr(input, theirs, o))).toBeLessThan(0.3);
      expect(Math.abs(segmentalSnr(input, mine, o) - segmentalSnr(input, theirs, o))).toBeLessThan(0.3);
      expect(snr(input, mine, o)).toBeGreaterThan(band === 'nb' ? 2 : 6);
    });

    it(`${name}: our decoder reads our stream as libspeex does`, () => {
      const dec = new SpeexDecoder({ band });
      const decoded = concatPcm(readSpxp(fixture(`ours-${name}.spxp`)).map((p) => dec.decode(p)));
      expect(snr(pcmFixture(`ours-${name}.libspeex.raw`), decoded)).toBeGreaterThan(60);
    });

    it(`${name}: the encoder still produces the committed stream`, () => {
      const packets = encodeAll(opts, pcmFixture(inputs[band]));
      const committed = readSpxp(fixture(`ours-${name}.spxp`));
      expect(packets.length).toBe(committed.length);
      for (let i = 0; i < packets.length; i++) expect(packets[i]).toEqual(committed[i]);
    });
  }

  it('chooses the same frame sizes as libspeex: every packet length equal in CBR and VBR', () => {
    for (const [name] of ours) {
      const a = readSpxp(fixture(`ours-${name}.spxp`)).map((p) => p.length);
      const b = readSpxp(fixture(`${name}.spxp`)).map((p) => p.length);
      expect(a).toEqual(b);
    }
  });
});

describe('SpeexEncoder', () => {
  const speech = pcmFixture('speech_8k_1s.raw');

  it('packs several frames per packet, frames concatenated and padded once', () => {
    const one = new SpeexEncoder({ quality: 8 });
    const three = new SpeexEncoder({ quality: 8, framesPerPacket: 3 });
    const p3 = three.encode(speech.slice(0, 480));
    expect(p3.length).toBe(Math.ceil((3 * 300) / 8));
    const singles = [0, 1, 2].map((f) => one.encode(speech.slice(160 * f, 160 * (f + 1))));
    const dec = new SpeexDecoder();
    const fromSingles = concatPcm(singles.map((p) => dec.decode(p)));
    expect(Array.from(new SpeexDecoder().decode(p3))).toEqual(Array.from(fromSingles));
  });

  it('sends 5-bit DTX frames in silence with VBR and DTX', () => {
    const enc = new SpeexEncoder({ vbr: true, dtx: true, quality: 4 });
    const sizes: number[] = [];
    const silent: boolean[] = [];
    for (let f = 0; f < 30; f++) {
      sizes.push(enc.encode(new Int16Array(160)).length);
      silent.push(enc.lastPacketSilent);
    }
    expect(sizes.slice(5)).toContain(1);
    expect(silent.slice(5)).toContain(true);
    // and the decoder turns them (and missing packets after them) into quiet comfort noise
    const dec = new SpeexDecoder();
    const out = dec.decode(enc.encode(new Int16Array(160)));
    expect(out.every((v) => Math.abs(v) < 50)).toBe(true);
  });

  it('ABR steers towards the target average', () => {
    const enc = new SpeexEncoder({ abr: 11000 });
    let bits = 0;
    for (let r = 0; r < 3; r++) {
      for (let i = 0; i + 160 <= speech.length; i += 160)
        bits += 8 * enc.encode(speech.slice(i, i + 160)).length;
    }
    const bps = bits / 3;
    expect(bps).toBeGreaterThan(7000);
    expect(bps).toBeLessThan(15000);
  });

  it('rejects wrong frame sizes and frame counts', () => {
    expect(() => new SpeexEncoder().encode(new Int16Array(100))).toThrow(CodecError);
    expect(() => new SpeexEncoder({ framesPerPacket: 0 })).toThrow(CodecError);
  });
});
