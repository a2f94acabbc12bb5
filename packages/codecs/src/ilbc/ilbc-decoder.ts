/**
 * iLBC decoder (RFC 3951) in the integer arithmetic of the fixed-point iLBC
 * (WebRTC's, which ffmpeg's `ilbc` decoder ports), so that a frame decodes to
 * the same samples as there when the enhancer is off (ffmpeg has none). The
 * enhancer (on by default) is the RFC's, in floating point; lost frames use the
 * fixed-point doThePLC.
 */
import { type AudioDecoder, CodecError } from '../codec.js';
import {
  P_CB,
  P_GAIN,
  P_IDX,
  P_IFM,
  P_LSF,
  P_START,
  P_STATE_FIRST,
  PARAM_COUNT,
  unpackFrame,
} from './ilbc-bitstream.js';
import { Enhancer } from './ilbc-enhancer.js';
import { filterArQ12, hpOutput } from './ilbc-filters.js';
import { dequantizeLsf, interpolateToPoly, ORDER, stabilizeLsf } from './ilbc-lpc.js';
import { concealResidual, PlcState, xcorrCoeff } from './ilbc-plc.js';
import { decodeResidual, type ResidualFrame, ResidualScratch, SUBL } from './ilbc-residual.js';
import { HP_OUT, LSF_MEAN, LSF_WEIGHT_20MS, LSF_WEIGHT_30MS } from './ilbc-tables.js';

/** iLBC frame mode: 20 ms (38 bytes, 15.2 kbit/s) or 30 ms (50 bytes, 13.33 kbit/s). */
export type IlbcMode = 20 | 30;

/** Payload bytes of one frame in `mode`. */
export const ilbcFrameBytes = (mode: IlbcMode): number => (mode === 20 ? 38 : 50);
/** Samples of one frame in `mode`. */
export const ilbcFrameSamples = (mode: IlbcMode): number => (mode === 20 ? 160 : 240);

/** Options of {@link IlbcDecoder}. */
export interface IlbcDecoderOptions {
  /**
   * Start from all-zero LSF memory as ffmpeg's decoder does (it skips the
   * reference initialisation, which garbles its first frame or two); only for
   * bit-exact comparisons with ffmpeg. Default false: the LSF memory starts at
   * the mean LSF vector as in RFC 3951.
   */
  readonly ffmpegStart?: boolean;
  /**
   * Run the RFC 3951 enhancer (section 4.6) as the reference decoder does: better
   * sound, 5 ms (20 ms mode) or 10 ms (30 ms mode) more delay. Default true. With
   * false the output is the fixed-point decoder's, bit-exact with ffmpeg (which
   * has no enhancer).
   */
  readonly enhancer?: boolean;
}

const L = ORDER + 1;

/** Stateful decoder of one iLBC stream in one mode; `decode` takes whole frames. */
export class IlbcDecoder implements AudioDecoder {
  readonly mode: IlbcMode;
  readonly frameSamples: number;
  readonly frameBytes: number;
  private readonly nsub: number;
  private readonly lpcN: number;
  private readonly params = new Int16Array(PARAM_COUNT);
  private readonly lsfdeq = new Int16Array(2 * ORDER);
  private readonly lsfold = new Int16Array(ORDER);
  private readonly synt = new Int16Array(6 * L);
  private readonly prevLpc = new Int16Array(L);
  private readonly residual = new Int16Array(240);
  private readonly prevResidual = new Int16Array(240);
  private readonly synthBuf = new Int16Array(240 + ORDER);
  private readonly syntMem = new Int16Array(ORDER);
  private readonly hpY = new Int16Array(4);
  private readonly hpX = new Int16Array(2);
  private readonly randvec = new Int16Array(240);
  private readonly scratch = new ResidualScratch();
  private readonly plc = new PlcState();
  private readonly frame: ResidualFrame & { start: number; stateFirst: number; ifm: number };
  private lastLag = 0;
  private readonly enhancer: Enhancer | undefined;
  private readonly oldSynt = new Int16Array(6 * L);
  private readonly enhIn = new Float64Array(240);
  private readonly enhOut = new Float64Array(240);
  private readonly enhRes = new Int16Array(240);
  private lastConcealed = false;

