/**
 * The sub-frame loop of the narrowband encoder (libspeex nb_celp.c): per 5 ms
 * sub-frame, interpolated LPCs, the perceptually weighted target, the pitch
 * search (or forced pitch), the sub-frame gain and the innovation search, and
 * the synthesis that keeps the encoder's filters in step with the decoder's.
 */
import type { SpeexBitWriter } from './speex-bits.js';
import { CbScratch, noiseCodebookQuant, splitCbSearch } from './speex-cb-search.js';
import { bwLpc, computeRms, filterMem, firMem, iirMem, lspInterpolate, lspToLpc } from './speex-dsp.js';
import { computeImpulseResponse } from './speex-lpc.js';
import { scalQuant } from './speex-lsp-quant.js';
import { LtpScratch, type PitchSearchState, pitchSearch3Tap } from './speex-ltp-search.js';
import {
  NB_NB_SUBFRAMES,
  NB_ORDER,
  NB_PITCH_END,
  NB_PITCH_START,
  type NbSubmode,
  NB_SUBFRAME_SIZE as NSF,
} from './speex-nb-modes.js';

const EXC_OFF = NB_PITCH_END + 2;
const LSP_MARGIN = 0.002;
const GAMMA1 = 0.92;
const GAMMA2 = 0.6;
const SCAL3_BOUND = Float32Array.of(0.112338, 0.23698, 0.369316, 0.492054, 0.637471, 0.828874, 1.132784);
const SCAL3 = Float32Array.of(0.06113, 0.163546, 0.310413, 0.42822, 0.555887, 0.719055, 0.938694, 1.326874);
const SCAL1_BOUND = Float32Array.of(0.87798);
const SCAL1 = Float32Array.of(0.70469, 1.05127);

/** The encoder's persistent buffers the sub-frame loop reads and updates. */
export interface NbSubframeBuffers {
  /** Excitation history; the frame starts at {@link EXC_OFF}. */
  readonly excBuf: Float32Array;
  /** Weighted-signal history, same layout. */
  readonly swBuf: Float32Array;
  /** The previous frame's last 40 input samples (the first sub-frame). */
  readonly winBuf: Float32Array;
  readonly memSp: Float32Array;
  readonly memSw: Float32Array;
  readonly memExc2: Float32Array;
  readonly oldLsp: Float32Array;
  readonly oldQlsp: Float32Array;
  readonly lsp: Float32Array;
  readonly qlsp: Float32Array;
  readonly piGain: Float32Array;
  readonly excRms: Float32Array;
  readonly pitchState: PitchSearchState;
}

/** Per-frame inputs of the sub-frame loop (one reused object per encoder). */
export interface NbFrameParams {
  submode: NbSubmode;
  olPitch: number;
  olPitchCoef: number;
  olGain: number;
  complexity: number;
  boundedPitch: boolean;
  innovRmsSave: Float32Array | undefined;
  plcTuning: number;
}

/** Scratch and code of the sub-frame analysis-by-synthesis. */
export class NbSubframeCoder {
  private readonly interpLsp = new Float32Array(NB_ORDER);
  private readonly interpQlsp = new Float32Array(NB_ORDER);
  private readonly interpLpc = new Float32Array(NB_ORDER);
  private readonly interpQlpc = new Float32Array(NB_ORDER);
  private readonly bwLpc1 = new Float32Array(NB_ORDER);
  private readonly bwLpc2 = new Float32Array(NB_ORDER);
  private readonly mem = new Float32Array(NB_ORDER);
  private readonly mem2 = new Float32Array(NB_ORDER);
  private readonly target = new Float32Array(NSF);
  private readonly innov = new Float32Array(NSF);
  private readonly innov2 = new Float32Array(NSF);
  private readonly exc32 = new Float32Array(NSF);
  private readonly synResp = new Float32Array(NSF);
  private readonly lspWork = new Float64Array(22);
  private readonly lspX = new Float64Array(NB_ORDER);
  private readonly ltp = new LtpScratch();
  private readonly cb = new CbScratch();

