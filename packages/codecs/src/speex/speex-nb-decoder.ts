/**
 * Speex narrowband CELP decoder (libspeex nb_celp.c `nb_decode`, float build):
 * LSP -> LPC per sub-frame, adaptive (3-tap pitch) plus fixed (split-VQ)
 * excitation, optional perceptual enhancer, synthesis and output high-pass.
 * Also the low band of the wideband decoder.
 */
import type { SpeexBitReader } from './speex-bits.js';
import {
  bwLpc,
  computeRms,
  copy,
  flushTiny,
  HIGHPASS_NARROWBAND,
  HIGHPASS_OUTPUT,
  HIGHPASS_WIDEBAND,
  highpass,
  iirMem,
  lspInterpolate,
  lspToLpc,
  type SpeexSeed,
  speexRand,
} from './speex-dsp.js';
import { CombScratch, multicomb } from './speex-enhancer.js';
import { readNbMode } from './speex-inband.js';
import type { SpeexLayerDecoder } from './speex-layer.js';
import {
  NB_FRAME_SIZE as N,
  NB_NB_SUBFRAMES,
  NB_ORDER,
  NB_PITCH_END,
  NB_PITCH_START,
  NB_SUBMODES,
  NB_SUBFRAME_SIZE as NSF,
} from './speex-nb-modes.js';
import {
  forcedPitchUnquant,
  gain3TapTo1Tap,
  lspUnquantLbr,
  lspUnquantNb,
  noiseUnquant,
  type PitchOut,
  pitchUnquant3Tap,
  splitCbUnquant,
} from './speex-unquant.js';

const EXC_OFFSET = 2 * NB_PITCH_END + NSF + 6;
const EXC_BUF = N + 2 * NB_PITCH_END + NSF + 12;
const LSP_MARGIN = 0.002;
const ATTENUATION = [1, 0.961, 0.852, 0.698, 0.527, 0.368, 0.237, 0.141, 0.077, 0.039];

function median3(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : Math.max(a, c)) : c < b ? b : Math.min(c, a);
}

/** Outcome of decoding one frame: 0 ok, -1 no more frames (terminator or end), -2 corrupt. */
export type FrameStatus = 0 | -1 | -2;

/** State of one narrowband decoder. */
export class NbDecoderCore implements SpeexLayerDecoder {
  readonly fullFrameSize = N;
  /** Excitation history; the current frame starts at {@link excOffset}. */
  readonly excBuf = new Float32Array(EXC_BUF);
  readonly excOffset = EXC_OFFSET;
  /** When set (wideband), the innovation of each frame is saved here, from {@link innovSaveOffset}. */
  innovSave: Float32Array | undefined;
  innovSaveOffset = 0;
  /** LPC response at half the sampling rate per sub-frame (wideband uses it). */
  readonly piGain = new Float32Array(NB_NB_SUBFRAMES);
  /** Sub-mode of the last frame (0 = silence). */
  submodeId = 5;
  /** Whether the enhancer runs (libspeex SPEEX_SET_ENH, default on). */
  enhancer = true;
  /** Low band of a wideband decoder: other output high-pass. */
  isWideband = false;
  highpassEnabled = true;
  /** Set by the last mode 1 frame with the DTX flag: a missing frame is then silence, not a loss. */
  dtxEnabled = false;
  /** Consecutive frames lost so far. */
  countLost = 0;
  lastOlGain = 0;

  private first = true;
  private readonly seed: SpeexSeed = { seed: 1000 };
  private readonly interpQlpc = new Float32Array(NB_ORDER);
  private readonly oldQlsp = new Float32Array(NB_ORDER);
  private readonly qlsp = new Float32Array(NB_ORDER);
  private readonly interpQlsp = new Float32Array(NB_ORDER);
  private readonly ak = new Float32Array(NB_ORDER);
  private readonly lpcTmp = new Float32Array(NB_ORDER);
  private readonly memSp = new Float32Array(NB_ORDER);
  private readonly memHp = new Float32Array(2);
  private readonly innov = new Float32Array(NSF);
  private readonly innov2 = new Float32Array(NSF);
  private readonly exc32 = new Float32Array(NSF);
  private readonly pitchOut: PitchOut = { pitch: 0, gain: new Float32Array(3) };
  private readonly lspWork = new Float64Array(22);
  private readonly lspX = new Float64Array(NB_ORDER);
  private readonly comb = new CombScratch();
  private lastPitch = 40;
  private lastPitchGain = 0;
  private readonly pitchGainBuf = new Float32Array(3);
  private pitchGainBufIdx = 0;
  private vocM1 = 0;
  private vocM2 = 0;
  private vocMean = 0;
  private vocOffset = 0;

