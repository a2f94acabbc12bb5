import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  alawCompress,
  alawDecodeTable,
  alawEncodeTable,
  alawExpand,
  g711Decode,
  g711Encode,
  ulawCompress,
  ulawDecodeTable,
  ulawEncodeTable,
  ulawExpand,
} from './g711-law.js';

const fixture = (path: string): Buffer => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url));
/** The ITU files hold one value per 16-bit little-endian word. */
/** Fast element-wise equality of long arrays, reported as the first differing index. */
function expectSame(a: ArrayLike<number>, b: ArrayLike<number>): void {
  let first = a.length === b.length ? -1 : Math.min(a.length, b.length);
  for (let i = 0; i < a.length && first < 0; i++) if (a[i] !== b[i]) first = i;
  expect(first).toBe(-1);
}
const words = (path: string): Int16Array => {
  const b = fixture(path);
  return new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

describe('G.711 against the exhaustive tables (audio/g711)', () => {
  it('A-law encodes every 16-bit input as ITU-T G.191 does', () => {
    const ref = fixture('g711/alaw_enc_g191.bin');
    const table = alawEncodeTable();
    let diff = 0;
    for (let i = 0; i < 65536; i++) if (table[(i - 32768) & 0xffff] !== ref[i]) diff++;
    expect(diff).toBe(0);
  });

  it('µ-law encodes every 16-bit input as ITU-T G.191 does', () => {
    const ref = fixture('g711/ulaw_enc_g191.bin');
    const table = ulawEncodeTable();
    let diff = 0;
    for (let i = 0; i < 65536; i++) if (table[(i - 32768) & 0xffff] !== ref[i]) diff++;
    expect(diff).toBe(0);
  });

  it('decodes all 256 codes of both laws as sox, ffmpeg and spandsp do', () => {
    expectSame(alawDecodeTable(), words('g711/alaw_dec.s16le'));
    expectSame(ulawDecodeTable(), words('g711/ulaw_dec.s16le'));
  });

  it('puts the G.191 boundary values where the reference does', () => {
    expect([ulawCompress(-1), ulawCompress(0), alawCompress(0), alawCompress(-1)]).toEqual([
      0x7f, 0xff, 0xd5, 0x55,
    ]);
    expect([alawExpand(0xd5), alawExpand(0x55), ulawExpand(0xff), ulawExpand(0x7f)]).toEqual([8, -8, 0, 0]);
  });
});

describe('G.711 against the ITU-T G.191 sequences (itu/g711)', () => {
  const src = words('itu-g711/sweep.src');
  const encode = (law: 'alaw' | 'ulaw'): Uint8Array => {
    const out = new Uint8Array(src.length);
    g711Encode(law, src, out);
    return out;
  };
  const decode = (law: 'alaw' | 'ulaw', codes: Uint8Array): Int16Array => {
    const out = new Int16Array(codes.length);
    g711Decode(law, codes, out);
    return out;
  };
  /** Code files hold one code per word, in the low byte. */
  const codes = (path: string): Uint8Array => Uint8Array.from(words(path), (w) => w & 0xff);

  it('sweep.src -> A-law = sweep-r.a, and the high bytes of the code file are zero', () => {
    expect(words('itu-g711/sweep-r.a').every((w) => (w & 0xff00) === 0)).toBe(true);
    expectSame(encode('alaw'), codes('itu-g711/sweep-r.a'));
  });

  it('sweep.src -> µ-law = sweep-r.u', () => {
    expectSame(encode('ulaw'), codes('itu-g711/sweep-r.u'));
  });

  it('sweep.src -> A-law -> linear = sweep-r.a-a', () => {
    expectSame(decode('alaw', encode('alaw')), words('itu-g711/sweep-r.a-a'));
  });

  it('sweep.src -> µ-law -> linear = sweep-r.u-u', () => {
    expectSame(decode('ulaw', encode('ulaw')), words('itu-g711/sweep-r.u-u'));
  });

  it('sweep-r.a -> linear = sweep-r.rea, sweep-r.u -> linear = sweep-r.reu', () => {
    expectSame(decode('alaw', codes('itu-g711/sweep-r.a')), words('itu-g711/sweep-r.rea'));
    expectSame(decode('ulaw', codes('itu-g711/sweep-r.u')), words('itu-g711/sweep-r.reu'));
  });
});
