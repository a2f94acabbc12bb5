/**
 * G.711 companding (ITU-T G.711, with the rounding of the ITU-T G.191 STL
 * reference): scalar functions, and 64K-entry encode / 256-entry decode tables
 * built from them on first use. Linear samples are 16-bit two's complement;
 * A-law uses the top 13 bits, µ-law the top 14.
 */

/**
 * A-law code of a 16-bit sample. Negative inputs take the one's complement as
 * magnitude (G.191 `alaw_compress`), so -1 and 0 land on either side of zero.
 */
export function alawCompress(x: number): number {
  let ix = x < 0 ? ~x >> 4 : x >> 4;
  if (ix > 15) {
    let exp = 1;
    while (ix > 16 + 15) {
      ix >>= 1;
      exp++;
    }
    ix = ix - 16 + (exp << 4);
  }
  if (x >= 0) ix |= 0x80;
  return ix ^ 0x55; // even-bit inversion (G.711 Table 1)
}

/** 16-bit linear value of an A-law code: the middle of its quantisation interval. */
export function alawExpand(code: number): number {
  const ix = (code ^ 0x55) & 0x7f;
  const exp = ix >> 4;
  let mant = ix & 0x0f;
  if (exp > 0) mant += 16;
  mant = (mant << 4) + 8;
  if (exp > 1) mant <<= exp - 1;
  return (code ^ 0x55) & 0x80 ? mant : -mant;
}

/** µ-law code of a 16-bit sample (G.191 `ulaw_compress`: one's complement magnitude, bias 33). */
export function ulawCompress(x: number): number {
  let abs = x < 0 ? (~x >> 2) + 33 : (x >> 2) + 33;
  if (abs > 0x1fff) abs = 0x1fff;
  let seg = 1;
  for (let i = abs >> 6; i !== 0; i >>= 1) seg++;
  const code = ((8 - seg) << 4) | (0x0f - ((abs >> seg) & 0x0f));
  return x >= 0 ? code | 0x80 : code;
}

/** 16-bit linear value of a µ-law code. */
export function ulawExpand(code: number): number {
  const inv = ~code & 0xff;
  const exp = (inv >> 4) & 7;
  const step = 4 << (exp + 1);
  const mag = (0x80 << exp) + step * (inv & 0x0f) + step / 2 - 4 * 33;
  return code & 0x80 ? mag : 0 - mag;
}

let alawEnc: Uint8Array | undefined;
let ulawEnc: Uint8Array | undefined;
let alawDec: Int16Array | undefined;
let ulawDec: Int16Array | undefined;

function encodeTable(compress: (x: number) => number): Uint8Array {
  const t = new Uint8Array(65536);
  for (let u = 0; u < 65536; u++) t[u] = compress((u << 16) >> 16);
  return t;
}

function decodeTable(expand: (code: number) => number): Int16Array {
  const t = new Int16Array(256);
  for (let c = 0; c < 256; c++) t[c] = expand(c);
  return t;
}

/** A-law encode table indexed by the sample's 16-bit pattern (`x & 0xffff`). Built once, on first use. */
export function alawEncodeTable(): Uint8Array {
  alawEnc ??= encodeTable(alawCompress);
  return alawEnc;
}

/** µ-law encode table indexed by `x & 0xffff`. */
export function ulawEncodeTable(): Uint8Array {
  ulawEnc ??= encodeTable(ulawCompress);
  return ulawEnc;
}

/** A-law decode table indexed by code. */
export function alawDecodeTable(): Int16Array {
  alawDec ??= decodeTable(alawExpand);
  return alawDec;
}

/** µ-law decode table indexed by code. */
export function ulawDecodeTable(): Int16Array {
  ulawDec ??= decodeTable(ulawExpand);
  return ulawDec;
}

/** Which G.711 law. */
export type G711Law = 'alaw' | 'ulaw';

/**
 * Encodes `pcm` into `out` (at least `pcm.length` bytes) with table lookups and
 * returns the number of bytes written.
 */
export function g711Encode(law: G711Law, pcm: Int16Array, out: Uint8Array): number {
  const t = law === 'alaw' ? alawEncodeTable() : ulawEncodeTable();
  const n = pcm.length;
  for (let i = 0; i < n; i++) out[i] = t[pcm[i]! & 0xffff]!;
  return n;
}

/** Decodes `codes` into `out` (at least `codes.length` samples) and returns the sample count. */
export function g711Decode(law: G711Law, codes: Uint8Array, out: Int16Array): number {
  const t = law === 'alaw' ? alawDecodeTable() : ulawDecodeTable();
  const n = codes.length;
  for (let i = 0; i < n; i++) out[i] = t[codes[i]!]!;
  return n;
}
