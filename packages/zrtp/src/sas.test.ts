import { describe, expect, it } from 'vitest';
import { PGP_EVEN_WORDS, PGP_ODD_WORDS } from './pgp-words.js';
import { B32_ALPHABET, renderB32, renderB256 } from './sas.js';

describe('SAS rendering (RFC 6189 section 5.1.6)', () => {
  it('has 256 distinct words in each PGP list', () => {
    expect(PGP_EVEN_WORDS).toHaveLength(256);
    expect(PGP_ODD_WORDS).toHaveLength(256);
    expect(new Set([...PGP_EVEN_WORDS, ...PGP_ODD_WORDS]).size).toBe(512);
  });

  it('maps known bytes to the published words', () => {
    // Fingerprint D1D4 64C0 04F0 0FB5 from the PGP word list documentation.
    const bytes = [0xd1, 0xd4, 0x64, 0xc0, 0x04, 0xf0, 0x0f, 0xb5];
    const words = bytes.map((b, i) => (i % 2 === 0 ? PGP_EVEN_WORDS : PGP_ODD_WORDS)[b]);
    expect(words.join(' ')).toBe('stairway souvenir flytrap recipe adrift upcoming artist positive');
    expect([PGP_EVEN_WORDS[0], PGP_ODD_WORDS[0], PGP_EVEN_WORDS[255], PGP_ODD_WORDS[255]]).toEqual([
      'aardvark',
      'adroitness',
      'Zulu',
      'Yucatan',
    ]);
  });

  it('B256 takes the leftmost 16 bits, even word then odd word', () => {
    expect(renderB256(new Uint8Array([0xd1, 0xd4, 0x99, 0x99]))).toBe('stairway souvenir');
  });

  it('B32 renders the leftmost 20 bits as four characters of the RFC alphabet', () => {
    expect(B32_ALPHABET).toHaveLength(32);
    expect(renderB32(new Uint8Array([0, 0, 0, 0xff]))).toBe('yyyy');
    // 0x08 0x86 0x42 -> bits 00001 00010 00011 00100 (then 0010, dropped)
    expect(renderB32(new Uint8Array([0x08, 0x86, 0x42, 0]))).toBe('bndr');
    expect(renderB32(new Uint8Array([0xff, 0xff, 0xf0, 0]))).toBe('9999');
  });
});
