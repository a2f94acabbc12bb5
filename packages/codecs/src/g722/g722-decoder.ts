import { type AudioDecoder, CodecError } from '../codec.js';
import { G722Band, sat16 } from './g722-band.js';
import { QmfLine } from './g722-qmf.js';
import { QM2, QM4, QM5, QM6, RH2, RL42, WH, WL } from './g722-tables.js';

/** G.722 decoder modes: 1 = 64 kbit/s (6-bit lower band), 2 = 56 (5-bit), 3 = 48 (4-bit). */
export type G722Mode = 1 | 2 | 3;

/** Concealment fades the repeated signal out over this many samples (20 ms at 16 kHz). */
const FADE_SAMPLES = 320;

/**
 * ITU-T G.722 SB-ADPCM decoder. In modes 2 and 3 the one or two least
 * significant bits of each lower-band code are ignored, as when the channel
 * uses them for data (section 1.2). Bit-exact with the ITU test sequences.
 *
 * Concealment repeats the last decoded 10 ms backwards and forwards (a
 * mirror avoids a jump at the seam), fading linearly to silence within 20 ms;
 * the ADPCM state is left as it is and re-adapts on the next good packet.
 */
export class G722Decoder implements AudioDecoder {
  private readonly qmf = new QmfLine();
  private readonly low = new G722Band(32);
  private readonly high = new G722Band(8);
  private readonly qmLow: Int32Array;
  private readonly lowShift: number;
  /** The last 160 output samples, oldest first, for concealment. */
  private readonly history = new Int16Array(160);
  private lostSamples = 0;

  constructor(readonly mode: G722Mode = 1) {
    if (mode !== 1 && mode !== 2 && mode !== 3) {
      throw new CodecError('unsupported-params', `G.722 decoder mode ${String(mode)} is not 1, 2 or 3`);
    }
    this.qmLow = mode === 1 ? QM6 : mode === 2 ? QM5 : QM4;
    this.lowShift = mode - 1;
  }

  decode(payload: Uint8Array): Int16Array {
    const out = new Int16Array(payload.length * 2);
    this.decodeInto(payload, out);
    return out;
  }

  /**
   * Decodes every octet of `payload` into two samples in `out` without
   * allocating; returns the number of samples. Every octet is a valid code.
   */
  decodeInto(payload: Uint8Array, out: Int16Array): number {
    if (out.length < payload.length * 2) throw new RangeError('G.722 output buffer too small');
    const low = this.low;
    const high = this.high;
    const qmf = this.qmf;
    const qmLow = this.qmLow;
    const shift = this.lowShift;
    let o = 0;
    for (let j = 0; j < payload.length; j++) {
      const code = payload[j]!;
      const ilr = code & 0x3f;
      const ih = code >> 6;

      // Lower band: INVQBL and RECONS (with LIMIT) for the output, INVQAL for the predictor.
      const detl = low.det;
      let rlow = low.s + ((detl * qmLow[ilr >> shift]!) >> 15);
      rlow = rlow > 16383 ? 16383 : Math.max(rlow, -16384);
      const ril = ilr >> 2;
      const dlowt = (detl * QM4[ril]!) >> 15;
      low.scale(WL[RL42[ril]!]!, 18432, 8);
      low.update(dlowt);

      // Upper band.
      const dhigh = (high.det * QM2[ih]!) >> 15;
      let rhigh = high.s + dhigh;
      rhigh = rhigh > 16383 ? 16383 : Math.max(rhigh, -16384);
      high.scale(WH[RH2[ih]!]!, 22528, 10);
      high.update(dhigh);

      // Receive QMF (section 4.4).
      qmf.push(rlow + rhigh, rlow - rhigh);
      qmf.filter();
      out[o++] = sat16(qmf.odd >> 11);
      out[o++] = sat16(qmf.even >> 11);
    }
    this.remember(out, o);
    this.lostSamples = 0;
    return o;
  }

  conceal(samples: number): Int16Array {
    const out = new Int16Array(samples);
    const h = this.history;
    const n = h.length;
    for (let k = 0; k < samples; k++) {
      const t = this.lostSamples++;
      if (t >= FADE_SAMPLES) break;
      // Walk the history backwards, then forwards, and so on.
      const cycle = t % (2 * n);
      const idx = cycle < n ? n - 1 - cycle : cycle - n;
      out[k] = Math.round((h[idx]! * (FADE_SAMPLES - t)) / FADE_SAMPLES);
    }
    return out;
  }

  private remember(out: Int16Array, n: number): void {
    const h = this.history;
    const len = h.length;
    if (n >= len) {
      for (let i = 0; i < len; i++) h[i] = out[n - len + i]!;
    } else {
      h.copyWithin(0, n);
      for (let i = 0; i < n; i++) h[len - n + i] = out[i]!;
    }
  }

  reset(): void {
    this.qmf.reset();
    this.low.reset();
    this.high.reset();
    this.history.fill(0);
    this.lostSamples = 0;
  }
}
