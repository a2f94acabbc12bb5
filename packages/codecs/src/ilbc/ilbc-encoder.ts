/**
 * iLBC encoder (RFC 3951 section 3): floating-point analysis (LPC, start state
 * search, codebook search) around the decoder's own fixed-point reconstruction,
 * so the encoder's memory is exactly what a fixed-point decoder (ours, ffmpeg's,
 * WebRTC's) rebuilds. Produces standard RFC 3951 frames.
 */
import { type AudioEncoder, CodecError } from '../codec.js';
import {
  HighPassInput,
  LPC_ASYM_WIN,
  LPC_LOOKBACK,
  LPC_WIN,
  lpcAnalysis,
  lpcToLsf,
  quantizeLsf,
} from './ilbc-analysis.js';
import {
  P_CB,
  P_GAIN,
  P_IDX,
  P_IFM,
  P_LSF,
  P_START,
  P_STATE_FIRST,
  PARAM_COUNT,
  packFrame,
} from './ilbc-bitstream.js';
import { CbSearchScratch, searchBlock } from './ilbc-cb-search.js';
import { type IlbcMode, ilbcFrameBytes, ilbcFrameSamples } from './ilbc-decoder.js';
import { dequantizeLsf, interpolateToPoly, lsfToPoly, ORDER, stabilizeLsf } from './ilbc-lpc.js';
import {
  CB_MEML,
  constructState,
  constructVector,
  type ResidualFrame,
  ResidualScratch,
  STATE_LEN,
  SUBL,
} from './ilbc-residual.js';
import { classifyFrame, searchState } from './ilbc-state-search.js';
import { LSF_MEAN, LSF_WEIGHT_20MS, LSF_WEIGHT_30MS } from './ilbc-tables.js';

const L = ORDER + 1;
const ST_MEM = 85;
const M = 4; // guard samples before the codebook memory in ResidualScratch.memVec
const CHIRP_WEIGHT = 0.4222;

/** Stateful encoder of one iLBC stream; `encode` takes whole numbers of frames. */
export class IlbcEncoder implements AudioEncoder {
  readonly mode: IlbcMode;
  readonly frameSamples: number;
  private readonly blockl: number;
  private readonly nsub: number;
  private readonly lpcN: number;
  private readonly ssl: number;
  private readonly hp = new HighPassInput();
  private readonly data = new Float64Array(240);
  private readonly lpcBuf = new Float64Array(LPC_LOOKBACK + 240);
  private readonly lpc = new Float64Array(L);
  private readonly lsf = new Float64Array(2 * ORDER);
  private readonly lsfOld = new Float64Array(ORDER);
  private readonly lsfTmp = new Int16Array(ORDER);
  private readonly lsfDeq = new Int16Array(2 * ORDER);
  private readonly lsfDeqOld = new Int16Array(ORDER);
  private readonly syntQ = new Int16Array(6 * L);
  private readonly syntF = new Float64Array(6 * L);
  private readonly weightTmp = new Int16Array(L);
  private readonly wd = new Float64Array(6 * L);
  private readonly anaMem = new Float64Array(ORDER);
  private readonly residual = new Float64Array(240);
  private readonly half = new Float64Array(240);
  private readonly rev = new Float64Array(240);
  private readonly decRes = new Int16Array(240);
  private readonly params = new Int16Array(PARAM_COUNT);
  private readonly scratch = new ResidualScratch();
  private readonly cbScratch = new CbSearchScratch();
  private readonly stateOut = { ifm: 0, idx: this.params, idxAt: P_IDX };

  /** `frames` iLBC frames per `encode` call (several frames per RTP packet, RFC 3952 section 3). */
  constructor(
    mode: IlbcMode = 30,
    readonly frames = 1,
  ) {
    this.mode = mode;
    this.blockl = ilbcFrameSamples(mode);
    this.frameSamples = this.blockl * frames;
    this.nsub = mode === 20 ? 4 : 6;
    this.lpcN = mode === 20 ? 1 : 2;
    this.ssl = mode === 20 ? 57 : 58;
    this.reset();
  }

  reset(): void {
    this.hp.reset();
    this.lpcBuf.fill(0);
    this.anaMem.fill(0);
    for (let i = 0; i < ORDER; i++) this.lsfOld[i] = LSF_MEAN[i]! / 8192;
    this.lsfDeqOld.set(LSF_MEAN);
  }

  encode(pcm: Int16Array): Uint8Array {
    const out = new Uint8Array(this.frames * ilbcFrameBytes(this.mode));
    this.encodeInto(pcm, out);
    return out;
  }

  encodeInto(pcm: Int16Array, out: Uint8Array): number {
    if (pcm.length !== this.frameSamples) {
      throw new CodecError(
        'invalid-frame-size',
        `iLBC ${this.mode} ms encoder expects ${this.frameSamples} samples`,
      );
    }
    const bytes = ilbcFrameBytes(this.mode);
    for (let k = 0; k < this.frames; k++) {
      this.encodeFrame(pcm.subarray(k * this.blockl, (k + 1) * this.blockl));
      packFrame(this.params, this.mode, out.subarray(k * bytes, (k + 1) * bytes));
    }
    return this.frames * bytes;
  }

