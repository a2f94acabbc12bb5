import { describe, expect, it } from 'vitest';
import {
  createGsmParams,
  GSM_FRAME_BYTES,
  type GsmParams,
  packGsmFrame,
  unpackGsmFrame,
} from './gsm-frame.js';
import { LAR_BITS } from './gsm-tables.js';

/** Reference layout of RFC 3551 section 4.5.8 read with a plain MSB-first bit reader. */
function readWithBitReader(frame: Uint8Array): { magic: number; fields: number[] } {
  let bit = 0;
  const take = (width: number): number => {
    let v = 0;
    for (let i = 0; i < width; i++, bit++) v = (v << 1) | ((frame[bit >> 3]! >> (7 - (bit & 7))) & 1);
    return v;
  };
  const magic = take(4);
  const fields: number[] = [];
  for (const w of LAR_BITS) fields.push(take(w));
  for (let k = 0; k < 4; k++) {
    fields.push(take(7), take(2), take(2), take(6));
    for (let i = 0; i < 13; i++) fields.push(take(3));
  }
  expect(bit).toBe(264);
  return { magic, fields };
}

function flatten(p: GsmParams): number[] {
  const out = [...p.larc];
  for (let k = 0; k < 4; k++) {
    out.push(p.nc[k]!, p.bc[k]!, p.mc[k]!, p.xmaxc[k]!, ...p.xmc.subarray(k * 13, k * 13 + 13));
  }
  return out;
}

describe('GSM 06.10 frame packing (RFC 3551 section 4.5.8)', () => {
  it('writes the 76 parameters in the RFC bit order and reads them back', () => {
    let seed = 12345;
    const rnd = (max: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % (max + 1);
    };
    for (let trial = 0; trial < 200; trial++) {
      const p = createGsmParams();
      LAR_BITS.forEach((w, i) => {
        p.larc[i] = rnd((1 << w) - 1);
      });
      for (let k = 0; k < 4; k++) {
        p.nc[k] = rnd(127);
        p.bc[k] = rnd(3);
        p.mc[k] = rnd(3);
        p.xmaxc[k] = rnd(63);
      }
      for (let i = 0; i < 52; i++) p.xmc[i] = rnd(7);
      const frame = new Uint8Array(GSM_FRAME_BYTES + 2);
      packGsmFrame(p, frame, 1);
      const { magic, fields } = readWithBitReader(frame.subarray(1));
      expect(magic).toBe(0xd);
      expect(fields).toEqual(flatten(p));
      const back = createGsmParams();
      unpackGsmFrame(frame, 1, back);
      expect(flatten(back)).toEqual(flatten(p));
    }
  });
});
