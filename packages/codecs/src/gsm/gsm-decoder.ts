import { type AudioDecoder, CodecError } from '../codec.js';
import {
  copyGsmParams,
  createGsmParams,
  GSM_FRAME_BYTES,
  GSM_FRAME_SAMPLES,
  type GsmParams,
  hasGsmSignature,
  unpackGsmFrame,
} from './gsm-frame.js';
import { ltpSynthesis } from './gsm-long-term.js';
import { add } from './gsm-math.js';
import { apcmDequantize, type ExpMant, gridPosition, xmaxcToExpMant } from './gsm-rpe.js';
import { decodeLars, interpolatedRp, SEGMENT_START, shortTermSynthesis } from './gsm-short-term.js';

/** Block-amplitude codes taken off per concealed frame (8 codes = 6 dB, so about 3 dB a frame). */
const CONCEAL_STEP = 4;
/** Consecutive lost frames after which concealment gives plain silence (320 ms). */
const MUTE_AFTER = 16;

/**
 * GSM 06.10 full-rate decoder (ETSI EN 300 961 section 5.3), bit-exact with
 * libgsm (`untoast`). Concealment of a lost frame repeats the last good
 * frame's parameters with every block amplitude lowered by 4 codes (about
 * 3 dB) per consecutive lost frame; after 16 lost frames (320 ms) it gives silence.
 */
export class GsmDecoder implements AudioDecoder {
  /** Working parameters, and the last good frame's (swapped, not copied, after each frame). */
  private params: GsmParams = createGsmParams();
  private last: GsmParams = createGsmParams();
  private haveLast = false;
  private lost = 0;
  private larppPrev = new Int16Array(8);
  private larppCur = new Int16Array(8);
  private readonly rrp = new Int16Array(8);
  private readonly v = new Int16Array(9);
  /** Reconstructed short-term residual: 120 samples of history, then the frame being decoded. */
  private readonly drp = new Int16Array(280);
  private readonly erp = new Int16Array(40);
  private readonly xmp = new Int16Array(13);
  private readonly em: ExpMant = { exp: 0, mant: 0 };
  private nrp = 40;
  private msr = 0;
  /** Short-term synthesis output before post-processing. */
  private readonly sr = new Int16Array(GSM_FRAME_SAMPLES);
  /** Scratch frame for concealment of partial frames. */
  private readonly frame = new Int16Array(GSM_FRAME_SAMPLES);

  decode(payload: Uint8Array): Int16Array {
    const out = new Int16Array(checkPayload(payload));
    this.decodeInto(payload, out);
    return out;
  }

  /**
   * Decodes a payload of one or more 33-byte frames into `out` without
   * allocating; returns the number of samples (160 per frame). Throws
   * CodecError `malformed-payload`, leaving the state untouched, when the
   * length is not a multiple of 33 or a frame lacks the 0xD signature.
   */
  decodeInto(payload: Uint8Array, out: Int16Array): number {
    const samples = checkPayload(payload);
    if (out.length < samples) throw new RangeError('GSM output buffer too small');
    for (let at = 0, o = 0; at < payload.length; at += GSM_FRAME_BYTES, o += GSM_FRAME_SAMPLES) {
      const p = this.params;
      unpackGsmFrame(payload, at, p);
      this.synthesize(p, out, o);
      this.params = this.last;
      this.last = p;
      this.haveLast = true;
      this.lost = 0;
    }
    return samples;
  }

  conceal(samples: number): Int16Array {
    const out = new Int16Array(samples);
    for (let at = 0; at < samples; at += GSM_FRAME_SAMPLES) {
      if (samples - at >= GSM_FRAME_SAMPLES) {
        this.concealFrame(out, at);
      } else {
        // A partial frame: synthesize a whole one and keep its start.
        this.concealFrame(this.frame, 0);
        out.set(this.frame.subarray(0, samples - at), at);
      }
    }
    return out;
  }

  private concealFrame(out: Int16Array, offset: number): void {
    if (!this.haveLast || this.lost >= MUTE_AFTER) {
      out.fill(0, offset, offset + GSM_FRAME_SAMPLES);
      return;
    }
    this.lost++;
    const p = this.params;
    copyGsmParams(this.last, p);
    const drop = CONCEAL_STEP * this.lost;
    for (let k = 0; k < 4; k++) p.xmaxc[k] = Math.max(0, p.xmaxc[k]! - drop);
    this.synthesize(p, out, offset);
  }

  /** Section 5.3: RPE decoding, long-term and short-term synthesis, post-processing. */
  private synthesize(p: GsmParams, out: Int16Array, offset: number): void {
    const drp = this.drp;
    for (let j = 0; j < 4; j++) {
      xmaxcToExpMant(p.xmaxc[j]!, this.em);
      apcmDequantize(p.xmc, j * 13, this.em, this.xmp);
      gridPosition(p.mc[j]!, this.xmp, this.erp, 0);
      // Section 5.3.2: an out-of-range lag repeats the previous one.
      const nc = p.nc[j]!;
      const nr = nc < 40 || nc > 120 ? this.nrp : nc;
      this.nrp = nr;
      ltpSynthesis(nr, p.bc[j]!, this.erp, drp, 120 + j * 40);
    }

    const prev = this.larppPrev;
    const cur = this.larppCur;
    decodeLars(p.larc, cur);
    for (let seg = 0; seg < 4; seg++) {
      interpolatedRp(prev, cur, seg, this.rrp);
      const start = SEGMENT_START[seg]!;
      shortTermSynthesis(this.v, this.rrp, drp, 120, this.sr, start, SEGMENT_START[seg + 1]! - start);
    }
    this.larppPrev = cur;
    this.larppCur = prev;
    drp.copyWithin(0, 160, 280);

    // Section 5.3.5: de-emphasis, truncation to 13 bits and upscaling.
    const s = this.sr;
    let msr = this.msr;
    for (let k = 0; k < GSM_FRAME_SAMPLES; k++) {
      msr = add(s[k]!, (msr * 28180 + 16384) >> 15);
      out[offset + k] = add(msr, msr) & -8;
    }
    this.msr = msr;
  }

  reset(): void {
    this.haveLast = false;
    this.lost = 0;
    this.larppPrev.fill(0);
    this.larppCur.fill(0);
    this.v.fill(0);
    this.drp.fill(0);
    this.nrp = 40;
    this.msr = 0;
  }
}

/** Validates a payload's framing; returns the number of samples it decodes to. */
function checkPayload(payload: Uint8Array): number {
  const n = payload.length;
  if (n === 0 || n % GSM_FRAME_BYTES !== 0) {
    throw new CodecError('malformed-payload', `GSM payload of ${n} bytes is not a multiple of 33`);
  }
  for (let at = 0; at < n; at += GSM_FRAME_BYTES) {
    if (!hasGsmSignature(payload, at)) {
      throw new CodecError('malformed-payload', `GSM frame at byte ${at} lacks the 0xD signature`);
    }
  }
  return (n / GSM_FRAME_BYTES) * GSM_FRAME_SAMPLES;
}
