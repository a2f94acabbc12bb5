/**
 * The G.711 side of G.726 (sections 4.2.1 and 4.2.8): expansion of A-law or
 * µ-law input to 14-bit uniform PCM, and in the decoder the compression of the
 * reconstructed signal back to G.711 with the synchronous coding adjustment,
 * which keeps tandem ADPCM-PCM-ADPCM codings free of cumulative distortion.
 *
 * Codes here are G.711 codes as on the wire (A-law with its even bits inverted).
 */
import { quantizeSample } from './g726-arith.js';
import type { G726RateTables } from './g726-tables.js';

/** Companding law of the PCM side. */
export type G726Law = 'alaw' | 'ulaw';

/** EXPAND of an A-law code (even bits already restored), to a 14-bit two's complement pattern. */
function expandA(code: number): number {
  let s = code ^ 128;
  let sig = 0;
  if (s >= 128) {
    s -= 128;
    sig = 4096;
  }
  const exp = s >> 4;
  const mant = s & 15;
  const ss = exp === 0 ? (mant << 1) + 1 + sig : (1 << (exp - 1)) * ((mant << 1) + 33) + sig;
  // 13-bit signed magnitude, doubled to the 14-bit scale of µ-law.
  const q = (ss & 4095) << 1;
  return ss >> 12 === 0 ? q : (16384 - q) & 16383;
}

function expandU(code: number): number {
  let s = code ^ 128;
  let sig = 0;
  if (s >= 128) {
    s -= 128;
    sig = 8192;
  }
  s ^= 127;
  const exp = s >> 4;
  const mant = s & 15;
  const ss = exp === 0 ? (mant << 1) + sig : (1 << exp) * ((mant << 1) + 33) - 33 + sig;
  const q = ss & 8191;
  return ss >> 13 === 0 ? q : (16384 - q) & 16383;
}

let expandTables: { alaw: Int16Array; ulaw: Int16Array } | undefined;

/** 14-bit uniform value (two's complement pattern) of every wire code, per law. */
export function g726ExpandTable(law: G726Law): Int16Array {
  if (!expandTables) {
    const alaw = new Int16Array(256);
    const ulaw = new Int16Array(256);
    for (let c = 0; c < 256; c++) {
      alaw[c] = expandA(c ^ 0x55);
      ulaw[c] = expandU(c);
    }
    expandTables = { alaw, ulaw };
  }
  return expandTables[law];
}

/** COMPRESS (section 4.2.8): 16-bit two's complement SR to a code without A-law bit inversion. */
function compress(sr: number, law: G726Law): number {
  const neg = sr >> 15;
  let im = neg ? (65536 - sr) & 32767 : sr;
  if (law === 'alaw') {
    if (sr === 32768) im = 2;
    let mag = neg ? ((im + 1) >> 1) - 1 : im >> 1;
    if (mag > 4095) mag = 4095;
    let seg = 7;
    for (let k = 1; k <= 7; k++) {
      mag += mag;
      if (mag >= 4096) break;
      seg = 7 - k;
    }
    const code = ((mag & 4095) >> 8) + (seg << 4) + (neg ? 128 : 0);
    return code ^ 128;
  }
  let mag = Math.min(im, 8158) + 1;
  let seg = 0;
  let ofst = 31;
  if (mag > ofst) {
    let prev = ofst;
    for (seg = 1; seg <= 8; seg++) {
      prev = ofst;
      ofst += 1 << (seg + 5);
      if (mag <= ofst) break;
    }
    mag -= prev + 1;
  }
  mag = Math.trunc(mag / (1 << (seg + 1)));
  return (mag + (seg << 4) + (neg ? 128 : 0)) ^ 255;
}

/**
 * Decoder output for the law-based PCM side: compresses SR, then re-quantizes
 * the result as the next encoder would and moves the PCM code one step up or
 * down when that would not give back code word `i` (SYNC, section 4.2.8).
 * `sr` is the sample's reconstructed signal, `se` and `y` its signal estimate
 * and scale factor. Returns the wire code.
 */
export function g726SyncOutput(
  law: G726Law,
  i: number,
  sr: number,
  se: number,
  y: number,
  t: G726RateTables,
): number {
  const sp = compress(sr, law);
  const table = g726ExpandTable(law);
  // The expand table is indexed by wire code; A-law wire codes have even bits inverted.
  const slx = table[law === 'alaw' ? sp ^ 0x55 : sp]!;
  const half = 1 << (t.bits - 1);
  const id = quantizeSample(slx, se, y, t.quantize) ^ half;
  const im = i ^ half;
  let sign = (sp & 128) >> 7;
  let mag = sp & 127;
  if (law === 'alaw') {
    if (id > im) {
      if (sign === 1 && mag === 0) sign = 0;
      else if (sign === 1) mag--;
      else if (mag !== 127) mag++;
    } else if (id < im) {
      if (sign === 1 && mag !== 127) mag++;
      else if (sign === 0 && mag === 0) sign = 1;
      else if (sign === 0) mag--;
    }
  } else if (id > im) {
    if (sign === 1 && mag === 127) {
      sign = 0;
      mag--;
    } else if (sign === 1) mag++;
    else if (mag !== 0) mag--;
  } else if (id < im) {
    if (sign === 1 && mag !== 0) mag--;
    else if (sign === 0 && mag === 127) sign = 1;
    else if (sign === 0) mag++;
  }
  const sd = mag + (sign << 7);
  return law === 'alaw' ? sd ^ 0x55 : sd;
}
