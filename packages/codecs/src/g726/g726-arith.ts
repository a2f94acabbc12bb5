/**
 * The fixed-point arithmetic blocks of ITU-T G.726 section 4.2 that are not
 * simple table lookups. Values are unsigned bit patterns of the widths the
 * recommendation gives (for example a 16-bit two's complement number is kept
 * as 0..65535), so every step wraps exactly as the hardware-oriented
 * description does.
 */

/** Bit length of a non-negative integer (0 for 0). */
function bitLength(x: number): number {
  return 32 - Math.clz32(x);
}

/**
 * FLOATA / FLOATB (section 4.2.6): a signed magnitude (sign, 15-bit
 * magnitude) to the 11-bit floating format: sign, 4-bit exponent, 6-bit mantissa.
 */
export function toFloat11(sign: number, mag: number): number {
  const exp = bitLength(mag);
  const mant = mag === 0 ? 32 : (mag << 6) >> exp;
  return (sign << 10) + (exp << 6) + mant;
}

/**
 * FMULT (section 4.2.6): multiplies a 16-bit two's complement predictor
 * coefficient by an 11-bit floating-point sample, in the recommendation's
 * floating-point format, and returns a 16-bit two's complement pattern.
 */
export function fmult(an: number, srn: number): number {
  const ans = an >> 15;
  const anmag = ans === 0 ? an >> 2 : (16384 - (an >> 2)) & 8191;
  const anexp = bitLength(anmag);
  const anmant = anmag === 0 ? 32 : (anmag << 6) >> anexp;
  const wanexp = ((srn >> 6) & 15) + anexp;
  const wanmant = ((srn & 63) * anmant + 48) >> 4;
  const wanmag = wanexp <= 26 ? (wanmant << 7) >> (26 - wanexp) : ((wanmant << 7) << (wanexp - 26)) & 32767;
  return ((srn >> 10) ^ ans) === 0 ? wanmag : (65536 - wanmag) & 65535;
}

/**
 * LOG (section 4.2.2): the 11-bit log2 (4-bit exponent, 7-bit mantissa) of the
 * magnitude of a 16-bit two's complement difference. The sign is `d >> 15`.
 */
export function log2Magnitude(d: number): number {
  const mag = d >> 15 ? (65536 - d) & 32767 : d;
  const exp = mag === 0 ? 0 : 31 - Math.clz32(mag);
  return (exp << 7) + (((mag << 7) >> exp) & 127);
}

/**
 * ANTILOG (section 4.2.3): 12-bit log value DQL and sign to the quantized
 * difference DQ as a 16-bit signed-magnitude pattern.
 */
export function antilog(dql: number, dqs: number): number {
  const mag = dql >> 11 ? 0 : ((128 + (dql & 127)) << 7) >> (14 - ((dql >> 7) & 15));
  return (dqs << 15) + mag;
}

/** Signed magnitude (16-bit pattern) to 16-bit two's complement. */
export function signMagToTc(dq: number): number {
  return dq >> 15 ? (65536 - (dq & 32767)) & 65535 : dq;
}

/** Sign-extends a 15-bit two's complement pattern to 16 bits. */
export function ext15(x: number): number {
  return x >> 14 ? x + 32768 : x;
}
