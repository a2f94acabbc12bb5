import { antilog, coefficientFloatTable, quantizeSample, toFloat11 } from './g726-arith.js';
import { type G726Law, g726ExpandTable, g726SyncOutput } from './g726-law.js';
import { type G726Rate, type G726RateTables, g726Tables } from './g726-tables.js';

// Slots of the scalar state vector (the delayed variables of G.726 Table 6).
const SR0 = 0; // newest reconstructed signal, 11-bit floating format
const DQ0 = 1; // newest quantized difference, 11-bit floating format
const DMS = 2;
const DML = 3;
const AP = 4;
const YU = 5;
const YL = 6;
const TD = 7;
const PK0 = 8;
const PK1 = 9;
const SLOTS = 10;

/**
 * The PCM side of a G.726 coder: 16-bit linear samples (`linear`, the top 14 bits
 * are used), 14-bit uniform PCM as G.726 section 4.2.1 defines it (`uniform`), or
 * G.711 codes of either law.
 */
export type G726PcmFormat = 'linear' | 'uniform' | G726Law;

/**
 * The state of a G.726 encoder or decoder (ITU-T G.726 section 4.2): quantizer
 * scale factor adaptation, adaptation speed control, the adaptive predictor
 * (2 poles, 6 zeros) and the tone and transition detector. `encode` and
 * `decode` run the blocks of the recommendation sample by sample over a
 * whole block, with the state held in local variables for speed. All
 * arithmetic is integer and wraps at the widths G.726 specifies, so the output
 * is bit-exact with the ITU test sequences.
 *
 * The rate may change between calls (variable-rate operation keeps the state).
 */
export class G726State {
  #t: G726RateTables;
  readonly #v = new Int32Array(SLOTS);
  /**
   * Predictor taps: coefficients b1..b6, a2, a1 (16-bit two's complement patterns)
   * and the samples they multiply, dq1..dq6, sr2, sr1 (11-bit floating format).
   */
  readonly #coef = new Int32Array(8);
  readonly #taps = new Int32Array(8);

  constructor(rate: G726Rate) {
    this.#t = g726Tables(rate);
    this.reset();
  }

  get rate(): G726Rate {
    return this.#t.rate;
  }

  /** Switches the rate for the following samples, keeping the state. */
  set rate(rate: G726Rate) {
    this.#t = g726Tables(rate);
  }

  /** Bits per code word at the current rate. */
  get bits(): number {
    return this.#t.bits;
  }

  /** Back to the reset values of G.726 Table 6 (section 4.3). */
  reset(): void {
    const v = this.#v;
    v.fill(0);
    v[SR0] = v[DQ0] = 32;
    v[YU] = 544;
    v[YL] = 34816;
    this.#coef.fill(0);
    this.#taps.fill(32);
  }

  /**
   * Encodes `n` samples from `src[from]` into code words at `codes[at]`.
   * `src` holds 16-bit linear samples, 14-bit uniform samples or G.711 codes, per `pcm`.
   */
  encode(
    pcm: G726PcmFormat,
    src: Int16Array | Uint8Array,
    codes: Uint8Array,
    n: number,
    from = 0,
    at = 0,
  ): void {
    const expand = pcm === 'alaw' || pcm === 'ulaw' ? g726ExpandTable(pcm) : undefined;
    const shift = pcm === 'linear' ? 2 : 0;
    this.#run(true, src, from, expand, shift, codes, at, undefined, n, undefined);
  }

  /**
   * Decodes `n` code words from `codes[from]` into `dst[at]`: 16-bit linear
   * samples (`linear`: SR scaled from 14 bits and saturated), the 16-bit SR
   * itself (`uniform`), or G.711 codes with the synchronous coding adjustment.
   */
  decode(
    pcm: G726PcmFormat,
    codes: Uint8Array,
    dst: Int16Array | Uint8Array,
    n: number,
    from = 0,
    at = 0,
  ): void {
    const law = pcm === 'alaw' || pcm === 'ulaw' ? pcm : undefined;
    const shift = pcm === 'linear' ? 2 : 0;
    this.#run(false, codes, from, undefined, shift, dst, at, law, n, pcm === 'linear' ? 1 : 0);
  }