  constructor(
    mode: IlbcMode = 20,
    private readonly options: IlbcDecoderOptions = {},
  ) {
    this.mode = mode;
    this.frameSamples = ilbcFrameSamples(mode);
    this.frameBytes = ilbcFrameBytes(mode);
    this.nsub = mode === 20 ? 4 : 6;
    this.lpcN = mode === 20 ? 1 : 2;
    this.enhancer = (options.enhancer ?? true) ? new Enhancer() : undefined;
    this.frame = {
      nsub: this.nsub,
      stateShortLen: mode === 20 ? 57 : 58,
      start: 1,
      stateFirst: 0,
      ifm: 0,
      params: this.params,
      idxAt: P_IDX,
      cbAt: P_CB,
      gainAt: P_GAIN,
    };
    this.reset();
  }

  reset(): void {
    if (this.options.ffmpegStart) this.lsfold.fill(0);
    else this.lsfold.set(LSF_MEAN);
    this.prevLpc.fill(0);
    this.prevLpc[0] = 4096;
    this.synt.fill(0);
    for (let i = 0; i < this.nsub; i++) this.synt[i * L] = 4096;
    this.residual.fill(0);
    this.prevResidual.fill(0);
    this.syntMem.fill(0);
    this.hpY.fill(0);
    this.hpX.fill(0);
    this.plc.reset();
    this.lastLag = 20;
    this.enhancer?.reset();
    this.oldSynt.set(this.synt);
    this.lastConcealed = false;
  }

  decode(payload: Uint8Array): Int16Array {
    const out = new Int16Array(this.payloadSamples(payload));
    this.decodeInto(payload, out);
    return out;
  }

  decodeInto(payload: Uint8Array, out: Int16Array): number {
    const frames = this.payloadSamples(payload) / this.frameSamples;
    for (let k = 0; k < frames; k++) {
      const f = payload.subarray(k * this.frameBytes, (k + 1) * this.frameBytes);
      const empty = unpackFrame(f, this.mode, this.params);
      // RFC 3951 section 3.8: the empty-frame bit, or an impossible start sub-block, means "lost".
      const start = this.params[P_START]!;
      if (empty === 1 || start < 1 || start > this.nsub - 1) this.concealFrame();
      else this.decodeParams();
      this.synthesize(out, k * this.frameSamples);
    }
    return frames * this.frameSamples;
  }

  conceal(samples: number): Int16Array {
    const out = new Int16Array(samples);
    const tmp = new Int16Array(this.frameSamples);
    for (let at = 0; at < samples; at += this.frameSamples) {
      this.concealFrame();
      this.synthesize(tmp, 0);
      out.set(tmp.subarray(0, Math.min(this.frameSamples, samples - at)), at);
    }
    return out;
  }

  private payloadSamples(payload: Uint8Array): number {
    if (payload.length === 0 || payload.length % this.frameBytes !== 0) {
      throw new CodecError('malformed-payload', `iLBC ${this.mode} ms payload of ${payload.length} bytes`);
    }
    return (payload.length / this.frameBytes) * this.frameSamples;
  }