  /** Codes the four sub-frames of a frame whose header (mode, LSPs, gains) is already packed. */
  encode(b: NbSubframeBuffers, f: NbFrameParams, input: Float32Array, bits: SpeexBitWriter): void {
    const sm = f.submode;
    const olPitchCoef = f.olPitchCoef;
    const olGain = f.olGain;
    const exc = b.excBuf;
    const swb = b.swBuf;
    const target = this.target;
    const innov = this.innov;
    const exc32 = this.exc32;
    const synResp = this.synResp;
    const mem = this.mem;
    let olPitch = f.olPitch;
    for (let sub = 0; sub < NB_NB_SUBFRAMES; sub++) {
      const offset = NSF * sub;
      const e = EXC_OFF + offset;
      lspInterpolate(b.oldLsp, b.lsp, this.interpLsp, NB_ORDER, sub, NB_NB_SUBFRAMES, LSP_MARGIN);
      lspInterpolate(b.oldQlsp, b.qlsp, this.interpQlsp, NB_ORDER, sub, NB_NB_SUBFRAMES, LSP_MARGIN);
      lspToLpc(this.interpLsp, this.interpLpc, NB_ORDER, this.lspWork, this.lspX);
      lspToLpc(this.interpQlsp, this.interpQlpc, NB_ORDER, this.lspWork, this.lspX);
      const qlpc = this.interpQlpc;
      let piG = 1;
      for (let i = 0; i < NB_ORDER; i += 2) piG += qlpc[i + 1]! - qlpc[i]!;
      b.piGain[sub] = piG;
      bwLpc(GAMMA1, this.interpLpc, this.bwLpc1, NB_ORDER);
      bwLpc(GAMMA2, this.interpLpc, this.bwLpc2, NB_ORDER);
      // The sub-frames lag the input by 40 samples (the analysis look-ahead).
      const inBuf = sub === 0 ? b.winBuf : input;
      const inOff = sub === 0 ? 0 : (sub - 1) * NSF;
      for (let i = 0; i < NSF; i++) swb[e + i] = inBuf[inOff + i]!;
      const responseBound = f.complexity === 0 ? NSF >> 1 : NSF;
      computeImpulseResponse(
        qlpc,
        this.bwLpc1,
        this.bwLpc2,
        synResp,
        responseBound,
        NB_ORDER,
        mem,
        this.mem2,
      );
      for (let i = responseBound; i < NSF; i++) synResp[i] = 1e-15;
      // Zero-input response of the weighted synthesis filter.
      mem.set(b.memSp);
      exc.fill(1e-15, e, e + NSF);
      iirMem(exc, e, qlpc, exc, e, NSF, NB_ORDER, mem);
      mem.set(b.memSw);
      filterMem(exc, e, this.bwLpc1, this.bwLpc2, exc, e, NSF, NB_ORDER, mem);
      // Weighted input.
      mem.set(b.memSw);
      filterMem(swb, e, this.bwLpc1, this.bwLpc2, swb, e, NSF, NB_ORDER, mem);
      if (f.complexity === 0) b.memSw.set(mem);
      for (let i = 0; i < NSF; i++) target[i] = swb[e + i]! - exc[e + i]!;
      for (let i = 0; i < NSF; i++) exc[e + i] = inBuf[inOff + i]!;
      firMem(exc, e, qlpc, exc, e, NSF, NB_ORDER, b.memExc2);

      let pitMin = NB_PITCH_START;
      let pitMax = NB_PITCH_END;
      if (sm.lbrPitch !== -1) {
        const margin = sm.lbrPitch;
        if (margin) {
          if (olPitch < NB_PITCH_START + margin - 1) olPitch = NB_PITCH_START + margin - 1;
          if (olPitch > NB_PITCH_END - margin) olPitch = NB_PITCH_END - margin;
          pitMin = olPitch - margin + 1;
          pitMax = olPitch + margin;
        } else pitMin = pitMax = olPitch;
      }
      if (f.boundedPitch && pitMax > offset) pitMax = offset;
      if (sm.ltp) {
        pitchSearch3Tap(
          target,
          swb,
          e,
          qlpc,
          this.bwLpc1,
          this.bwLpc2,
          exc32,
          sm.ltp,
          pitMin,
          pitMax,
          NB_ORDER,
          NSF,
          bits,
          exc,
          e,
          synResp,
          f.complexity,
          0,
          f.plcTuning,
          b.pitchState,
          this.ltp,
        );
      } else {
        this.forcedPitch(exc, target, qlpc, exc32, e, pitMin, olPitchCoef);
      }
      innov.fill(0);
      for (let i = 0; i < NSF; i++) exc[e + i] = exc[e + i]! - exc32[i]!;
      let ener = computeRms(exc, e, NSF);
      const fineGain = ener / olGain;
      if (sm.subframeGainBits === 3) {
        const qe = scalQuant(fineGain, SCAL3_BOUND, 8);
        bits.pack(qe, 3);
        ener = SCAL3[qe]! * olGain;
      } else if (sm.subframeGainBits === 1) {
        const qe = scalQuant(fineGain, SCAL1_BOUND, 2);
        bits.pack(qe, 1);
        ener = SCAL1[qe]! * olGain;
      } else ener = olGain;
      const inv = 1 / ener;
      for (let i = 0; i < NSF; i++) target[i] = target[i]! * inv;
      if (sm.innovation) {
        splitCbSearch(
          target,
          qlpc,
          this.bwLpc1,
          this.bwLpc2,
          sm.innovation,
          NB_ORDER,
          NSF,
          innov,
          synResp,
          bits,
          f.complexity,
          sm.doubleCodebook,
          this.cb,
        );
      } else {
        noiseCodebookQuant(target, qlpc, this.bwLpc1, this.bwLpc2, NB_ORDER, NSF, innov, this.cb);
      }
      for (let i = 0; i < NSF; i++) innov[i] = innov[i]! * ener;
      if (sm.doubleCodebook && sm.innovation) {
        const innov2 = this.innov2;
        innov2.fill(0);
        for (let i = 0; i < NSF; i++) target[i] = 2.2 * target[i]!;
        splitCbSearch(
          target,
          qlpc,
          this.bwLpc1,
          this.bwLpc2,
          sm.innovation,
          NB_ORDER,
          NSF,
          innov2,
          synResp,
          bits,
          f.complexity,
          false,
          this.cb,
        );
        const g2 = 0.454545 * ener;
        for (let i = 0; i < NSF; i++) innov[i] = innov[i]! + g2 * innov2[i]!;
      }
      for (let i = 0; i < NSF; i++) exc[e + i] = exc32[i]! + innov[i]!;
      if (f.innovRmsSave) f.innovRmsSave[sub] = computeRms(innov, 0, NSF);
      iirMem(exc, e, qlpc, swb, e, NSF, NB_ORDER, b.memSp);
      if (f.complexity !== 0) filterMem(swb, e, this.bwLpc1, this.bwLpc2, swb, e, NSF, NB_ORDER, b.memSw);
      b.excRms[sub] = computeRms(exc, e, NSF);
    }
  }

  // Modes 1 and 8: one pitch period and gain for the frame; the target loses its filtered contribution.
  private forcedPitch(
    exc: Float32Array,
    target: Float32Array,
    qlpc: Float32Array,
    excOut: Float32Array,
    e: number,
    start: number,
    coef0: number,
  ): void {
    const coef = Math.min(coef0, 0.99);
    let i = 0;
    for (; i < NSF && i < start; i++) excOut[i] = coef * exc[e + i - start]!;
    for (; i < NSF; i++) excOut[i] = coef * excOut[i - start]!;
    const res = this.innov2;
    res.set(excOut);
    this.mem.fill(0);
    iirMem(res, 0, qlpc, res, 0, NSF, NB_ORDER, this.mem);
    this.mem.fill(0);
    filterMem(res, 0, this.bwLpc1, this.bwLpc2, res, 0, NSF, NB_ORDER, this.mem);
    for (let k = 0; k < NSF; k++) target[k] = target[k]! - res[k]!;
  }
}
