import { type AudioEncoder, CodecError } from '../codec.js';
import { G722Band, sat16 } from './g722-band.js';
import { QmfLine } from './g722-qmf.js';
import { IHN, IHP, ILN, ILP, Q6, QM2, QM4, RH2, RL42, WH, WL } from './g722-tables.js';

/**
 * ITU-T G.722 SB-ADPCM encoder at 64 kbit/s: 16 kHz PCM in, one octet per
 * two samples out (upper-band code in the two most significant bits, as RTP
 * carries it, RFC 3551 section 4.5.2). Bit-exact with the ITU test sequences.
 */
export class G722Encoder implements AudioEncoder {
  readonly frameSamples: number;
  private readonly qmf = new QmfLine();
  private readonly low = new G722Band(32);
  private readonly high = new G722Band(8);

  /** @param frameSamples samples per `encode` call at 16 kHz (even; 320 = 20 ms). */
  constructor(frameSamples = 320) {
    if (frameSamples <= 0 || frameSamples % 2 !== 0) {
      throw new CodecError('unsupported-params', 'G.722 frames hold an even number of samples');
    }
    this.frameSamples = frameSamples;
  }

  encode(pcm: Int16Array): Uint8Array {
    const out = new Uint8Array(this.frameSamples >> 1);
    this.encodeInto(pcm, out);
    return out;
  }

  /** Encodes `frameSamples` samples into `out` without allocating; returns the payload length. */
  encodeInto(pcm: Int16Array, out: Uint8Array): number {
    if (pcm.length !== this.frameSamples) {
      throw new CodecError(
        'invalid-frame-size',
        `G.722 encoder takes ${this.frameSamples} samples, got ${pcm.length}`,
      );
    }
    this.encodeSamples(pcm, out);
    return pcm.length >> 1;
  }

  /** Encodes any even number of samples (a whole file, say) into `out`, one byte per pair. */
  encodeSamples(pcm: Int16Array, out: Uint8Array): void {
    if (out.length < pcm.length >> 1) throw new RangeError('G.722 output buffer too small');
    const low = this.low;
    const high = this.high;
    const qmf = this.qmf;
    const n = pcm.length >> 1;
    for (let j = 0; j < n; j++) {
      // Transmit QMF (section 3.1): xL = xA + xB, xH = xA - xB.
      qmf.push(pcm[2 * j]!, pcm[2 * j + 1]!);
      // xA pairs the newest sample with h0: by symmetry that is the odd window positions.
      qmf.filter();
      const xa = qmf.odd;
      const xb = qmf.even;
      const xlow = (xa + xb) >> 14;
      const xhigh = (xa - xb) >> 14;

      // Lower band: SUBTRA, QUANTL, INVQAL, LOGSCL, SCALEL, then block 4.
      const el = sat16(xlow - low.s);
      const mag = el >= 0 ? el : -1 - el;
      const detl = low.det;
      // QUANTL: the first interval i (1..29) with mag < Q6[i] * det, else 30.
      // The levels rise with i, so a binary search finds the same i.
      let lo = 1;
      let hi = 30;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (mag < (Q6[mid]! * detl) >> 12) hi = mid;
        else lo = mid + 1;
      }
      const i = lo;
      const ilow = el < 0 ? ILN[i]! : ILP[i]!;
      const ril = ilow >> 2;
      const dlow = (detl * QM4[ril]!) >> 15;
      low.scale(WL[RL42[ril]!]!, 18432, 8);
      low.update(dlow);

      // Upper band: SUBTRA, QUANTH, INVQAH, LOGSCH, SCALEH, then block 4.
      const eh = sat16(xhigh - high.s);
      const magh = eh >= 0 ? eh : -1 - eh;
      const deth = high.det;
      const mih = magh >= (564 * deth) >> 12 ? 2 : 1;
      const ihigh = eh < 0 ? IHN[mih]! : IHP[mih]!;
      const dhigh = (deth * QM2[ihigh]!) >> 15;
      high.scale(WH[RH2[ihigh]!]!, 22528, 10);
      high.update(dhigh);

      out[j] = (ihigh << 6) | ilow;
    }
  }

  reset(): void {
    this.qmf.reset();
    this.low.reset();
    this.high.reset();
  }
}