  setWideband(on: boolean): void {
    this.isWideband = on;
  }

  /** Whether the last frame asked for DTX (a missing frame is then comfort noise). */
  dtxStatus(): boolean {
    return this.dtxEnabled;
  }

  /** RMS of the excitation of each sub-frame of the last frame. */
  excRms(out: Float32Array): void {
    for (let i = 0; i < NB_NB_SUBFRAMES; i++) out[i] = computeRms(this.excBuf, EXC_OFFSET + i * NSF, NSF);
  }

  /** Forgets all state. */
  reset(): void {
    this.excBuf.fill(0);
    this.piGain.fill(0);
    this.submodeId = 5;
    this.dtxEnabled = false;
    this.countLost = 0;
    this.lastOlGain = 0;
    this.first = true;
    this.seed.seed = 1000;
    this.interpQlpc.fill(0);
    this.oldQlsp.fill(0);
    this.memSp.fill(0);
    this.memHp.fill(0);
    this.lastPitch = 40;
    this.lastPitchGain = 0;
    this.pitchGainBuf.fill(0);
    this.pitchGainBufIdx = 0;
    this.vocM1 = this.vocM2 = this.vocMean = 0;
    this.vocOffset = 0;
  }

  /**
   * Decodes one frame into out[0..160) (float, 16-bit scale). `bits` undefined
   * means the frame is missing: concealment, or silence after a DTX frame.
   */
  decode(bits: SpeexBitReader | undefined, out: Float32Array): FrameStatus {
    const exc = this.excBuf;
    const eo = EXC_OFFSET;
    if (!bits && this.dtxEnabled) {
      this.submodeId = 0;
    } else if (!bits) {
      this.decodeLost(out);
      return 0;
    } else {
      const m = readNbMode(bits);
      if (m < 0) return m as FrameStatus;
      this.submodeId = m;
    }
    exc.copyWithin(0, N, EXC_BUF);
    const sm = NB_SUBMODES[this.submodeId];
    if (!sm) {
      // Silence / DTX: comfort noise at the level of the last excitation through a damped filter.
      bwLpc(0.93, this.interpQlpc, this.lpcTmp, NB_ORDER);
      const g = computeRms(exc, eo, N);
      for (let i = 0; i < N; i++) exc[eo + i] = speexRand(g, this.seed);
      this.first = true;
      iirMem(exc, eo, this.lpcTmp, out, 0, N, NB_ORDER, this.memSp);
      this.countLost = 0;
      return 0;
    }
    const b = bits!;
    const qlsp = this.qlsp;
    if (sm.lsp === 'nb') lspUnquantNb(qlsp, b);
    else lspUnquantLbr(qlsp, b);
    if (this.countLost) {
      // Damp the synthesis memory if the spectrum moved a lot during the loss.
      let dist = 0;
      for (let i = 0; i < NB_ORDER; i++) dist += Math.abs(this.oldQlsp[i]! - qlsp[i]!);
      const fact = 0.6 * Math.exp(-0.2 * dist);
      for (let i = 0; i < NB_ORDER; i++) this.memSp[i] = fact * this.memSp[i]!;
    }
    if (this.first || this.countLost) this.oldQlsp.set(qlsp);

    let olPitch = 0;
    let olPitchCoef = 0;
    if (sm.lbrPitch !== -1) olPitch = NB_PITCH_START + b.unpack(7);
    if (sm.forcedPitchGain) olPitchCoef = 0.066667 * b.unpack(4);
    const olGain = Math.exp(b.unpack(5) / 3.5);
    if (this.submodeId === 1) this.dtxEnabled = b.unpack(4) === 15;
    else this.dtxEnabled = false;

    let bestPitch = 40;
    let bestPitchGain = 0;
    let pitchAverage = 0;
    const innov = this.innov;
    const exc32 = this.exc32;
    const po = this.pitchOut;
    for (let sub = 0; sub < NB_NB_SUBFRAMES; sub++) {
      const offset = NSF * sub;
      const e = eo + offset;
      exc.fill(0, e, e + NSF);
      // Low bit-rate modes code the pitch relative to the frame's open-loop pitch.
      let pitMin = NB_PITCH_START;
      if (sm.lbrPitch > 0) pitMin = Math.max(NB_PITCH_START, olPitch - sm.lbrPitch + 1);
      else if (sm.lbrPitch === 0) pitMin = olPitch;
      if (sm.ltp) {
        pitchUnquant3Tap(
          exc,
          e,
          exc32,
          pitMin,
          sm.ltp,
          NSF,
          po,
          b,
          this.countLost,
          offset,
          this.lastPitchGain,
          0,
        );
      } else {
        forcedPitchUnquant(exc, e, exc32, pitMin, olPitchCoef, NSF, po);
      }
      // Guard against crafted streams driving the filters to huge values or NaN.
      for (let i = 0; i < NSF; i++) {
        const v = exc32[i]!;
        if (!(v >= -32000 && v <= 32000)) exc32[i] = v < -32000 ? -32000 : v > 32000 ? 32000 : 0;
      }
      const pitch = po.pitch;
      const tmp = gain3TapTo1Tap(po.gain);
      pitchAverage += tmp;
      if (
        (tmp > bestPitchGain &&
          Math.abs(2 * bestPitch - pitch) >= 3 &&
          Math.abs(3 * bestPitch - pitch) >= 4 &&
          Math.abs(4 * bestPitch - pitch) >= 5) ||
        (tmp > 0.6 * bestPitchGain &&
          (Math.abs(bestPitch - 2 * pitch) < 3 ||
            Math.abs(bestPitch - 3 * pitch) < 4 ||
            Math.abs(bestPitch - 4 * pitch) < 5)) ||
        (0.67 * tmp > bestPitchGain &&
          (Math.abs(2 * bestPitch - pitch) < 3 ||
            Math.abs(3 * bestPitch - pitch) < 4 ||
            Math.abs(4 * bestPitch - pitch) < 5))
      ) {
        bestPitch = pitch;
        if (tmp > bestPitchGain) bestPitchGain = tmp;
      }

      innov.fill(0);
      let ener = olGain;
      if (sm.subframeGainBits === 3) ener = EXC_GAIN_SCAL3[b.unpack(3)]! * olGain;
      else if (sm.subframeGainBits === 1) ener = EXC_GAIN_SCAL1[b.unpack(1)]! * olGain;
      if (sm.innovation) splitCbUnquant(innov, sm.innovation, b);
      else noiseUnquant(innov, NSF, this.seed);
      for (let i = 0; i < NSF; i++) innov[i] = innov[i]! * ener;
      if (sm.doubleCodebook && sm.innovation) {
        const innov2 = this.innov2;
        innov2.fill(0);
        splitCbUnquant(innov2, sm.innovation, b);
        const g2 = 0.454545 * ener;
        for (let i = 0; i < NSF; i++) innov[i] = innov[i]! + g2 * innov2[i]!;
      }
      for (let i = 0; i < NSF; i++) exc[e + i] = exc32[i]! + innov[i]!;
      if (this.innovSave) this.innovSave.set(innov, this.innovSaveOffset + offset);

      if (this.submodeId === 1) this.vocoder(e, olPitch, olPitchCoef, olGain);
    }

    if (this.enhancer && sm.combGain > 0 && !this.countLost) {
      multicomb(exc, eo - NSF, out, 0, 2 * NSF, bestPitch, 40, sm.combGain, this.comb);
      multicomb(exc, eo + NSF, out, 2 * NSF, 2 * NSF, bestPitch, 40, sm.combGain, this.comb);
    } else {
      copy(out, 0, exc, eo - NSF, N);
    }
    if (this.countLost) {
      // Re-scale the excitation after a loss to the energy the frame announced.
      const excEner = computeRms(exc, eo, N);
      let gain = olGain / (excEner + 1);
      if (gain > 2) gain = 2;
      for (let i = 0; i < N; i++) {
        exc[eo + i] = gain * exc[eo + i]!;
        out[i] = exc[eo + i - NSF]!;
      }
    }

    const interpQlsp = this.interpQlsp;
    const ak = this.ak;
    for (let sub = 0; sub < NB_NB_SUBFRAMES; sub++) {
      lspInterpolate(this.oldQlsp, qlsp, interpQlsp, NB_ORDER, sub, NB_NB_SUBFRAMES, LSP_MARGIN);
      lspToLpc(interpQlsp, ak, NB_ORDER, this.lspWork, this.lspX);
      let piG = 1;
      for (let i = 0; i < NB_ORDER; i += 2) piG += ak[i + 1]! - ak[i]!;
      this.piGain[sub] = piG;
      // The output lags the excitation by one sub-frame, so it uses the previous sub-frame's filter.
      iirMem(out, NSF * sub, this.interpQlpc, out, NSF * sub, NSF, NB_ORDER, this.memSp);
      this.interpQlpc.set(ak);
    }
    if (this.highpassEnabled) {
      const id = (this.isWideband ? HIGHPASS_WIDEBAND : HIGHPASS_NARROWBAND) | HIGHPASS_OUTPUT;
      highpass(out, out, 0, N, id, this.memHp);
    }
    this.oldQlsp.set(qlsp);
    this.first = false;
    this.countLost = 0;
    this.lastPitch = bestPitch;
    this.lastPitchGain = 0.25 * pitchAverage;
    this.pitchGainBuf[this.pitchGainBufIdx++] = this.lastPitchGain;
    if (this.pitchGainBufIdx > 2) this.pitchGainBufIdx = 0;
    this.lastOlGain = olGain;
    flushTiny(exc, EXC_BUF);
    return 0;
  }

