/**
 * In-band signalling inside a Speex stream (libspeex speex_callbacks.c):
 * mode 14 carries a Speex request (4-bit id, then a payload whose size the id
 * implies), mode 13 a user message (4-bit size). A decoder that does not act
 * on them must skip exactly their length, which is what this does.
 */
import type { SpeexBitReader } from './speex-bits.js';

/** Payload bits of a Speex in-band request by its 4-bit id. */
export function speexInbandPayloadBits(id: number): number {
  if (id < 2) return 1;
  if (id < 8) return 4;
  if (id < 10) return 8;
  if (id < 12) return 16;
  if (id < 14) return 32;
  return 64;
}

/**
 * Skips the in-band message that follows mode `m` (13 or 14). Returns false if
 * the stream ends inside it.
 */
export function handleInband(m: number, bits: SpeexBitReader): boolean {
  if (m === 14) {
    const id = bits.unpack(4);
    bits.advance(speexInbandPayloadBits(id));
  } else {
    // User in-band: libspeex's default handler skips 5 + 8 * size bits after the 4-bit size.
    const size = bits.unpack(4);
    bits.advance(5 + 8 * size);
  }
  return !bits.overflowed();
}
