/**
 * RFC 3951 section 3.8 bit packing. The parameters of a frame are sent in three
 * classes of decreasing importance, each field split into bit groups; a layout
 * is the list of those groups in bitstream order (field offset, bits, shift).
 * The same table drives unpacking (decoder) and packing (encoder).
 */

/** Offsets of the fields in a flat parameter vector (`Int16Array(PARAM_COUNT)`). */
export const P_LSF = 0; // 6 LSF split-VQ indices (3 per LSF vector)
export const P_START = 6; // start sub-block, 1-based
export const P_STATE_FIRST = 7; // 1: the scalar state is the first part of the start interval
export const P_IFM = 8; // 6-bit index of the state's maximum amplitude
export const P_IDX = 9; // 57 or 58 3-bit state samples
export const P_CB = 67; // 15 codebook indices (3 stages x 5 sub-blocks)
export const P_GAIN = 82; // 15 gain indices
export const PARAM_COUNT = 97;

/** One bit group: the field's slot in the parameter vector, bit count and left shift. */
export type BitGroup = readonly [slot: number, bits: number, shift: number];

function push(out: BitGroup[], slot: number, bits: number, shift = 0): void {
  out.push([slot, bits, shift]);
}

function cb(out: BitGroup[], k: number, bits: number, shift = 0): void {
  push(out, P_CB + k, bits, shift);
}

function gain(out: BitGroup[], k: number, bits: number, shift = 0): void {
  push(out, P_GAIN + k, bits, shift);
}

function layout20(): BitGroup[] {
  const o: BitGroup[] = [];
  push(o, P_LSF, 6);
  push(o, P_LSF + 1, 7);
  push(o, P_LSF + 2, 7);
  push(o, P_START, 2);
  push(o, P_STATE_FIRST, 1);
  push(o, P_IFM, 6);
  cb(o, 0, 6, 1);
  gain(o, 0, 2, 3);
  gain(o, 1, 1, 3);
  cb(o, 3, 7, 1);
  gain(o, 3, 1, 4);
  gain(o, 4, 1, 3);
  gain(o, 6, 1, 4);
  // Class 2
  for (let j = 0; j < 57; j++) push(o, P_IDX + j, 1, 2);
  gain(o, 1, 1, 2);
  gain(o, 3, 2, 2);
  gain(o, 4, 1, 2);
  gain(o, 6, 1, 3);
  gain(o, 7, 2, 2);
  // Class 3
  for (let j = 0; j < 57; j++) push(o, P_IDX + j, 2);
  cb(o, 0, 1);
  cb(o, 1, 7);
  cb(o, 2, 6, 1);
  cb(o, 2, 1);
  gain(o, 0, 3);
  gain(o, 1, 2);
  gain(o, 2, 3);
  cb(o, 3, 1);
  cb(o, 4, 6, 1);
  cb(o, 4, 1);
  cb(o, 5, 7);
  cb(o, 6, 8);
  cb(o, 7, 8);
  cb(o, 8, 8);
  gain(o, 3, 2);
  gain(o, 4, 2);
  gain(o, 5, 3);
  gain(o, 6, 3);
  gain(o, 7, 2);
  gain(o, 8, 3);
  return o;
}

function layout30(): BitGroup[] {
  const o: BitGroup[] = [];
  push(o, P_LSF, 6);
  push(o, P_LSF + 1, 7);
  push(o, P_LSF + 2, 7);
  push(o, P_LSF + 3, 6);
  push(o, P_LSF + 4, 7);
  push(o, P_LSF + 5, 7);
  push(o, P_START, 3);
  push(o, P_STATE_FIRST, 1);
  push(o, P_IFM, 6);
  cb(o, 0, 4, 3);
  gain(o, 0, 1, 4);
  gain(o, 1, 1, 3);
  cb(o, 3, 6, 2);
  gain(o, 3, 1, 4);
  gain(o, 4, 1, 3);
  // Class 2
  for (let j = 0; j < 58; j++) push(o, P_IDX + j, 1, 2);
  cb(o, 0, 2, 1);
  gain(o, 0, 1, 3);
  gain(o, 1, 1, 2);
  cb(o, 3, 1, 1);
  cb(o, 6, 1, 7);
  cb(o, 6, 6, 1);
  cb(o, 9, 7, 1);
  cb(o, 12, 3, 5);
  cb(o, 12, 4, 1);
  gain(o, 3, 2, 2);
  gain(o, 4, 2, 1);
  gain(o, 6, 2, 3);
  gain(o, 7, 2, 2);
  gain(o, 9, 1, 4);
  gain(o, 10, 1, 3);
  gain(o, 12, 1, 4);
  gain(o, 13, 1, 3);
  // Class 3
  for (let j = 0; j < 58; j++) push(o, P_IDX + j, 2);
  cb(o, 0, 1);
  cb(o, 1, 7);
  cb(o, 2, 4, 3);
  cb(o, 2, 3);
  gain(o, 0, 3);
  gain(o, 1, 2);
  gain(o, 2, 3);
  cb(o, 3, 1);
  cb(o, 4, 4, 3);
  cb(o, 4, 3);
  cb(o, 5, 7);
  cb(o, 6, 1);
  cb(o, 7, 5, 3);
  cb(o, 7, 3);
  cb(o, 8, 8);
  cb(o, 9, 1);
  cb(o, 10, 4, 4);
  cb(o, 10, 4);
  cb(o, 11, 8);
  cb(o, 12, 1);
  cb(o, 13, 3, 5);
  cb(o, 13, 5);
  cb(o, 14, 8);
  gain(o, 3, 2);
  gain(o, 4, 1);
  gain(o, 5, 3);
  gain(o, 6, 3);
  gain(o, 7, 2);
  gain(o, 8, 3);
  gain(o, 9, 4);
  gain(o, 10, 1, 2);
  gain(o, 10, 2);
  gain(o, 11, 3);
  gain(o, 12, 4);
  gain(o, 13, 3);
  gain(o, 14, 3);
  return o;
}

const LAYOUT_20 = layout20();
const LAYOUT_30 = layout30();

/** Bit layout of a 20 ms (38-byte) or 30 ms (50-byte) frame, without the final empty-frame bit. */
export function frameLayout(mode: 20 | 30): readonly BitGroup[] {
  return mode === 20 ? LAYOUT_20 : LAYOUT_30;
}

/**
 * Unpacks one frame into `params` (zeroed first). Returns the final bit, the
 * empty-frame indicator of RFC 3951 section 3.8 (1 means "treat as lost").
 */
export function unpackFrame(frame: Uint8Array, mode: 20 | 30, params: Int16Array): number {
  params.fill(0);
  let pos = 0;
  const read = (bits: number): number => {
    let v = 0;
    for (let b = 0; b < bits; b++, pos++) v = (v << 1) | ((frame[pos >> 3]! >> (7 - (pos & 7))) & 1);
    return v;
  };
  for (const [slot, bits, shift] of frameLayout(mode)) params[slot]! |= read(bits) << shift;
  return read(1);
}

/** Packs `params` into `out` (38 or 50 bytes), the empty-frame bit 0. */
export function packFrame(params: Int16Array, mode: 20 | 30, out: Uint8Array): number {
  const bytes = mode === 20 ? 38 : 50;
  out.fill(0, 0, bytes);
  let pos = 0;
  for (const [slot, bits, shift] of frameLayout(mode)) {
    const v = params[slot]! >> shift;
    for (let b = bits - 1; b >= 0; b--, pos++) {
      if ((v >> b) & 1) out[pos >> 3]! |= 0x80 >> (pos & 7);
    }
  }
  return bytes;
}
