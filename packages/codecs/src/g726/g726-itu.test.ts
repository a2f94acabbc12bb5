// Every ITU-T G.726 Appendix II test sequence listed in fixtures/itu-g726/INDEX.md, bit-exact.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { G726Decoder, G726Encoder } from './g726-engine.js';
import type { G726Law } from './g726-law.js';
import type { G726Rate } from './g726-tables.js';

/** One value per 16-bit little-endian word. */
function words(name: string): Uint16Array {
  const b = readFileSync(new URL(`../../fixtures/itu-g726/${name}`, import.meta.url));
  const out = new Uint16Array(b.length >> 1);
  for (let k = 0; k < out.length; k++) out[k] = b[2 * k]! | (b[2 * k + 1]! << 8);
  return out;
}

/** Low bytes of a code file, after checking that the high bytes are zero. */
function bytes(name: string): Uint8Array {
  const w = words(name);
  expect(w.every((v) => v < 256)).toBe(true);
  return Uint8Array.from(w);
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return k;
  return -1;
}

const RATES: readonly G726Rate[] = [16, 24, 32, 40];
const LAW: Record<'a' | 'm', G726Law> = { a: 'alaw', m: 'ulaw' };

describe.each(RATES)('G.726 %i kbit/s, ITU test sequences (reset at start)', (rate) => {
  for (const [input, lawKey] of [
    ['nrm.a', 'a'],
    ['ovr.a', 'a'],
    ['nrm.m', 'm'],
    ['ovr.m', 'm'],
  ] as const) {
    const expected = `r${input.startsWith('nrm') ? 'n' : 'v'}${rate}f${lawKey}.i`;
    it(`encodes ${input} (${LAW[lawKey]}) to ${expected}`, () => {
      const pcm = bytes(input);
      const ref = bytes(expected);
      const out = new Uint8Array(ref.length);
      new G726Encoder(rate).encodeLaw(LAW[lawKey], pcm, out, ref.length);
      expect(firstDifference(out, ref)).toBe(-1);
    });
  }

  // [code file, output law, expected G.711 output]
  const decodes: [string, G726Law, string][] = [];
  for (const kind of ['n', 'v']) {
    decodes.push([`r${kind}${rate}fa.i`, 'alaw', `r${kind}${rate}fa.o`]);
    decodes.push([`r${kind}${rate}fa.i`, 'ulaw', `r${kind}${rate}fx.o`]);
    decodes.push([`r${kind}${rate}fm.i`, 'ulaw', `r${kind}${rate}fm.o`]);
    decodes.push([`r${kind}${rate}fm.i`, 'alaw', `r${kind}${rate}fc.o`]);
  }
  decodes.push([`i${rate}`, 'alaw', `ri${rate}fa.o`]);
  decodes.push([`i${rate}`, 'ulaw', `ri${rate}fm.o`]);
  for (const [input, law, expected] of decodes) {
    it(`decodes ${input} to ${law} = ${expected}`, () => {
      const codes = bytes(input);
      const ref = bytes(expected);
      const out = new Uint8Array(ref.length);
      new G726Decoder(rate).decodeLaw(law, codes, out, ref.length);
      expect(firstDifference(out, ref)).toBe(-1);
    });
  }
});
