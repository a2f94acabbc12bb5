import {
  antilog,
  coefficientFloatTable,
  ext15,
  fmult,
  quantizeSample,
  signMagToTc,
  toFloat11,
} from './g726-arith.js';
import { type G726Law, g726ExpandTable, g726SyncOutput } from './g726-law.js';
import { type G726Rate, type G726RateTables, g726Tables } from './g726-tables.js';

// Slots of the state vector (the delayed variables of G.726 Table 6).
const SR0 = 0; // reconstructed signal history, 11-bit floating format
const SR1 = 1;
const DQ0 = 2; // quantized difference history DQ0..DQ5, 11-bit floating format
const A1 = 8; // pole coefficients, 16-bit two's complement patterns
const A2 = 9;
const B1 = 10; // zero coefficients B1..B6
const DMS = 16;
const DML = 17;
const AP = 18;
const YU = 19;
const YL = 20;
const TD = 21;
const PK0 = 22;
const PK1 = 23;
const SLOTS = 24;

/** Where samples come from and go to in {@link G726State.run}. */
export interface G726Io {
  /** Encoder input: 16-bit linear (`linear`), 14-bit uniform (`uniform`) or G.711 codes. */
  readonly pcm: 'linear' | 'uniform' | G726Law;
}

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
    v[SR0] = v[SR1] = 32;
    for (let k = 0; k < 6; k++) v[DQ0 + k] = 32;
    v[YU] = 544;
    v[YL] = 34816;
  }

  /**
   * Encodes `n` samples from `src[from]` into code words at `codes[at]`.
   * `src` holds 16-bit linear samples, 14-bit uniform samples or G.711 codes, per `pcm`.
   */
  encode(
    pcm: G726Io['pcm'],
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
    pcm: G726Io['pcm'],
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
    const v = this.#v;
    let sr0 = v[SR0]!;
    let sr1 = v[SR1]!;
    let dq0 = v[DQ0]!;
    let dq1 = v[DQ0 + 1]!;
    let dq2 = v[DQ0 + 2]!;
    let dq3 = v[DQ0 + 3]!;
    let dq4 = v[DQ0 + 4]!;
    let dq5 = v[DQ0 + 5]!;
    let a1 = v[A1]!;
    let a2 = v[A2]!;
    let b1 = v[B1]!;
    let b2 = v[B1 + 1]!;
    let b3 = v[B1 + 2]!;
    let b4 = v[B1 + 3]!;
    let b5 = v[B1 + 4]!;
    let b6 = v[B1 + 5]!;
    let dms = v[DMS]!;
    let dml = v[DML]!;
    let ap = v[AP]!;
    let yu = v[YU]!;
    let yl = v[YL]!;
    let td = v[TD]!;
    let pk0 = v[PK0]!;
    let pk1 = v[PK1]!;

    for (let k = 0; k < n; k++) {
      // Delay lines (section 4.2.6): sr2, sr1 and dq1..dq6 for this sample.
      const sr2 = sr1;
      sr1 = sr0;
      const dq6 = dq5;
      dq5 = dq4;
      dq4 = dq3;
      dq3 = dq2;
      dq2 = dq1;
      dq1 = dq0;
      // FMULT and ACCUM: partial (zeros) and full signal estimates.
      let sez = fmult(cf[b1]!, dq1);
      sez = (sez + fmult(cf[b2]!, dq2)) & 65535;
      sez = (sez + fmult(cf[b3]!, dq3)) & 65535;
      sez = (sez + fmult(cf[b4]!, dq4)) & 65535;
      sez = (sez + fmult(cf[b5]!, dq5)) & 65535;
      sez = (sez + fmult(cf[b6]!, dq6)) & 65535;
      const se = ((((sez + fmult(cf[a2]!, sr2)) & 65535) + fmult(cf[a1]!, sr1)) & 65535) >> 1;
      sez >>= 1;

      // LIMA and MIX (4.2.4, 4.2.5): y = al * yu + (1 - al) * yl, al limited to 1.
      const al = ap >= 256 ? 64 : ap >> 2;
      const ylShort = yl >> 6;
      let dif = (yu + 16384 - ylShort) & 16383;
      const difm = dif >> 13 ? (16384 - dif) & 8191 : dif;
      const prodm = (difm * al) >> 6;
      const y = (ylShort + (dif >> 13 ? (16384 - prodm) & 16383 : prodm)) & 8191;

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
      dms = ((dif >> 12 ? (dif >> 5) + 3840 : dif >> 5) + dms) & 4095;
      dif = ((fi << 11) + 32768 - dml) & 32767;
      dml = ((dif >> 14 ? (dif >> 7) + 16128 : dif >> 7) + dml) & 16383;

      // 4.2.7 transition detector TRANS, on the old yl.
      const ylint = yl >> 15;
      const thr2 = ylint > 9 ? 31744 : (((yl >> 10) & 31) + 32) << ylint;
      const tr = td === 1 && dqmag > (thr2 + (thr2 >> 1)) >> 1;

      // 4.2.4 scale factor adaptation: FUNCTW, FILTD, LIMB, FILTE.
      dif = ((w[i]! << 5) + 131072 - y) & 131071;
      const yut = (y + (dif >> 16 ? (dif >> 5) + 4096 : dif >> 5)) & 8191;
      yu = ((yut + 15840) & 16383) >> 13 ? 544 : ((yut + 11264) & 16383) >> 13 ? yut : 5120;
      dif = (yu + ((1048576 - yl) >> 6)) & 16383;
      yl = (yl + (dif >> 13 ? dif + 507904 : dif)) & 524287;

      // ADDC, ADDB, FLOATA, FLOATB: signs for the pole update, reconstructed signal, new history.
      const dqi = signMagToTc(dq);
      const dqsez = (dqi + ext15(sez)) & 65535;
      const pk2 = pk1;
      pk1 = pk0;
      pk0 = dqsez >> 15;
      const sigpk = dqsez === 0;
      const sr = (dqi + ext15(se)) & 65535;
      const srs = sr >> 15;
      sr0 = toFloat11(srs, srs ? (65536 - sr) & 32767 : sr);
      dq0 = toFloat11(dq >> 15, dqmag);

      if (encoding) {
        // Nothing to output: the code word is out already.
      } else if (law) {
        dst[at + k] = g726SyncOutput(law, i, sr, se, y, t);
      } else {
        const out = ((sr << 16) >> 16) << shift;
        dst[at + k] = saturate ? (out > 32767 ? 32767 : Math.max(out, -32768)) : out;
      }

      // UPA2, LIMC: second pole coefficient.
      let a2p = 0;
      if (!sigpk) {
        const fa1 =
          a1 >> 15 ? (a1 >= 57345 ? (a1 << 2) & 131071 : 24577 << 2) : a1 <= 8191 ? a1 << 2 : 8191 << 2;
        const fa = pk0 ^ pk1 ? fa1 : (131072 - fa1) & 131071;
        const uga2b = ((pk0 ^ pk2 ? 114688 : 16384) + fa) & 131071;
        a2p = uga2b >> 16 ? (uga2b >> 7) + 64512 : uga2b >> 7;
      }
      const ula2 = a2 >> 15 ? (65536 - ((a2 >> 7) + 65024)) & 65535 : (65536 - (a2 >> 7)) & 65535;
      a2p = (a2 + ((a2p + ula2) & 65535)) & 65535;
      if (a2p >= 32768 && a2p <= 53248) a2p = 53248;
      else if (a2p >= 12288 && a2p <= 32767) a2p = 12288;

      // UPA1, LIMD: first pole coefficient, limited by a2.
      const uga1 = sigpk ? 0 : pk0 ^ pk1 ? 65344 : 192;
      const ash = a1 >> 8;
      const ula1 = (a1 >> 15 ? 65536 - (ash + 65280) : 65536 - ash) & 65535;
      let a1p = (a1 + ((uga1 + ula1) & 65535)) & 65535;
      const a1ul = (15360 + 65536 - a2p) & 65535;
      const a1ll = (a2p + 65536 - 15360) & 65535;
      if (a1p >= 32768 && a1p <= a1ll) a1p = a1ll;
      else if (a1p >= a1ul && a1p <= 32767) a1p = a1ul;

      // TONE; TRIGB resets the predictor on a transition.
      const tdp = a2p >= 32768 && a2p < 53760 ? 1 : 0;
      a2 = tr ? 0 : a2p;
      a1 = tr ? 0 : a1p;
      td = tr ? 0 : tdp;

      // SUBTC, FILTC, TRIGA: speed control parameter (on the old ap).
      dif = ((dms << 2) + 32768 - dml) & 32767;
      const dmag = dif >> 14 ? (32768 - dif) & 16383 : dif;
      const ax = y >= 1536 && dmag < dml >> 3 && tdp === 0 ? 0 : 1;
      dif = ((ax << 9) + 2048 - ap) & 2047;
      ap = tr ? 256 : ((dif >> 10 ? (dif >> 4) + 896 : dif >> 4) + ap) & 1023;

      // XOR and UPB: sixth-order zero coefficients.
      if (tr) {
        b1 = b2 = b3 = b4 = b5 = b6 = 0;
      } else {
        const dqs = dq >> 15;
        b1 = upb(b1, dqs ^ (dq1 >> 10), dqmag, leak, leakSign);
        b2 = upb(b2, dqs ^ (dq2 >> 10), dqmag, leak, leakSign);
        b3 = upb(b3, dqs ^ (dq3 >> 10), dqmag, leak, leakSign);
        b4 = upb(b4, dqs ^ (dq4 >> 10), dqmag, leak, leakSign);
        b5 = upb(b5, dqs ^ (dq5 >> 10), dqmag, leak, leakSign);
        b6 = upb(b6, dqs ^ (dq6 >> 10), dqmag, leak, leakSign);
      }
    }

    v[SR0] = sr0;
    v[SR1] = sr1;
    v[DQ0] = dq0;
    v[DQ0 + 1] = dq1;
    v[DQ0 + 2] = dq2;
    v[DQ0 + 3] = dq3;
    v[DQ0 + 4] = dq4;
    v[DQ0 + 5] = dq5;
    v[A1] = a1;
    v[A2] = a2;
    v[B1] = b1;
    v[B1 + 1] = b2;
    v[B1 + 2] = b3;
    v[B1 + 3] = b4;
    v[B1 + 4] = b5;
    v[B1 + 5] = b6;
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

/** UPB (section 4.2.6): sign-sign update with leak of one zero coefficient. */
function upb(b: number, u: number, dqmag: number, leak: number, leakSign: number): number {
  const ugb = dqmag === 0 ? 0 : u === 0 ? 128 : 65408;
  const ulb = b >> 15 ? (65536 - ((b >> leak) + leakSign)) & 65535 : (65536 - (b >> leak)) & 65535;
  return (b + ((ugb + ulb) & 65535)) & 65535;
}
