import { describe, expect, it } from 'vitest';
import { CodecError } from '../codec.js';
import { findDelay, segmentalSnr, snr } from '../testkit/snr.js';
import type { SpeexBand } from './speex-band.js';
import { SpeexDecoder } from './speex-decoder.js';
import { readSpeexOgg } from './speex-ogg.js';
import { concatPcm, fixture, pcmFixture, readSpxp } from './spxp.test.util.js';

function decodeAll(band: SpeexBand, name: string, enhancer = true): Int16Array {
  const dec = new SpeexDecoder({ band, enhancer });
  return concatPcm(
    readSpxp(fixture(name)).map((p) => (p.length ? dec.decode(p) : dec.conceal(dec.frameSamples))),
  );
}

// libspeex 1.2.1 (Debian, float build) decoding the same streams, every frame kept.
// Our float arithmetic differs from C's single precision only in rounding, so the
// outputs agree to far beyond audibility; the floors below sit ~10 dB under the measured figures.
const cases: [SpeexBand, string, number][] = [
  ['nb', 'nb-q0', 65],
  ['nb', 'nb-q1', 65],
  ['nb', 'nb-q2', 65],
  ['nb', 'nb-q3', 65],
  ['nb', 'nb-q5', 65],
  ['nb', 'nb-q8', 65],
  ['nb', 'nb-q9', 65],
  ['nb', 'nb-q10', 65],
  ['nb', 'nb-vbr-dtx', 60],
  ['nb', 'nb-abr', 60],
  ['wb', 'wb-q2', 65],
  ['wb', 'wb-q6', 65],
  ['wb', 'wb-q8', 65],
  ['wb', 'wb-q10', 65],
  ['wb', 'wb-vbr-dtx', 60],
  ['uwb', 'uwb-q8', 65],
  // every 7th packet lost and a burst of 4: libspeex's concealment, reproduced
  ['nb', 'nb-q8-loss', 65],
  ['wb', 'wb-q8-loss', 65],
];

describe('Speex decoder against libspeex', () => {
  for (const [band, name, floor] of cases) {
    it(`${name}: matches libspeex's decode of the same stream`, () => {
      const ours = decodeAll(band, `${name}.spxp`);
      const ref = pcmFixture(`${name}.dec.raw`);
      expect(ours.length).toBe(ref.length);
      expect(snr(ref, ours)).toBeGreaterThan(floor);
      expect(segmentalSnr(ref, ours)).toBeGreaterThan(30);
    });
  }

  it('without the enhancer matches libspeex with SPEEX_SET_ENH 0', () => {
    const ours = decodeAll('nb', 'nb-q8.spxp', false);
    const ref = pcmFixture('nb-q8.noenh.raw');
    expect(snr(ref, ours)).toBeGreaterThan(65);
    // and the enhancer does change the output
    expect(snr(ref, decodeAll('nb', 'nb-q8.spxp', true))).toBeLessThan(30);
  });

  it("decodes the shared speech_8k.spx (Ogg) like speexdec's speech_8k.spx.dec.wav", () => {
    const r = readSpeexOgg(fixture('speech_8k.spx'));
    if (!r.ok) throw new Error(r.error);
    expect(r.file.header).toMatchObject({ rate: 8000, mode: 0, channels: 1, framesPerPacket: 1 });
    const dec = new SpeexDecoder({ band: 'nb' });
    const ours = concatPcm(r.file.packets.map((p) => dec.decode(p)));
    const wav = fixture('speech_8k.spx.dec.wav');
    const ref = new Int16Array(wav.buffer, wav.byteOffset + 44, (wav.byteLength - 44) >> 1);
    // speexdec drops the encoder look-ahead at the start (granule positions).
    const delay = findDelay(ref, ours, 400);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(snr(ref, ours, { delay })).toBeGreaterThan(65);
  });
});

