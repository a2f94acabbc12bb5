/**
 * Per-rate tables of ITU-T G.726 (12/90), section 4.2: quantizer decision levels
 * (Tables 1 to 4), reconstruction levels (dqln), scale factor multipliers W(I) and
 * the speed-control function F(I), expanded into lookups indexed by code word.
 */

/** G.726 bit rate in kbit/s. */
export type G726Rate = 16 | 24 | 32 | 40;

/** Everything the per-sample algorithm needs for one rate. */
export interface G726RateTables {
  readonly rate: G726Rate;
  /** Bits per code word (2 to 5). */
  readonly bits: number;
  /**
   * Quantizer: code word I for a normalised log difference, indexed by
   * `(ds << 12) | dln` (sign bit, 12-bit dln).
   */
  readonly quantize: Uint8Array;
  /** Log reconstruction level DQLN per code word. */
  readonly dqln: Int16Array;
  /** Scale factor multiplier W(I) per code word (12-bit two's complement pattern). */
  readonly w: Int16Array;
  /** F(I) per code word. */
  readonly f: Int16Array;
  /** Predictor leak shift of the sixth-order update (section 4.2.6: 2^-9 at 40 kbit/s, else 2^-8). */
  readonly leak: number;
  /** Two's complement pattern added to the shifted coefficient when it is negative. */
  readonly leakSign: number;
}

/**
 * Decision levels per rate, as (lower bound of dln, code for a positive
 * difference), highest first; the last one covers the rest of the range.
 * dln >= 2048 is a negative log value, i.e. a difference far below the scale.
 */
const DECISIONS: Record<G726Rate, readonly (readonly [number, number])[]> = {
  16: [
    [2048, 0],
    [261, 1],
    [0, 0],
  ],
  24: [
    [2048, 7],
    [331, 3],
    [218, 2],
    [8, 1],
    [0, 7],
  ],
  32: [
    [3972, 1],
    [2048, 15],
    [400, 7],
    [349, 6],
    [300, 5],
    [246, 4],
    [178, 3],
    [80, 2],
    [0, 1],
  ],
  40: [
    [4080, 2],
    [3974, 1],
    [2048, 31],
    [553, 15],
    [528, 14],
    [502, 13],
    [475, 12],
    [445, 11],
    [413, 10],
    [378, 9],
    [339, 8],
    [298, 7],
    [250, 6],
    [198, 5],
    [139, 4],
    [68, 3],
    [0, 2],
  ],
};

/** DQLN for the magnitude part of I (I and its mirror share a level), Tables 1 to 4. */
const RECONSTRUCT: Record<G726Rate, readonly number[]> = {
  16: [116, 365],
  24: [2048, 135, 273, 373],
  32: [2048, 4, 135, 213, 273, 323, 373, 425],
  40: [2048, 4030, 28, 104, 169, 224, 274, 318, 358, 395, 429, 459, 488, 514, 539, 566],
};

const MULTIPLIER: Record<G726Rate, readonly number[]> = {
  16: [4074, 439],
  24: [4092, 30, 137, 582],
  32: [4084, 18, 41, 64, 112, 198, 355, 1122],
  40: [14, 14, 24, 39, 40, 41, 58, 100, 141, 179, 219, 280, 358, 440, 529, 696],
};

const SPEED: Record<G726Rate, readonly number[]> = {
  16: [0, 7],
  24: [0, 1, 2, 7],
  32: [0, 0, 0, 1, 1, 1, 3, 7],
  40: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6],
};

const BITS: Record<G726Rate, number> = { 16: 2, 24: 3, 32: 4, 40: 5 };

function build(rate: G726Rate): G726RateTables {
  const bits = BITS[rate];
  const max = (1 << bits) - 1;
  const half = 1 << (bits - 1);
  const quantize = new Uint8Array(8192);
  const decisions = DECISIONS[rate];
  for (let dln = 0; dln < 4096; dln++) {
    let code = decisions[decisions.length - 1]![1];
    for (const [bound, c] of decisions) {
      if (dln >= bound) {
        code = c;
        break;
      }
    }
    quantize[dln] = code;
    // A negative difference mirrors the code; code 0 is not used except at 16 kbit/s.
    let neg = max - code;
    if (neg === 0 && rate !== 16) neg = max;
    quantize[4096 | dln] = neg;
  }
  const dqln = new Int16Array(max + 1);
  const w = new Int16Array(max + 1);
  const f = new Int16Array(max + 1);
  for (let i = 0; i <= max; i++) {
    // The magnitude index: I itself when positive, its one's complement when negative.
    const im = i & half ? (max - i) & (half - 1) : i & (half - 1);
    w[i] = MULTIPLIER[rate][im]!;
    f[i] = SPEED[rate][im]!;
    // Reconstruction tables are symmetric around the sign: positive I uses im, negative uses max - I.
    dqln[i] = RECONSTRUCT[rate][i & half ? max - i : i]!;
  }
  return {
    rate,
    bits,
    quantize,
    dqln,
    w,
    f,
    leak: rate === 40 ? 9 : 8,
    leakSign: rate === 40 ? 65408 : 65280,
  };
}

const cache = new Map<G726Rate, G726RateTables>();

/** The tables of one rate, built on first use. */
export function g726Tables(rate: G726Rate): G726RateTables {
  let t = cache.get(rate);
  if (!t) {
    if (!(rate in BITS)) throw new RangeError(`G.726 has no ${rate} kbit/s rate`);
    t = build(rate);
    cache.set(rate, t);
  }
  return t;
}