  #run(
    encoding: boolean,
    src: Int16Array | Uint8Array,
    from: number,
    expand: Int16Array | undefined,
    shift: number,
    dst: Int16Array | Uint8Array,
    at: number,
    law: G726Law | undefined,
    n: number,
    saturate: number | undefined,
  ): void {
    const t = this.#t;
    const { quantize, dqln, w, f, leak, leakSign } = t;
    const signShift = t.bits - 1;
    const mask = (1 << t.bits) - 1;
    const cf = coefficientFloatTable();
    const coef = this.#coef;
    const taps = this.#taps;
    const v = this.#v;
    let sr0 = v[SR0]!;
    let dq0 = v[DQ0]!;
    let dms = v[DMS]!;
    let dml = v[DML]!;
    let ap = v[AP]!;
    let yu = v[YU]!;
    let yl = v[YL]!;
    let td = v[TD]!;
    let pk0 = v[PK0]!;
    let pk1 = v[PK1]!;

    for (let k = 0; k < n; k++) {
      // Delay lines (section 4.2.6): dq1..dq6 and sr2, sr1 for this sample.
      taps[5] = taps[4]!;
      taps[4] = taps[3]!;
      taps[3] = taps[2]!;
      taps[2] = taps[1]!;
      taps[1] = taps[0]!;
      taps[0] = dq0;
      taps[6] = taps[7]!;
      taps[7] = sr0;
      // FMULT and ACCUM: each coefficient times its tap in the 11-bit floating format
      // (sign, 4-bit exponent, 6-bit mantissa), summed modulo 2^16; the zeros alone give sez.
      // Written without data-dependent branches (sign selects as xor-and-add), which
      // mispredict badly on audio: same results, about twice the speed.
      let acc = 0;
      let sez = 0;
      for (let m = 0; m < 8; m++) {
        const an = cf[coef[m]!]!;
        const srn = taps[m]!;
        const e = ((srn >> 6) & 15) + ((an >> 6) & 15);
        const mant = ((srn & 63) * (an & 63) + 48) >> 4;
        // (mant << 7) scaled by 2^(e - 26), e <= 28, truncated to 15 bits.
        const mag = ((mant << 9) >> (28 - e)) & 32767;
        const neg = ((srn ^ an) >> 10) & 1;
        acc += ((mag ^ -neg) + neg) & 65535;
        if (m === 5) sez = (acc & 65535) >> 1;
      }
      const se = (acc & 65535) >> 1;

      // LIMA and MIX (4.2.4, 4.2.5): y = al * yu + (1 - al) * yl, al limited to 1.
      const al = ap >= 256 ? 64 : ap >> 2;
      const ylShort = yl >> 6;
      let dif = (yu + 16384 - ylShort) & 16383;
      const difNeg = dif >> 13;
      const difm = ((dif ^ -difNeg) + difNeg) & 8191;
      const prodm = (difm * al) >> 6;
      const y = (ylShort + (((prodm ^ -difNeg) + difNeg) & 16383)) & 8191;

      let i: number;
      if (encoding) {
        const x = src[from + k]!;
        const sl = expand ? expand[x]! : (x >> shift) & 16383;
        i = quantizeSample(sl, se, y, quantize);
        dst[at + k] = i;
      } else {
        i = src[from + k]! & mask;
      }

      // 4.2.3 inverse adaptive quantizer: RECONST, ADDA, ANTILOG.
      const dq = antilog((dqln[i]! + (y >> 2)) & 4095, i >> signShift);
      const dqmag = dq & 32767;

      // 4.2.5 adaptation speed control: FUNCTF, FILTA, FILTB.
      const fi = f[i]!;
      dif = ((fi << 9) + 8192 - dms) & 8191;
      dms = ((dif >> 5) + (3840 & -(dif >> 12)) + dms) & 4095;
      dif = ((fi << 11) + 32768 - dml) & 32767;
      dml = ((dif >> 7) + (16128 & -(dif >> 14)) + dml) & 16383;

      // 4.2.7 transition detector TRANS, on the old yl.
      const ylint = yl >> 15;
      const thr2 = ylint > 9 ? 31744 : (((yl >> 10) & 31) + 32) << ylint;
      const tr = td === 1 && dqmag > (thr2 + (thr2 >> 1)) >> 1;

      // 4.2.4 scale factor adaptation: FUNCTW, FILTD, LIMB, FILTE.
      dif = ((w[i]! << 5) + 131072 - y) & 131071;
      const yut = (y + (dif >> 5) + (4096 & -(dif >> 16))) & 8191;
      yu = ((yut + 15840) & 16383) >> 13 ? 544 : ((yut + 11264) & 16383) >> 13 ? yut : 5120;
      dif = (yu + ((1048576 - yl) >> 6)) & 16383;
      yl = (yl + dif + (507904 & -(dif >> 13))) & 524287;

      // ADDC, ADDB, FLOATA, FLOATB: signs for the pole update, reconstructed signal, new history.
      const dqs = dq >> 15;
      const dqi = ((dqmag ^ -dqs) + dqs) & 65535; // signed magnitude to two's complement
      const dqsez = (dqi + sez + ((sez >> 14) << 15)) & 65535;
      const pk2 = pk1;
      pk1 = pk0;
      pk0 = dqsez >> 15;
      const sigpk = dqsez === 0 ? 1 : 0;
      const sr = (dqi + se + ((se >> 14) << 15)) & 65535;
      const srs = sr >> 15;
      sr0 = toFloat11(srs, ((sr ^ -srs) + srs) & 32767);
      dq0 = toFloat11(dqs, dqmag);

      if (encoding) {
        // Nothing to output: the code word is out already.
      } else if (law) {
        dst[at + k] = g726SyncOutput(law, i, sr, se, y, t);
      } else {
        const out = ((sr << 16) >> 16) << shift;
        dst[at + k] = saturate ? (out > 32767 ? 32767 : Math.max(out, -32768)) : out;
      }

      // UPA2, LIMC: second pole coefficient.
      const a1 = coef[7]!;
      const a2 = coef[6]!;
      let a2p = 0;
      if (!sigpk) {
        const fa1 =
          a1 >> 15 ? (a1 >= 57345 ? (a1 << 2) & 131071 : 24577 << 2) : a1 <= 8191 ? a1 << 2 : 8191 << 2;
        const same = 1 - (pk0 ^ pk1); // f(a1) enters negated when the signs agree
        const fa = ((fa1 ^ -same) + same) & 131071;
        const uga2b = (16384 + 98304 * (pk0 ^ pk2) + fa) & 131071;
        a2p = (uga2b >> 7) + (64512 & -(uga2b >> 16));
      }
      const ula2 = (65536 - (a2 >> 7) - (65024 & -(a2 >> 15))) & 65535;
      a2p = (a2 + ((a2p + ula2) & 65535)) & 65535;
      if (a2p >= 32768 && a2p <= 53248) a2p = 53248;
      else if (a2p >= 12288 && a2p <= 32767) a2p = 12288;

      // UPA1, LIMD: first pole coefficient, limited by a2.
      const uga1 = (192 + 65152 * (pk0 ^ pk1)) * (1 - sigpk);
      const ula1 = (65536 - (a1 >> 8) - (65280 & -(a1 >> 15))) & 65535;
      let a1p = (a1 + ((uga1 + ula1) & 65535)) & 65535;
      const a1ul = (15360 + 65536 - a2p) & 65535;
      const a1ll = (a2p + 65536 - 15360) & 65535;
      if (a1p >= 32768 && a1p <= a1ll) a1p = a1ll;
      else if (a1p >= a1ul && a1p <= 32767) a1p = a1ul;

      // TONE; TRIGB resets the predictor on a transition.
      const tdp = a2p >= 32768 && a2p < 53760 ? 1 : 0;
      coef[6] = tr ? 0 : a2p;
      coef[7] = tr ? 0 : a1p;
      td = tr ? 0 : tdp;

      // SUBTC, FILTC, TRIGA: speed control parameter (on the old ap).
      dif = ((dms << 2) + 32768 - dml) & 32767;
      const dNeg = dif >> 14;
      const dmag = ((dif ^ -dNeg) + dNeg) & 16383;
      const ax = y >= 1536 && dmag < dml >> 3 && tdp === 0 ? 0 : 1;
      dif = ((ax << 9) + 2048 - ap) & 2047;
      ap = tr ? 256 : ((dif >> 4) + (896 & -(dif >> 10)) + ap) & 1023;

      // XOR and UPB: sign-sign update with leak of the zero coefficients b1..b6.
      if (tr) {
        for (let m = 0; m < 6; m++) coef[m] = 0;
      } else {
        const nonzero = (dqmag | -dqmag) >>> 31;
        for (let m = 0; m < 6; m++) {
          const b = coef[m]!;
          // Gain +-1/128 by the sign agreement of dq and dq(k), 0 when dq is 0; leak 2^-8 (2^-9 at 40k).
          const ugb = (128 + 65280 * ((dqs ^ (taps[m]! >> 10)) & 1)) * nonzero;
          const ulb = (65536 - (b >> leak) - (leakSign & -(b >> 15))) & 65535;
          coef[m] = (b + ((ugb + ulb) & 65535)) & 65535;
        }
      }
    }

    v[SR0] = sr0;
    v[DQ0] = dq0;
    v[DMS] = dms;
    v[DML] = dml;
    v[AP] = ap;
    v[YU] = yu;
    v[YL] = yl;
    v[TD] = td;
    v[PK0] = pk0;
    v[PK1] = pk1;
  }
}