describe('Speex RTP payloads (RFC 5574 section 3)', () => {
  const packets = readSpxp(fixture('nb-q8.spxp'));

  it('decodes several frames in one payload as the frames one by one', () => {
    const single = new SpeexDecoder();
    const one = concatPcm(packets.slice(0, 3).map((p) => single.decode(p)));
    // q8 frames are 300 bits: concatenated bit-wise, then padded with terminator bits.
    const multi = packBits(packets.slice(0, 3), 300);
    const joined = new SpeexDecoder().decode(multi);
    expect(joined.length).toBe(480);
    expect(Array.from(joined)).toEqual(Array.from(one));
  });

  it('skips in-band requests (mode 14) and user in-band data (mode 13)', () => {
    const plain = new SpeexDecoder().decode(packets[5]!);
    // mode 14, request id 4 (4-bit payload), then mode 13 with 1 byte: 4 + 4 + 4 + 4 + 4 + 5 + 8 bits.
    const prefix: [number, number][] = [
      [0, 1],
      [14, 4],
      [4, 4],
      [0xa, 4],
      [0, 1],
      [13, 4],
      [1, 4],
      [0x1f, 5],
      [0x5a, 8],
    ];
    const frame = bitsOf(packets[5]!, 300);
    const withInband = new SpeexDecoder().decode(
      toBytes([...prefix.flatMap(([v, n]) => bitsOfValue(v, n)), ...frame]),
    );
    expect(Array.from(withInband)).toEqual(Array.from(plain));
  });

  it('a narrowband decoder plays the low band of wideband and ultra-wideband streams', () => {
    for (const name of ['wb-q8', 'uwb-q8']) {
      const dec = new SpeexDecoder({ band: 'nb' });
      const out = concatPcm(readSpxp(fixture(`${name}.spxp`)).map((p) => dec.decode(p)));
      expect(out.length).toBe(8000);
      expect(rms(out)).toBeGreaterThan(300);
    }
  });

  it('a wideband decoder plays a narrowband stream with a silent high band', () => {
    const dec = new SpeexDecoder({ band: 'wb' });
    const out = concatPcm(readSpxp(fixture('nb-q8.spxp')).map((p) => dec.decode(p)));
    expect(out.length).toBe(16000);
    expect(rms(out)).toBeGreaterThan(300);
  });

  it('rejects payloads without a frame and invalid modes as malformed, and keeps working', () => {
    const dec = new SpeexDecoder();
    expect(() => dec.decode(new Uint8Array(0))).toThrow(CodecError);
    expect(() => dec.decode(Uint8Array.of(0x7f))).toThrow(CodecError); // mode 15 = terminator only
    expect(() => dec.decode(Uint8Array.of(0x48, 0))).toThrow(CodecError); // mode 9 is invalid
    expect(dec.decode(packets[0]!).length).toBe(160);
  });

  it('conceals lost frames with decaying output', () => {
    const dec = new SpeexDecoder();
    for (const p of packets.slice(0, 20)) dec.decode(p);
    const lost = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(() => rms(dec.conceal(160)));
    expect(lost[0]).toBeGreaterThan(10);
    expect(lost[11]!).toBeLessThan(lost[0]! / 4);
  });
});

function rms(x: Int16Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / x.length);
}

function bitsOfValue(v: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (v >> (n - 1 - i)) & 1);
}

function bitsOf(packet: Uint8Array, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (packet[i >> 3]! >> (7 - (i & 7))) & 1);
}

function toBytes(bits: number[]): Uint8Array {
  const b = [...bits];
  if (b.length % 8) {
    b.push(0);
    while (b.length % 8) b.push(1);
  }
  const out = new Uint8Array(b.length / 8);
  b.forEach((bit, i) => {
    if (bit) out[i >> 3]! |= 0x80 >> (i & 7);
  });
  return out;
}

function packBits(packets: Uint8Array[], bitsPerFrame: number): Uint8Array {
  return toBytes(packets.flatMap((p) => bitsOf(p, bitsPerFrame)));
}