  private encodeFrame(pcm: Int16Array): void {
    const p = this.params;
    p.fill(0);
    this.hp.process(pcm, this.data, this.blockl);
    this.lpcAnalysisAndQuantization();
    this.analysisFilter();
    const start = classifyFrame(this.residual, this.nsub);
    const ssl = this.ssl;
    const diff = STATE_LEN - ssl;
    let en1 = 0;
    let en2 = 0;
    for (let i = 0; i < ssl; i++) {
      en1 += this.residual[(start - 1) * SUBL + i]! ** 2;
      en2 += this.residual[(start - 1) * SUBL + diff + i]! ** 2;
    }
    const stateFirst = en1 > en2;
    const startPos = (start - 1) * SUBL + (stateFirst ? 0 : diff);
    p[P_START] = start;
    p[P_STATE_FIRST] = stateFirst ? 1 : 0;
    searchState(this.residual, startPos, ssl, this.syntF, this.wd, start - 1, stateFirst, this.stateOut);
    p[P_IFM] = this.stateOut.ifm;
    const frame: ResidualFrame = {
      nsub: this.nsub,
      stateShortLen: ssl,
      start,
      stateFirst: stateFirst ? 1 : 0,
      ifm: this.stateOut.ifm,
      params: p,
      idxAt: P_IDX,
      cbAt: P_CB,
      gainAt: P_GAIN,
    };
    const dec = this.decRes;
    const w = this.scratch;
    constructState(frame, this.syntQ, (start - 1) * L, dec, startPos, w);
    // The fixed-point decoder's residual is at half scale.
    for (let i = 0; i < this.blockl; i++) this.half[i] = this.residual[i]! / 2;
    this.encodeStateRemainder(frame, startPos, stateFirst);
    this.encodeSubBlocks(frame);
    // Second and third stage indices of the first 40-sample block go out in 7 bits (inverse of the decoder's index conversion).
    for (let k = P_CB + 4; k < P_CB + 6; k++) {
      const v = p[k]!;
      if (v >= 108 && v < 172) p[k] = v - 64;
      else if (v >= 236) p[k] = v - 128;
    }
  }

  private lpcAnalysisAndQuantization(): void {
    const buf = this.lpcBuf;
    const is = LPC_LOOKBACK + 240 - this.blockl;
    buf.set(this.data.subarray(0, this.blockl), is);
    for (let k = 0; k < this.lpcN; k++) {
      if (k < this.lpcN - 1) lpcAnalysis(buf, 0, LPC_WIN, this.lpc);
      else lpcAnalysis(buf, LPC_LOOKBACK, LPC_ASYM_WIN, this.lpc);
      if (!lpcToLsf(this.lpc, this.lsf, k * ORDER)) {
        // Degenerate spectrum: keep the previous LSFs.
        this.lsf.set(k === 0 ? this.lsfOld : this.lsf.subarray(0, ORDER), k * ORDER);
      }
      quantizeLsf(this.lsf, k * ORDER, this.params, P_LSF + 3 * k);
    }
    buf.copyWithin(0, LPC_LOOKBACK + 240 - is, LPC_LOOKBACK + 240);
    // Quantized synthesis filters exactly as the decoder interpolates them.
    dequantizeLsf(this.lsfDeq, this.params, P_LSF, this.lpcN);
    stabilizeLsf(this.lsfDeq, this.lpcN);
    const weights = this.mode === 30 ? LSF_WEIGHT_30MS : LSF_WEIGHT_20MS;
    for (let i = 0; i < this.nsub; i++) {
      const coef = weights[i]!;
      if (this.mode === 30 && i > 0)
        interpolateToPoly(this.syntQ, i * L, this.lsfDeq, 0, this.lsfDeq, ORDER, coef);
      else interpolateToPoly(this.syntQ, i * L, this.lsfDeqOld, 0, this.lsfDeq, 0, coef);
      // Weighting filter from the unquantized LSFs, bandwidth-expanded (RFC 3951 section 3.4).
      const c = coef / 16384;
      const [o1, a1, o2, a2] =
        this.mode === 30 && i > 0 ? [this.lsf, 0, this.lsf, ORDER] : [this.lsfOld, 0, this.lsf, 0];
      for (let j = 0; j < ORDER; j++)
        this.lsfTmp[j] = Math.round((c * o1[a1 + j]! + (1 - c) * o2[a2 + j]!) * 8192);
      lsfToPoly(this.weightTmp, 0, this.lsfTmp);
      let chirp = 1;
      for (let j = 0; j < L; j++, chirp *= CHIRP_WEIGHT)
        this.wd[i * L + j] = (this.weightTmp[j]! / 4096) * chirp;
    }
    for (let i = 0; i < this.nsub * L; i++) this.syntF[i] = this.syntQ[i]! / 4096;
    const last = (this.lpcN - 1) * ORDER;
    this.lsfDeqOld.set(this.lsfDeq.subarray(last, last + ORDER));
    this.lsfOld.set(this.lsf.subarray(last, last + ORDER));
  }

