import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testkit/signal.js';
import { g726PackedLength, packG726, unpackG726 } from './g726-pack.js';

describe('G.726 packing', () => {
  it('RFC 3551 puts the first code word in the least significant bits', () => {
    const out = new Uint8Array(3);
    expect(packG726(Uint8Array.of(0x1, 0x2, 0x3, 0x4, 0x5, 0x6), 6, 4, 'rfc3551', out)).toBe(3);
    expect([...out]).toEqual([0x21, 0x43, 0x65]);
    // 24 kbit/s: eight 3-bit words in three octets, the third word crossing the first boundary.
    const w = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 0);
    packG726(w, 8, 3, 'rfc3551', out);
    expect([...out]).toEqual([0b11_010_001, 0b0_101_100_0, 0b000_111_11]);
  });

  it('AAL2 (I.366.2) puts the first code word in the most significant bits', () => {
    const out = new Uint8Array(3);
    packG726(Uint8Array.of(0x1, 0x2, 0x3, 0x4, 0x5, 0x6), 6, 4, 'aal2', out);
    expect([...out]).toEqual([0x12, 0x34, 0x56]);
    packG726(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 0), 8, 3, 'aal2', out);
    expect([...out]).toEqual([0b001_010_01, 0b1_100_101_1, 0b10_111_000]);
  });

  it('round-trips random code words at every width and both packings, ignoring a partial last word', () => {
    const rnd = seededRandom(7);
    for (const bits of [2, 3, 4, 5]) {
      for (const packing of ['rfc3551', 'aal2'] as const) {
        for (const n of [0, 1, 7, 8, 9, 160, 163]) {
          const codes = Uint8Array.from({ length: n }, () => Math.floor(rnd() * (1 << bits)));
          const payload = new Uint8Array(g726PackedLength(n, bits));
          expect(packG726(codes, n, bits, packing, payload)).toBe(payload.length);
          const back = new Uint8Array(payload.length * 8);
          const m = unpackG726(payload, bits, packing, back);
          expect(m).toBe(Math.floor((payload.length * 8) / bits));
          expect(back.subarray(0, n)).toEqual(codes);
        }
      }
    }
  });
});