  // Mode 1 "vocoder": a pulse train at the open-loop pitch mixed with the noise.
  private vocoder(e: number, olPitch: number, olPitchCoef: number, olGain: number): void {
    const exc = this.excBuf;
    const innov = this.innov;
    let g = 1.5 * (olPitchCoef - 0.2);
    if (g < 0) g = 0;
    if (g > 1) g = 1;
    exc.fill(0, e, e + NSF);
    while (this.vocOffset < NSF) {
      if (this.vocOffset >= 0) exc[e + this.vocOffset] = Math.sqrt(2 * olPitch) * g * olGain;
      this.vocOffset += olPitch;
    }
    this.vocOffset -= NSF;
    for (let i = 0; i < NSF; i++) {
      const exci = exc[e + i]!;
      const v = 0.7 * exci + 0.3 * this.vocM1 + ((1 - 0.85 * g) * innov[i]! - 0.15 * g * this.vocM2);
      this.vocM1 = exci;
      this.vocM2 = innov[i]!;
      this.vocMean = 0.8 * this.vocMean + 0.2 * v;
      exc[e + i] = v - this.vocMean;
    }
  }

  // Packet loss concealment: pitch repetition with decaying gain plus noise (nb_decode_lost).
  private decodeLost(out: Float32Array): void {
    const exc = this.excBuf;
    const eo = EXC_OFFSET;
    const fact = this.countLost < 10 ? ATTENUATION[this.countLost]! : 0;
    const med = median3(this.pitchGainBuf[0]!, this.pitchGainBuf[1]!, this.pitchGainBuf[2]!);
    if (med < this.lastPitchGain) this.lastPitchGain = med;
    let pitchGain = this.lastPitchGain;
    if (pitchGain > 0.85) pitchGain = 0.85;
    pitchGain = fact * pitchGain + 1e-15;
    const innovGain = computeRms(exc, eo, N);
    const noiseGain = innovGain * fact * (1 - pitchGain * pitchGain);
    exc.copyWithin(0, N, EXC_BUF);
    let pitchVal = this.lastPitch + Math.trunc(speexRand(1 + this.countLost, this.seed));
    if (pitchVal > NB_PITCH_END) pitchVal = NB_PITCH_END;
    if (pitchVal < NB_PITCH_START) pitchVal = NB_PITCH_START;
    for (let i = 0; i < N; i++) {
      exc[eo + i] = pitchGain * (exc[eo + i - pitchVal]! + 1e-15) + speexRand(noiseGain, this.seed);
    }
    bwLpc(0.98, this.interpQlpc, this.interpQlpc, NB_ORDER);
    iirMem(exc, eo - NSF, this.interpQlpc, out, 0, N, NB_ORDER, this.memSp);
    highpass(out, out, 0, N, HIGHPASS_NARROWBAND | HIGHPASS_OUTPUT, this.memHp);
    flushTiny(exc, EXC_BUF);
    this.first = false;
    this.countLost++;
    this.pitchGainBuf[this.pitchGainBufIdx++] = pitchGain;
    if (this.pitchGainBufIdx > 2) this.pitchGainBufIdx = 0;
  }
}

const EXC_GAIN_SCAL3 = Float32Array.of(
  0.06113,
  0.163546,
  0.310413,
  0.42822,
  0.555887,
  0.719055,
  0.938694,
  1.326874,
);
const EXC_GAIN_SCAL1 = Float32Array.of(0.70469, 1.05127);
