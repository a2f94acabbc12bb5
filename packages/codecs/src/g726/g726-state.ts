import { antilog, ext15, fmult, log2Magnitude, signMagToTc, toFloat11 } from './g726-arith.js';
import { type G726Rate, type G726RateTables, g726Tables } from './g726-tables.js';

/**
 * The state shared by the G.726 encoder and decoder (ITU-T G.726 section 4.2):
 * quantizer scale factor adaptation, adaptation speed control, the adaptive
 * predictor (2 poles, 6 zeros) and the tone and transition detector. One
 * `step` runs the blocks for one sample in the order of the recommendation.
 * All arithmetic is integer and wraps at the widths G.726 specifies, so the
 * output is bit-exact with the ITU test sequences.
 *
 * The rate may change between samples (variable-rate operation keeps the state).
 */
export class G726State {
  #t: G726RateTables;
  // Reconstructed signal and quantized difference history, 11-bit floating format.
  #sr0 = 32;
  #sr1 = 32;
  #dq0 = 32;
  #dq1 = 32;
  #dq2 = 32;
  #dq3 = 32;
  #dq4 = 32;
  #dq5 = 32;
  // Predictor coefficients, 16-bit two's complement patterns.
  #a1 = 0;
  #a2 = 0;
  #b1 = 0;
  #b2 = 0;
  #b3 = 0;
  #b4 = 0;
  #b5 = 0;
  #b6 = 0;
  // Speed control and scale factor.
  #dms = 0;
  #dml = 0;
  #ap = 0;
  #yu = 544;
  #yl = 34816;
  #td = 0;
  #pk0 = 0;
  #pk1 = 0;
  // Results of the current sample's prediction, read by encoder and decoder.
  /** Signal estimate SE of the current sample (15-bit two's complement pattern). */
  se = 0;
  /** Quantizer scale factor Y of the current sample (13 bits). */
  y = 0;
  #sez = 0;
  #sr2 = 0;
  #dq6 = 0;

  constructor(rate: G726Rate) {
    this.#t = g726Tables(rate);
  }

  get rate(): G726Rate {
    return this.#t.rate;
  }

  /** Switches the rate for the following samples, keeping the state. */
  set rate(rate: G726Rate) {
    this.#t = g726Tables(rate);
  }

  get tables(): G726RateTables {
    return this.#t;
  }

  /** Back to the reset values of G.726 Table 6 (the state after the optional reset of section 4.3). */
  reset(): void {
    this.#sr0 = this.#sr1 = 32;
    this.#dq0 = this.#dq1 = this.#dq2 = this.#dq3 = this.#dq4 = this.#dq5 = 32;
    this.#a1 = this.#a2 = 0;
    this.#b1 = this.#b2 = this.#b3 = this.#b4 = this.#b5 = this.#b6 = 0;
    this.#dms = this.#dml = this.#ap = 0;
    this.#yu = 544;
    this.#yl = 34816;
    this.#td = this.#pk0 = this.#pk1 = 0;
  }

