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

// Bits of a wideband layer per high-band sub-mode, for skipping it (libspeex wb_skip_table).
const WB_SKIP = [0, 36, 112, 192, 352, 0, 0, 0];

/**
 * Finds the next narrowband frame: skips up to two wideband layers (a
 * narrowband decoder fed a wideband stream) and in-band messages. Returns the
 * 4-bit mode (0..8), -1 at the terminator or the end, -2 for a corrupt stream.
 */
export function readNbMode(bits: SpeexBitReader): number {
  for (;;) {
    if (bits.remaining() < 5) return -1;
    let wideband = bits.unpack(1);
    if (wideband) {
      // A wideband layer where narrowband was expected: skip it (up to two layers).
      for (let layer = 0; wideband; layer++) {
        if (layer === 2) return -2;
        const submode = bits.unpack(3);
        const advance = WB_SKIP[submode]!;
        if (advance === 0 && submode !== 0) return -2;
        if (advance > 0) bits.advance(advance - 4);
        if (bits.remaining() < 5) return -1;
        wideband = bits.unpack(1);
      }
    }
    if (bits.remaining() < 4) return -1;
    const m = bits.unpack(4);
    if (m === 15) return -1; // terminator
    if (m === 14 || m === 13) {
      if (!handleInband(m, bits)) return -2;
      continue;
    }
    if (m > 8) return -2;
    return m;
  }
}
