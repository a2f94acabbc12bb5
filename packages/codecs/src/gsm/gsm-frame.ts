import { LAR_BITS } from './gsm-tables.js';

/** Samples per GSM 06.10 frame (20 ms at 8 kHz). */
export const GSM_FRAME_SAMPLES = 160;
/** Bytes per packed frame (RFC 3551 section 4.5.8). */
export const GSM_FRAME_BYTES = 33;
/** The signature nibble that starts every frame. */
export const GSM_MAGIC = 0xd;

/** The 76 parameters of one GSM 06.10 frame (ETSI EN 300 961 table 1.1). */
export interface GsmParams {
  /** Log area ratios, 8 coded values. */
  readonly larc: Int16Array;
  /** LTP lag per sub-frame (40..120). */
  readonly nc: Int16Array;
  /** LTP gain per sub-frame (0..3). */
  readonly bc: Int16Array;
  /** RPE grid position per sub-frame (0..3). */
  readonly mc: Int16Array;
  /** Block amplitude per sub-frame (0..63). */
  readonly xmaxc: Int16Array;
  /** RPE pulses, 13 per sub-frame (0..7). */
  readonly xmc: Int16Array;
}

export function createGsmParams(): GsmParams {
  return {
    larc: new Int16Array(8),
    nc: new Int16Array(4),
    bc: new Int16Array(4),
    mc: new Int16Array(4),
    xmaxc: new Int16Array(4),
    xmc: new Int16Array(52),
  };
}

/** Copies every parameter of `from` into `to`. */
export function copyGsmParams(from: GsmParams, to: GsmParams): void {
  to.larc.set(from.larc);
  to.nc.set(from.nc);
  to.bc.set(from.bc);
  to.mc.set(from.mc);
  to.xmaxc.set(from.xmaxc);
  to.xmc.set(from.xmc);
}

/**
 * Packs parameters into 33 bytes, most significant bit first, after the 0xD
 * signature: LARc[0..7] (6,6,5,5,4,4,3,3 bits), then per sub-frame
 * Nc (7), bc (2), Mc (2), xmaxc (6) and 13 pulses of 3 bits (RFC 3551 section 4.5.8).
 */
export function packGsmFrame(p: GsmParams, out: Uint8Array): void {
  let acc = GSM_MAGIC;
  let bits = 4;
  let pos = 0;
  const put = (value: number, width: number): void => {
    acc = (acc << width) | (value & ((1 << width) - 1));
    bits += width;
    if (bits >= 8) {
      bits -= 8;
      out[pos++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  };
  for (let i = 0; i < 8; i++) put(p.larc[i]!, LAR_BITS[i]!);
  for (let k = 0; k < 4; k++) {
    put(p.nc[k]!, 7);
    put(p.bc[k]!, 2);
    put(p.mc[k]!, 2);
    put(p.xmaxc[k]!, 6);
    for (let i = 0; i < 13; i++) put(p.xmc[k * 13 + i]!, 3);
  }
}

/** Unpacks a 33-byte frame. Returns false when the length or the signature is wrong. */
export function unpackGsmFrame(frame: Uint8Array, p: GsmParams): boolean {
  if (frame.length !== GSM_FRAME_BYTES || frame[0]! >> 4 !== GSM_MAGIC) return false;
  let pos = 1;
  let acc = frame[0]! & 0x0f;
  let bits = 4;
  const get = (width: number): number => {
    while (bits < width) {
      acc = (acc << 8) | frame[pos++]!;
      bits += 8;
    }
    bits -= width;
    const v = (acc >> bits) & ((1 << width) - 1);
    acc &= (1 << bits) - 1;
    return v;
  };
  for (let i = 0; i < 8; i++) p.larc[i] = get(LAR_BITS[i]!);
  for (let k = 0; k < 4; k++) {
    p.nc[k] = get(7);
    p.bc[k] = get(2);
    p.mc[k] = get(2);
    p.xmaxc[k] = get(6);
    for (let i = 0; i < 13; i++) p.xmc[k * 13 + i] = get(3);
  }
  return true;
}
