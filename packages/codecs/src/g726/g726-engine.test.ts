import { describe, expect, it } from 'vitest';
import { G726Decoder, G726Encoder } from './g726-engine.js';

describe('G.726 single-sample and linear interfaces', () => {
  it('decodeUniform gives SR, and decodeLinear gives SR times 4', () => {
    const codes = Uint8Array.from({ length: 400 }, (_, k) => (k * 7 + (k >> 3)) & 15);
    const one = new G726Decoder(32);
    const block = new G726Decoder(32);
    const linear = new Int16Array(codes.length);
    block.decodeLinear(codes, linear);
    for (let k = 0; k < codes.length; k++) {
      const sr = one.decodeUniform(codes[k]!);
      expect(Math.max(-32768, Math.min(32767, sr * 4))).toBe(linear[k]);
    }
  });

  it('encodeUniform of x >> 2 equals encodeLinear of x', () => {
    const pcm = Int16Array.from({ length: 400 }, (_, k) =>
      Math.round(9000 * Math.sin(k / 5) + 300 * Math.cos(k)),
    );
    const block = new Uint8Array(pcm.length);
    new G726Encoder(24).encodeLinear(pcm, block);
    const one = new G726Encoder(24);
    for (let k = 0; k < pcm.length; k++) expect(one.encodeUniform(pcm[k]! >> 2)).toBe(block[k]);
  });
});