  /**
   * First half of a sample: shifts the delay lines and computes the signal
   * estimate `se` (section 4.2.6, ACCUM) and the scale factor `y` (4.2.4, MIX).
   */
  predict(): void {
    this.#sr2 = this.#sr1;
    this.#sr1 = this.#sr0;
    this.#dq6 = this.#dq5;
    this.#dq5 = this.#dq4;
    this.#dq4 = this.#dq3;
    this.#dq3 = this.#dq2;
    this.#dq2 = this.#dq1;
    this.#dq1 = this.#dq0;
    let sez = fmult(this.#b1, this.#dq1);
    sez = (sez + fmult(this.#b2, this.#dq2)) & 65535;
    sez = (sez + fmult(this.#b3, this.#dq3)) & 65535;
    sez = (sez + fmult(this.#b4, this.#dq4)) & 65535;
    sez = (sez + fmult(this.#b5, this.#dq5)) & 65535;
    sez = (sez + fmult(this.#b6, this.#dq6)) & 65535;
    const se = (((sez + fmult(this.#a2, this.#sr2)) & 65535) + fmult(this.#a1, this.#sr1)) & 65535;
    this.#sez = sez >> 1;
    this.se = se >> 1;

    // LIMA and MIX: y = al * yu + (1 - al) * yl, with al limited to 1.
    const al = this.#ap >= 256 ? 64 : this.#ap >> 2;
    const ylShort = this.#yl >> 6;
    const dif = (this.#yu + 16384 - ylShort) & 16383;
    const neg = dif >> 13;
    const difm = neg ? (16384 - dif) & 8191 : dif;
    const prodm = (difm * al) >> 6;
    const prod = neg ? (16384 - prodm) & 16383 : prodm;
    this.y = (ylShort + prod) & 8191;
  }

  /**
   * ADPCM code word for a 14-bit two's complement input sample `sl`
   * (sections 4.2.1 SUBTA, 4.2.2 LOG, SUBTB and QUAN). Call after `predict`.
   */
  quantize(sl: number): number {
    const sli = sl >> 13 ? sl + 49152 : sl;
    const d = (sli + 65536 - ext15(this.se)) & 65535;
    return this.quantizeLog(log2Magnitude(d), d >> 15);
  }

  /** QUAN of a log difference `dl` with sign `ds`, scaled by the current `y`. */
  quantizeLog(dl: number, ds: number): number {
    const dln = (dl + 4096 - (this.y >> 2)) & 4095;
    return this.#t.quantize[(ds << 12) | dln]!;
  }

  /**
   * Second half of a sample: given code word `i`, reconstructs the quantized
   * difference and the signal (returned as SR, a 16-bit two's complement
   * pattern) and adapts every state variable (sections 4.2.3 to 4.2.7).
   */
  update(i: number): number {
    const t = this.#t;
    const y = this.y;
    const se = this.se;
    // 4.2.3 inverse adaptive quantizer: RECONST, ADDA, ANTILOG.
    const dql = (t.dqln[i]! + (y >> 2)) & 4095;
    const dq = antilog(dql, i >> (t.bits - 1));
    const dqmag = dq & 32767;

    // 4.2.5 adaptation speed control: FILTA, FILTB.
    const fi = t.f[i]!;
    const dms = this.#dms;
    const dml = this.#dml;
    let dif = ((fi << 9) + 8192 - dms) & 8191;
    const dmsp = ((dif >> 12 ? (dif >> 5) + 3840 : dif >> 5) + dms) & 4095;
    dif = ((fi << 11) + 32768 - dml) & 32767;
    const dmlp = ((dif >> 14 ? (dif >> 7) + 16128 : dif >> 7) + dml) & 16383;
    this.#dms = dmsp;
    this.#dml = dmlp;

    // 4.2.4 scale factor adaptation: FILTD, LIMB, FILTE.
    const yl = this.#yl;
    dif = ((t.w[i]! << 5) + 131072 - y) & 131071;
    const yut = (y + (dif >> 16 ? (dif >> 5) + 4096 : dif >> 5)) & 8191;
    const yup = ((yut + 15840) & 16383) >> 13 ? 544 : ((yut + 11264) & 16383) >> 13 ? yut : 5120;
    this.#yu = yup;
    dif = (yup + ((1048576 - yl) >> 6)) & 16383;
    this.#yl = (yl + (dif >> 13 ? dif + 507904 : dif)) & 524287;

    // 4.2.7 transition detector TRANS, with the old yl.
    const ylint = yl >> 15;
    const thr2 = ylint > 9 ? 31744 : (((yl >> 10) & 31) + 32) << ylint;
    const tr = this.#td === 1 && dqmag > (thr2 + (thr2 >> 1)) >> 1 ? 1 : 0;

    // 4.2.6 ADDC: sign of dq + sez.
    const dqi = signMagToTc(dq);
    const dqsez = (dqi + ext15(this.#sez)) & 65535;
    const pk2 = this.#pk1;
    const pk1 = this.#pk0;
    const pk0 = dqsez >> 15;
    const sigpk = dqsez === 0 ? 1 : 0;
    this.#pk1 = pk1;
    this.#pk0 = pk0;

    // ADDB, FLOATB, FLOATA: reconstructed signal and the new delay-line entries.
    const sr = (dqi + ext15(se)) & 65535;
    const srs = sr >> 15;
    this.#sr0 = toFloat11(srs, srs ? (65536 - sr) & 32767 : sr);
    this.#dq0 = toFloat11(dq >> 15, dqmag);

    // UPA2, LIMC: second pole coefficient.
    const a1 = this.#a1;
    const a2 = this.#a2;
    let a2p = 0;
    if (sigpk === 0) {
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
    const uga1 = sigpk === 1 ? 0 : pk0 ^ pk1 ? 65344 : 192;
    const ash = a1 >> 8;
    const ula1 = (a1 >> 15 ? 65536 - (ash + 65280) : 65536 - ash) & 65535;
    let a1p = (a1 + ((uga1 + ula1) & 65535)) & 65535;
    const a1ul = (15360 + 65536 - a2p) & 65535;
    const a1ll = (a2p + 65536 - 15360) & 65535;
    if (a1p >= 32768 && a1p <= a1ll) a1p = a1ll;
    else if (a1p >= a1ul && a1p <= 32767) a1p = a1ul;

    // TONE, then TRIGB resets the predictor on a transition.
    const tdp = a2p >= 32768 && a2p < 53760 ? 1 : 0;
    this.#a2 = tr ? 0 : a2p;
    this.#a1 = tr ? 0 : a1p;
    this.#td = tr ? 0 : tdp;

    // SUBTC, FILTC, TRIGA: speed control parameter.
    dif = ((dmsp << 2) + 32768 - dmlp) & 32767;
    const difm = dif >> 14 ? (32768 - dif) & 16383 : dif;
    const ax = y >= 1536 && difm < dmlp >> 3 && tdp === 0 ? 0 : 1;
    const ap = this.#ap;
    dif = ((ax << 9) + 2048 - ap) & 2047;
    const app = ((dif >> 10 ? (dif >> 4) + 896 : dif >> 4) + ap) & 1023;
    this.#ap = tr ? 256 : app;

    // XOR and UPB: sixth-order zero coefficients.
    if (tr) {
      this.#b1 = this.#b2 = this.#b3 = this.#b4 = this.#b5 = this.#b6 = 0;
    } else {
      const dqs = dq >> 15;
      const leak = t.leak;
      const ls = t.leakSign;
      this.#b1 = upb(this.#b1, dqs ^ (this.#dq1 >> 10), dqmag, leak, ls);
      this.#b2 = upb(this.#b2, dqs ^ (this.#dq2 >> 10), dqmag, leak, ls);
      this.#b3 = upb(this.#b3, dqs ^ (this.#dq3 >> 10), dqmag, leak, ls);
      this.#b4 = upb(this.#b4, dqs ^ (this.#dq4 >> 10), dqmag, leak, ls);
      this.#b5 = upb(this.#b5, dqs ^ (this.#dq5 >> 10), dqmag, leak, ls);
      this.#b6 = upb(this.#b6, dqs ^ (this.#dq6 >> 10), dqmag, leak, ls);
    }
    return sr;
  }
}

/** UPB (section 4.2.6): sign-sign update with leak of one zero coefficient. */
function upb(b: number, u: number, dqmag: number, leak: number, leakSign: number): number {
  const ugb = dqmag === 0 ? 0 : u === 0 ? 128 : 65408;
  const ulb = b >> 15 ? (65536 - ((b >> leak) + leakSign)) & 65535 : (65536 - (b >> leak)) & 65535;
  return (b + ((ugb + ulb) & 65535)) & 65535;
}
