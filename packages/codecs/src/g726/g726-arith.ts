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
  // Mantissa with its leading one; 32 (one half) for zero. (mag - 1) >> 31 is -1 only for 0.
  const mant = ((mag << 6) >> exp) + (32 & ((mag - 1) >> 31));
  return (sign << 10) + (exp << 6) + mant;
}

let coefFloat: Int16Array | undefined;

/**
 * Every 16-bit two's complement predictor coefficient in the 11-bit floating
 * format FMULT (section 4.2.6) converts it to, magnitude taken from its top 14
 * bits, so that the conversion in the predictor's inner loop is one lookup.
 * FMULT itself is inlined in `G726State`.
 */
export function coefficientFloatTable(): Int16Array {
  if (!coefFloat) {
    coefFloat = new Int16Array(65536);
    for (let an = 0; an < 65536; an++) {
      const anmag = an >> 15 ? (16384 - (an >> 2)) & 8191 : an >> 2;
      coefFloat[an] = toFloat11(an >> 15, anmag);
    }
  }
  return coefFloat;
}

/**
 * LOG (section 4.2.2): the 11-bit log2 (4-bit exponent, 7-bit mantissa) of the
 * magnitude of a 16-bit two's complement difference. The sign is `d >> 15`.
 */
export function log2Magnitude(d: number): number {
  const neg = d >> 15;
  const mag = ((d ^ -neg) + neg) & 32767;
  const exp = 31 - Math.clz32(mag | 1);
  return (exp << 7) + (((mag << 7) >> exp) & 127);
}

/**
 * ANTILOG (section 4.2.3): 12-bit log value DQL and sign to the quantized
 * difference DQ as a 16-bit signed-magnitude pattern.
 */
export function antilog(dql: number, dqs: number): number {
  // A negative log (bit 11) means a magnitude of 0.
  const mag = (((128 + (dql & 127)) << 7) >> (14 - ((dql >> 7) & 15))) & ((dql >> 11) - 1);
  return (dqs << 15) + mag;
}

/** Sign-extends a 15-bit two's complement pattern to 16 bits. */
export function ext15(x: number): number {
  return x >> 14 ? x + 32768 : x;
}

/**
 * SUBTA, LOG, SUBTB and QUAN (sections 4.2.1 and 4.2.2): the code word for a
 * 14-bit two's complement sample `sl`, given the signal estimate `se` (15-bit
 * pattern), the scale factor `y` and a rate's quantizer table.
 */
export function quantizeSample(sl: number, se: number, y: number, quantize: Uint8Array): number {
  const d = ((sl >> 13 ? sl + 49152 : sl) + 65536 - ext15(se)) & 65535;
  const dln = (log2Magnitude(d) + 4096 - (y >> 2)) & 4095;
  return quantize[((d >> 15) << 12) | dln]!;
}