  /** Residual through the quantized analysis filter A(z), sub-block by sub-block. */
  private analysisFilter(): void {
    const x = this.data;
    const m = this.anaMem;
    for (let n = 0; n < this.blockl; n++) {
      const aAt = Math.floor(n / SUBL) * L;
      let s = x[n]!;
      for (let j = 1; j <= ORDER; j++)
        s += this.syntF[aAt + j]! * (n - j >= 0 ? x[n - j]! : m[ORDER + n - j]!);
      this.residual[n] = s;
    }
    for (let j = 0; j < ORDER; j++) m[j] = x[this.blockl - ORDER + j]!;
  }

  /** The part of the two start sub-blocks not covered by the scalar state (22 or 23 samples). */
  private encodeStateRemainder(f: ResidualFrame, startPos: number, stateFirst: boolean): void {
    const mem = this.scratch.memVec;
    const ssl = this.ssl;
    const diff = STATE_LEN - ssl;
    const memAt = M + CB_MEML - ST_MEM;
    const dec = this.decRes;
    if (stateFirst) {
      mem.fill(0, M, M + CB_MEML - ssl);
      for (let i = 0; i < ssl; i++) mem[M + CB_MEML - ssl + i] = dec[startPos + i]!;
      this.search(this.half, startPos + ssl, diff, memAt, ST_MEM, f.start * L, 0, false);
      constructVector(dec, startPos + ssl, f, 0, memAt, ST_MEM, diff, this.scratch);
    } else {
      for (let k = 0; k < diff; k++) this.rev[k] = this.half[startPos - 1 - k]!;
      for (let i = 0; i < ssl; i++) mem[M + CB_MEML - 1 - i] = dec[startPos + i]!;
      mem.fill(0, M, M + CB_MEML - ssl);
      this.search(this.rev, 0, diff, memAt, ST_MEM, (f.start - 1) * L, 0, false);
      const r = this.scratch.reverse;
      constructVector(r, 0, f, 0, memAt, ST_MEM, diff, this.scratch);
      for (let k = 0; k < diff; k++) dec[startPos - 1 - k] = r[k]!;
    }
  }

  /** Forward, then backward (time-reversed) 40-sample blocks, as the decoder rebuilds them. */
  private encodeSubBlocks(f: ResidualFrame): void {
    const mem = this.scratch.memVec;
    const dec = this.decRes;
    const start = f.start;
    let sub = 1;
    const nFor = this.nsub - start - 1;
    if (nFor > 0) {
      mem.fill(0, M, M + CB_MEML - STATE_LEN);
      for (let i = 0; i < STATE_LEN; i++) mem[M + CB_MEML - STATE_LEN + i] = dec[(start - 1) * SUBL + i]!;
      for (let s = 0; s < nFor; s++) {
        const at = (start + 1 + s) * SUBL;
        this.search(this.half, at, SUBL, M, CB_MEML, (start + 1 + s) * L, sub * 3, sub === 1);
        constructVector(dec, at, f, sub * 3, M, CB_MEML, SUBL, this.scratch);
        mem.copyWithin(M, M + SUBL, M + CB_MEML);
        for (let i = 0; i < SUBL; i++) mem[M + CB_MEML - SUBL + i] = dec[at + i]!;
        sub++;
      }
    }
    const nBack = start - 1;
    if (nBack > 0) {
      const from = (start - 1) * SUBL;
      for (let i = 0; i < from; i++) this.rev[i] = this.half[from - 1 - i]!;
      const got = Math.min(SUBL * (this.nsub + 1 - start), CB_MEML);
      for (let i = 0; i < got; i++) mem[M + CB_MEML - 1 - i] = dec[from + i]!;
      mem.fill(0, M, M + CB_MEML - got);
      const r = this.scratch.reverse;
      for (let s = 0; s < nBack; s++) {
        this.search(this.rev, s * SUBL, SUBL, M, CB_MEML, (start - 2 - s) * L, sub * 3, sub === 1);
        constructVector(r, s * SUBL, f, sub * 3, M, CB_MEML, SUBL, this.scratch);
        mem.copyWithin(M, M + SUBL, M + CB_MEML);
        for (let i = 0; i < SUBL; i++) mem[M + CB_MEML - SUBL + i] = r[s * SUBL + i]!;
        sub++;
      }
    }
  }

  private search(
    target: Float64Array,
    targetAt: number,
    veclen: number,
    memAt: number,
    lMem: number,
    wdAt: number,
    slot: number,
    limited: boolean,
  ): void {
    searchBlock(
      { target, targetAt, veclen, mem: this.scratch.memVec, memAt, lMem, wd: this.wd, wdAt, limited },
      this.params,
      P_CB + slot,
      P_GAIN + slot,
      this.scratch,
      this.cbScratch,
    );
  }
}