  private decodeParams(): void {
    const p = this.params;
    // Second and third stage indices of the first 40-sample block use the extended codebook numbering.
    for (let k = P_CB + 4; k < P_CB + 6; k++) {
      const v = p[k]!;
      if (v >= 44 && v < 108) p[k] = v + 64;
      else if (v >= 108 && v < 128) p[k] = v + 128;
    }
    dequantizeLsf(this.lsfdeq, p, P_LSF, this.lpcN);
    stabilizeLsf(this.lsfdeq, this.lpcN);
    const synt = this.synt;
    if (this.mode === 30) {
      interpolateToPoly(synt, 0, this.lsfold, 0, this.lsfdeq, 0, LSF_WEIGHT_30MS[0]!);
      for (let i = 1; i < 6; i++)
        interpolateToPoly(synt, i * L, this.lsfdeq, 0, this.lsfdeq, ORDER, LSF_WEIGHT_30MS[i]!);
      this.lsfold.set(this.lsfdeq.subarray(ORDER, 2 * ORDER));
    } else {
      for (let i = 0; i < 4; i++)
        interpolateToPoly(synt, i * L, this.lsfold, 0, this.lsfdeq, 0, LSF_WEIGHT_20MS[i]!);
      this.lsfold.set(this.lsfdeq.subarray(0, ORDER));
    }
    const f = this.frame;
    f.start = p[P_START]!;
    f.stateFirst = p[P_STATE_FIRST]!;
    f.ifm = p[P_IFM]!;
    decodeResidual(f, synt, this.residual, this.scratch);
    this.prevResidual.set(this.residual.subarray(0, this.frameSamples));
    this.prevLpc.set(synt.subarray((this.nsub - 1) * L, this.nsub * L));
    this.plc.consecutive = 0;
    this.plc.prevLost = false;
  }

  private concealFrame(): void {
    concealResidual(
      this.plc,
      this.prevResidual,
      this.frameSamples,
      this.lastLag,
      this.residual,
      this.randvec,
    );
    this.plc.prevLost = true;
    for (let i = 0; i < this.nsub; i++) this.synt.set(this.prevLpc, i * L);
    this.prevResidual.set(this.residual.subarray(0, this.frameSamples));
  }

  /** Pitch lag for a later concealment, enhancer, LPC synthesis and the output high-pass filter. */
  private synthesize(out: Int16Array, outAt: number): void {
    const n = this.frameSamples;
    let res = this.residual;
    const buf = this.synthBuf;
    buf.set(this.syntMem, 0);
    if (this.enhancer) {
      // The enhancer works at full scale in floating point; the fixed-point residual is at half scale.
      for (let i = 0; i < n; i++) this.enhIn[i] = 2 * res[i]!;
      this.lastLag = this.enhancer.process(this.enhIn, n, this.lastConcealed, this.enhOut);
      for (let i = 0; i < n; i++) {
        const v = Math.round(this.enhOut[i]! / 2);
        this.enhRes[i] = Math.max(-32768, Math.min(32767, v));
      }
      res = this.enhRes;
      buf.set(res.subarray(0, n), ORDER);
      // The output is 40 or 80 samples late: its first sub-blocks belong to the previous frame's filters.
      const late = this.mode === 20 ? 1 : 2;
      for (let i = 0; i < this.nsub; i++) {
        const [a, aAt] = i < late ? [this.oldSynt, (i + this.nsub - late) * L] : [this.synt, (i - late) * L];
        filterArQ12(buf, ORDER + i * SUBL, buf, ORDER + i * SUBL, a, aAt, L, SUBL);
      }
      this.oldSynt.set(this.synt);
    } else {
      this.lastLag =
        this.mode === 20
          ? xcorrCoeff(res, n - 60, n - 80, 60, 80, 20, -1)
          : xcorrCoeff(res, n - 80, n - 100, 80, 100, 20, -1);
      buf.set(res.subarray(0, n), ORDER);
      for (let i = 0; i < this.nsub; i++) {
        filterArQ12(buf, ORDER + i * SUBL, buf, ORDER + i * SUBL, this.synt, i * L, L, SUBL);
      }
    }
    this.lastConcealed = this.plc.prevLost;
    this.syntMem.set(buf.subarray(n, n + ORDER));
    out.set(buf.subarray(ORDER, ORDER + n), outAt);
    hpOutput(out, outAt, HP_OUT, this.hpY, this.hpX, n);
  }
}
