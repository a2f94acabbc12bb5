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
 * Packs parameters into 33 bytes at out[at..], most significant bit first,
 * after the 0xD signature: LARc[0..7] (6,6,5,5,4,4,3,3 bits), then per
 * sub-frame Nc (7), bc (2), Mc (2), xmaxc (6) and 13 pulses of 3 bits
 * (RFC 3551 section 4.5.8). Written out byte by byte: no loop state, no closure.
 */
export function packGsmFrame(p: GsmParams, out: Uint8Array, at: number): void {
  const l = p.larc;
  const l0 = l[0]! & 63;
  const l3 = l[3]! & 31;
  const l5 = l[5]! & 15;
  out[at] = (GSM_MAGIC << 4) | (l0 >> 2);
  out[at + 1] = ((l0 & 3) << 6) | (l[1]! & 63);
  out[at + 2] = ((l[2]! & 31) << 3) | (l3 >> 2);
  out[at + 3] = ((l3 & 3) << 6) | ((l[4]! & 15) << 2) | (l5 >> 2);
  out[at + 4] = ((l5 & 3) << 6) | ((l[6]! & 7) << 3) | (l[7]! & 7);
  const x = p.xmc;
  for (let k = 0, o = at + 5, j = 0; k < 4; k++, o += 7, j += 13) {
    const bc = p.bc[k]! & 3;
    const xmaxc = p.xmaxc[k]! & 63;
    const x2 = x[j + 2]! & 7;
    const x7 = x[j + 7]! & 7;
    const x10 = x[j + 10]! & 7;
    out[o] = ((p.nc[k]! & 127) << 1) | (bc >> 1);
    out[o + 1] = ((bc & 1) << 7) | ((p.mc[k]! & 3) << 5) | (xmaxc >> 1);
    out[o + 2] = ((xmaxc & 1) << 7) | ((x[j]! & 7) << 4) | ((x[j + 1]! & 7) << 1) | (x2 >> 2);
    out[o + 3] = ((x2 & 3) << 6) | ((x[j + 3]! & 7) << 3) | (x[j + 4]! & 7);
    out[o + 4] = ((x[j + 5]! & 7) << 5) | ((x[j + 6]! & 7) << 2) | (x7 >> 1);
    out[o + 5] = ((x7 & 1) << 7) | ((x[j + 8]! & 7) << 4) | ((x[j + 9]! & 7) << 1) | (x10 >> 2);
    out[o + 6] = ((x10 & 3) << 6) | ((x[j + 11]! & 7) << 3) | (x[j + 12]! & 7);
  }
}

/** Whether in[at..at+33) can be a frame: it must start with the 0xD signature. */
export function hasGsmSignature(frame: Uint8Array, at: number): boolean {
  return frame[at]! >> 4 === GSM_MAGIC;
}

/** Unpacks the 33-byte frame at frame[at..] (the caller checked its length and signature). */
export function unpackGsmFrame(frame: Uint8Array, at: number, p: GsmParams): void {
  const l = p.larc;
  const b0 = frame[at]!;
  const b1 = frame[at + 1]!;
  const b2 = frame[at + 2]!;
  const b3 = frame[at + 3]!;
  const b4 = frame[at + 4]!;
  l[0] = ((b0 & 15) << 2) | (b1 >> 6);
  l[1] = b1 & 63;
  l[2] = b2 >> 3;
  l[3] = ((b2 & 7) << 2) | (b3 >> 6);
  l[4] = (b3 >> 2) & 15;
  l[5] = ((b3 & 3) << 2) | (b4 >> 6);
  l[6] = (b4 >> 3) & 7;
  l[7] = b4 & 7;
  const x = p.xmc;
  for (let k = 0, o = at + 5, j = 0; k < 4; k++, o += 7, j += 13) {
    const c0 = frame[o]!;
    const c1 = frame[o + 1]!;
    const c2 = frame[o + 2]!;
    const c3 = frame[o + 3]!;
    const c4 = frame[o + 4]!;
    const c5 = frame[o + 5]!;
    const c6 = frame[o + 6]!;
    p.nc[k] = c0 >> 1;
    p.bc[k] = ((c0 & 1) << 1) | (c1 >> 7);
    p.mc[k] = (c1 >> 5) & 3;
    p.xmaxc[k] = ((c1 & 31) << 1) | (c2 >> 7);
    x[j] = (c2 >> 4) & 7;
    x[j + 1] = (c2 >> 1) & 7;
    x[j + 2] = ((c2 & 1) << 2) | (c3 >> 6);
    x[j + 3] = (c3 >> 3) & 7;
    x[j + 4] = c3 & 7;
    x[j + 5] = c4 >> 5;
    x[j + 6] = (c4 >> 2) & 7;
    x[j + 7] = ((c4 & 3) << 1) | (c5 >> 7);
    x[j + 8] = (c5 >> 4) & 7;
    x[j + 9] = (c5 >> 1) & 7;
    x[j + 10] = ((c5 & 1) << 2) | (c6 >> 6);
    x[j + 11] = (c6 >> 3) & 7;
    x[j + 12] = c6 & 7;
  }
}
