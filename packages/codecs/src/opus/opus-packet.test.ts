import { describe, expect, it } from 'vitest';
import { firstDifference } from '../testkit/snr.js';
import { loadOpusCodec } from './opus-codec.js';
import { opusPacketHasFec, opusPacketSamples } from './opus-packet.js';
import { speech48k, toStereo } from './opus-speech.test.util.js';

const opus = await loadOpusCodec();
const speech = toStereo(speech48k().subarray(0, 2 * 48000));

function encodeAll(params: Parameters<typeof opus.createEncoder>[0]): Uint8Array[] {
  const enc = opus.createEncoder(params);
  const n = enc.frameSamples * 2;
  const out: Uint8Array[] = [];
  for (let i = 0; i + n <= speech.length; i += n) out.push(enc.encode(speech.subarray(i, i + n)));
  return out;
}

describe('opusPacketSamples (RFC 6716 section 3)', () => {
  const cases: [string, Parameters<typeof opus.createEncoder>[0]][] = [
    ['SILK 10 ms', { frameSamples: 480, bitrate: 12000 }],
    ['SILK 20 ms', { bitrate: 12000 }],
    ['SILK 40 ms', { frameSamples: 1920, bitrate: 12000 }],
    ['SILK 60 ms', { frameSamples: 2880, bitrate: 12000 }],
    ['hybrid 20 ms', { bitrate: 32000 }],
    ['CELT 10 ms stereo', { frameSamples: 480, bitrate: 96000, fmtp: { stereo: '1' } }],
    ['CELT 40 ms stereo (code 3 packets)', { frameSamples: 1920, bitrate: 96000, fmtp: { stereo: '1' } }],
    ['CELT 60 ms CBR', { frameSamples: 2880, bitrate: 96000, fmtp: { cbr: '1' } }],
  ];
  for (const [name, params] of cases) {
    it(`gives the duration of ${name} packets`, () => {
      const frame = opus.createEncoder(params).frameSamples;
      for (const p of encodeAll(params)) expect(opusPacketSamples(p)).toBe(frame);
    });
  }

  it('rejects packets that break the framing rules', () => {
    const bad = [
      [],
      [0x01, 1], // code 1 with an odd number of frame bytes (R3)
      [0x02, 200, 1], // code 2 with a first frame longer than the packet (R4)
      [0x03], // code 3 without a frame count (R6)
      [0x03, 0x00], // zero frames (R5)
      [0x03, 0x43, 5], // padding beyond the end
      [0x03 | (3 << 3), 49], // 49 frames of 60 ms: more than 120 ms (R5)
    ];
    for (const b of bad) expect(opusPacketSamples(Uint8Array.from(b)), JSON.stringify(b)).toBeUndefined();
  });
});

describe('opusPacketHasFec (RFC 6716 section 4.2.4)', () => {
  it('finds no FEC without useinbandfec, nor in CELT-only packets', () => {
    for (const p of encodeAll({ bitrate: 24000 })) expect(opusPacketHasFec(p)).toBe(false);
    // With FEC, libopus stays hybrid even at 96 kbit/s (measured: config 15, mostly flagged).
    const hybrid = encodeAll({ bitrate: 96000, fmtp: { useinbandfec: '1' } }).filter(opusPacketHasFec);
    expect(hybrid.length).toBeGreaterThan(50);
    for (const p of hybrid) {
      const celt = p.slice();
      celt[0] = (31 << 3) | (p[0]! & 7); // same bytes, a CELT-only TOC
      expect(opusPacketHasFec(celt)).toBe(false);
    }
  });

  for (const [mode, bitrate] of [
    ['SILK', 24000],
    ['hybrid', 64000],
  ] as const) {
    it(`agrees with libopus on ${mode} packets: FEC decode differs from PLC exactly when the flag is set`, () => {
      const packets = encodeAll({ bitrate, fmtp: { useinbandfec: '1' } });
      let flagged = 0;
      for (let k = 6; k < packets.length; k += 3) {
        const plc = opus.createDecoder();
        const fec = opus.createDecoder();
        for (let j = k - 6; j < k - 1; j++) {
          plc.decode(packets[j]!);
          fec.decode(packets[j]!);
        }
        // Packet k-1 is lost; packet k may carry it.
        const differs = firstDifference(plc.conceal(960), fec.decodeFec(packets[k]!)) !== -1;
        expect(opusPacketHasFec(packets[k]!), `packet ${k}`).toBe(differs);
        if (differs) flagged++;
      }
      expect(flagged).toBeGreaterThan(10);
    });
  }

  it('reads the side channel flag of stereo SILK packets too, and survives garbage', () => {
    const packets = encodeAll({ bitrate: 40000, fmtp: { useinbandfec: '1', stereo: '1' } });
    expect(packets.filter((p) => (p[0]! & 4) !== 0 && opusPacketHasFec(p)).length).toBeGreaterThan(10);
    for (const b of [[], [0x00], [0x01, 1], [0xff, 0xff, 0xff], [0x0b]]) {
      expect(typeof opusPacketHasFec(Uint8Array.from(b))).toBe('boolean');
    }
  });
});
