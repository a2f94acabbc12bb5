/**
 * Bit packing of G.726 code words into RTP payloads.
 *
 * - `rfc3551` (`G726-NN`, RFC 3551 section 4.5.4): the first code word sits in
 *   the least significant bits of the first octet and later ones follow towards
 *   the most significant bits, crossing octet boundaries (a little-endian bit
 *   stream; ffmpeg's `g726le`).
 * - `aal2` (`AAL2-G726-NN`, ITU-T I.366.2 Annex E, named by RFC 3551): the first
 *   code word in the most significant bits (a big-endian bit stream; ffmpeg's `g726`).
 */
export type G726Packing = 'rfc3551' | 'aal2';

/** Bytes needed for `n` code words of `bits` bits. */
export function g726PackedLength(n: number, bits: number): number {
  return Math.ceil((n * bits) / 8);
}

/** Packs `n` code words into `out` and returns the number of bytes written. */
export function packG726(
  codes: Uint8Array,
  n: number,
  bits: number,
  packing: G726Packing,
  out: Uint8Array,
): number {
  let acc = 0;
  let have = 0;
  let o = 0;
  if (packing === 'rfc3551') {
    for (let k = 0; k < n; k++) {
      acc |= codes[k]! << have;
      have += bits;
      if (have >= 8) {
        out[o++] = acc & 0xff;
        acc >>>= 8;
        have -= 8;
      }
    }
    if (have > 0) out[o++] = acc & 0xff;
  } else {
    for (let k = 0; k < n; k++) {
      acc = ((acc << bits) | codes[k]!) & 0xffff;
      have += bits;
      if (have >= 8) {
        have -= 8;
        out[o++] = (acc >> have) & 0xff;
      }
    }
    if (have > 0) out[o++] = (acc << (8 - have)) & 0xff;
  }
  return o;
}

/**
 * Unpacks every whole code word of `payload` into `codes` and returns how many
 * there were (`floor(8 * length / bits)`); trailing bits of a partial code word are ignored.
 */
export function unpackG726(
  payload: Uint8Array,
  bits: number,
  packing: G726Packing,
  codes: Uint8Array,
): number {
  const n = Math.floor((payload.length * 8) / bits);
  const mask = (1 << bits) - 1;
  let acc = 0;
  let have = 0;
  let p = 0;
  if (packing === 'rfc3551') {
    for (let k = 0; k < n; k++) {
      if (have < bits) {
        acc |= payload[p++]! << have;
        have += 8;
      }
      codes[k] = acc & mask;
      acc >>>= bits;
      have -= bits;
    }
  } else {
    for (let k = 0; k < n; k++) {
      if (have < bits) {
        acc = ((acc << 8) | payload[p++]!) & 0xffff;
        have += 8;
      }
      have -= bits;
      codes[k] = (acc >> have) & mask;
    }
  }
  return n;
}
