import { type AudioEncoder, CodecError } from '../codec.js';
import {
  createGsmParams,
  GSM_FRAME_BYTES,
  GSM_FRAME_SAMPLES,
  type GsmParams,
  packGsmFrame,
} from './gsm-frame.js';
import { LTP_WORK_SIZE, type LtpResult, ltpAnalysis, ltpParameters } from './gsm-long-term.js';
import { lpcAnalysis, type PreprocessState, preprocess } from './gsm-lpc.js';
import { add } from './gsm-math.js';
import {
  apcmDequantize,
  apcmQuantize,
  type ExpMant,
  gridPosition,
  gridSelection,
  weightingFilter,
} from './gsm-rpe.js';
import { decodeLars, interpolatedRp, SEGMENT_START, shortTermAnalysis } from './gsm-short-term.js';

/**
 * GSM 06.10 full-rate encoder (ETSI EN 300 961), bit-exact with libgsm
 * (`toast`) in its default mode. Each 160 samples give one 33-byte frame; a
 * payload of 40 or 60 ms holds two or three frames back to back (RFC 3551
 * section 4.5.8). All working memory is allocated once, in the constructor.
 */
export class GsmEncoder implements AudioEncoder {
  /** @param frameSamples samples per `encode` call, a multiple of 160. */
  constructor(readonly frameSamples: number = GSM_FRAME_SAMPLES) {
    if (frameSamples <= 0 || frameSamples % GSM_FRAME_SAMPLES !== 0) {
      throw new CodecError(
        'unsupported-params',
        `GSM frames are multiples of 160 samples, not ${frameSamples}`,
      );
    }
  }

  /** Parameters of the last encoded frame (for tests and analysis). */
  readonly params: GsmParams = createGsmParams();
  private readonly pre: PreprocessState = { z1: 0, lz2: 0, mp: 0 };
  private readonly so = new Int16Array(160);
  private readonly acf = new Float64Array(9);
  private readonly work = new Int16Array(27);
  private larppPrev = new Int16Array(8);
  private larppCur = new Int16Array(8);
  private readonly rp = new Int16Array(8);
  private readonly u = new Int16Array(8);
  /** Reconstructed short-term residual: 120 samples of history, then the current frame. */
  private readonly dp = new Int16Array(280);
  /** LTP residual with five zeros on each side for the weighting filter. */
  private readonly e = new Int16Array(50);
  private readonly ltpWork = new Float64Array(LTP_WORK_SIZE);
  private readonly x = new Int16Array(40);
  private readonly xm = new Int16Array(13);
  private readonly xmp = new Int16Array(13);
  private readonly ltp: LtpResult = { nc: 40, lmax: 0, bc: 0 };
  private readonly em: ExpMant = { exp: 0, mant: 0 };

  encode(pcm: Int16Array): Uint8Array {
    const out = new Uint8Array((this.frameSamples / GSM_FRAME_SAMPLES) * GSM_FRAME_BYTES);
    this.encodeInto(pcm, out);
    return out;
  }

  /** Encodes `frameSamples` samples into `out` without allocating; returns the payload length. */
  encodeInto(pcm: Int16Array, out: Uint8Array): number {
    if (pcm.length !== this.frameSamples) {
      throw new CodecError(
        'invalid-frame-size',
        `GSM encoder takes ${this.frameSamples} samples, got ${pcm.length}`,
      );
    }
    const frames = this.frameSamples / GSM_FRAME_SAMPLES;
    if (out.length < frames * GSM_FRAME_BYTES) throw new RangeError('GSM output buffer too small');
    for (let f = 0; f < frames; f++) {
      this.analyse(pcm, f * GSM_FRAME_SAMPLES);
      packGsmFrame(this.params, out, f * GSM_FRAME_BYTES);
    }
    return frames * GSM_FRAME_BYTES;
  }

  /** Runs the analysis of the 160-sample frame at pcm[at..] into `this.params`. */
  analyse(pcm: Int16Array, at = 0): void {
    const p = this.params;
    const so = this.so;
    preprocess(this.pre, pcm, at, so);
    lpcAnalysis(so, this.acf, p.larc, this.work);

    // Short-term analysis filtering with interpolated coefficients (section 5.2.8 to 5.2.10).
    const prev = this.larppPrev;
    const cur = this.larppCur;
    decodeLars(p.larc, cur);
    for (let seg = 0; seg < 4; seg++) {
      interpolatedRp(prev, cur, seg, this.rp);
      const start = SEGMENT_START[seg]!;
      shortTermAnalysis(this.u, this.rp, so, start, SEGMENT_START[seg + 1]! - start);
    }
    this.larppPrev = cur;
    this.larppCur = prev;

    const dp = this.dp;
    const e = this.e;
    for (let k = 0; k < 4; k++) {
      const at = 120 + k * 40;
      ltpParameters(so, k * 40, dp, at, this.ltpWork, this.ltp);
      p.nc[k] = this.ltp.nc;
      p.bc[k] = this.ltp.bc;
      ltpAnalysis(this.ltp.bc, this.ltp.nc, dp, at, so, k * 40, e, 5);
      weightingFilter(e, this.x);
      p.mc[k] = gridSelection(this.x, this.xm);
      p.xmaxc[k] = apcmQuantize(this.xm, p.xmc, k * 13, this.em);
      apcmDequantize(p.xmc, k * 13, this.em, this.xmp);
      gridPosition(p.mc[k]!, this.xmp, e, 5);
      // Section 5.2.18: dp = reconstructed LTP residual + LTP estimate (held in dp).
      for (let i = 0; i < 40; i++) dp[at + i] = add(e[5 + i]!, dp[at + i]!);
    }
    dp.copyWithin(0, 160, 280);
  }

  reset(): void {
    this.pre.z1 = 0;
    this.pre.lz2 = 0;
    this.pre.mp = 0;
    this.larppPrev.fill(0);
    this.larppCur.fill(0);
    this.u.fill(0);
    this.dp.fill(0);
    this.e.fill(0);
  }
}
