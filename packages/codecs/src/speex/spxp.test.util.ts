/** Test helpers: the length-prefixed packet files made by test-helpers/speex/spx-ref.c. */
import { readFileSync } from 'node:fs';

/** Reads a fixture from fixtures/speex/. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/speex/${name}`, import.meta.url)));
}

/** Reads 16-bit little-endian PCM from fixtures/speex/. */
export function pcmFixture(name: string): Int16Array {
  const b = fixture(name);
  return new Int16Array(b.buffer, b.byteOffset, b.byteLength >> 1);
}

/** Splits a .spxp file (u16 little-endian length, then the packet) into packets. */
export function readSpxp(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let p = 0; p + 2 <= data.length; ) {
    const n = data[p]! | (data[p + 1]! << 8);
    out.push(data.subarray(p + 2, p + 2 + n));
    p += 2 + n;
  }
  return out;
}

/** Joins packets into a .spxp file. */
export function writeSpxp(packets: readonly Uint8Array[]): Uint8Array {
  const total = packets.reduce((n, p) => n + 2 + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of packets) {
    out[o] = p.length & 255;
    out[o + 1] = p.length >> 8;
    out.set(p, o + 2);
    o += 2 + p.length;
  }
  return out;
}

/** Concatenates PCM arrays. */
export function concatPcm(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
