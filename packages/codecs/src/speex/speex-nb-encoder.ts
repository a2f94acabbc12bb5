/**
 * Speex narrowband CELP encoder (libspeex nb_celp.c `nb_encode`, float
 * build): LPC analysis on a 200-sample window with 40 samples of look-ahead,
 * LSP quantisation, per sub-frame perceptually weighted analysis-by-synthesis
 * of the 3-tap pitch predictor and the split-VQ innovation; optional VBR/ABR
 * sub-mode choice, VAD and DTX.
 */
import type { SpeexBitWriter } from './speex-bits.js';
import {
  bwLpc,
  computeRms,
  copy,
  filterMem,
  firMem,
  flushTiny,
  HIGHPASS_INPUT,
  HIGHPASS_NARROWBAND,
  HIGHPASS_WIDEBAND,
  highpass,
  lspInterpolate,
  lspToLpc,
} from './speex-dsp.js';
import type { SpeexLayerEncoder } from './speex-layer-encoder.js';
import { autocorr, LAG_WINDOW, LPC_WINDOW, levinson, lpcToLsp } from './speex-lpc.js';
import { LspQuantScratch, lspQuantLbr, lspQuantNb } from './speex-lsp-quant.js';
import { LtpScratch, openLoopFramePitch, type PitchSearchState } from './speex-ltp-search.js';
import {
  NB_FRAME_SIZE as N,
  NB_NB_SUBFRAMES,
  NB_ORDER,
  NB_PITCH_END,
  NB_PITCH_START,
  NB_QUALITY_MAP,
  NB_SUBMODES,
  NB_SUBFRAME_SIZE as NSF,
} from './speex-nb-modes.js';
import { type NbFrameParams, NbSubframeCoder } from './speex-nb-subframes.js';
import { AbrState, nbVbrMode, VbrState } from './speex-vbr.js';

const WINDOW = N + NSF;
const EXC_OFF = NB_PITCH_END + 2;
const LSP_MARGIN = 0.002;
const LSP_DELTA1 = 0.2;
const LPC_FLOOR = 0.0002;

/** Bit rate of narrowband sub-mode `m` in bit/s. */
export function nbSubmodeBitrate(m: number): number {
  const sm = NB_SUBMODES[m];
  return (8000 * (sm ? sm.bitsPerFrame : 5)) / N;
}

/** State of one narrowband encoder (also the low band of a wideband encoder). */
export class NbEncoderCore implements SpeexLayerEncoder {
  readonly fullFrameSize = N;
  /** Sub-mode of the next frame (set from quality, or chosen per frame by VBR). */
  submodeId = 5;
  /** Sub-mode chosen by quality; VAD-only mode falls back to it on speech. */
  submodeSelect = 5;
  /** 0..10: search effort (pitch candidates, codebook paths). */
  complexity = 2;
  vbrEnabled = false;
  vadEnabled = false;
  dtxEnabled = false;
  /** Target average bit rate (bit/s) or 0 for none. */
  /** Average bit-rate control (off unless {@link setAbr}). */
  readonly abr = new AbrState();
  vbrQuality = 8;
  vbrMax = 0;
  /** Relative quality of the last frame from the VBR analysis (-1 without VBR/VAD). */
  relativeQuality = -1;
  isWideband = false;
  highpassEnabled = true;
  /** Per sub-frame filter response at Nyquist (wideband reads it). */
  readonly piGain = new Float32Array(NB_NB_SUBFRAMES);
  /** Per sub-frame excitation RMS of the last frame (wideband reads it). */
  readonly excRms = new Float32Array(NB_NB_SUBFRAMES);
  /** When set, the innovation RMS of each sub-frame is written here. */
  innovRmsSave: Float32Array | undefined;

  /** @internal */
  readonly excBuf = new Float32Array(N + NB_PITCH_END + 2);
  /** @internal */
  readonly swBuf = new Float32Array(N + NB_PITCH_END + 2);
  /** @internal */
  readonly winBuf = new Float32Array(WINDOW - N);
  private readonly memHp = new Float32Array(2);
  private readonly memSwWhole = new Float32Array(NB_ORDER);
  /** @internal */
  readonly memSw = new Float32Array(NB_ORDER);
  /** @internal */
  readonly memSp = new Float32Array(NB_ORDER);
  private readonly memExc = new Float32Array(NB_ORDER);
  /** @internal */
  readonly memExc2 = new Float32Array(NB_ORDER);
  /** @internal */
  readonly oldLsp = new Float32Array(NB_ORDER);
  /** @internal */
  readonly oldQlsp = new Float32Array(NB_ORDER);
  private first = true;
  private boundedPitch = true;
  /** @internal */
  readonly pitchState: PitchSearchState = { cumulGain: 1024 };
  private readonly subframes = new NbSubframeCoder();
  private readonly frameParams: NbFrameParams = {
    submode: NB_SUBMODES[5]!,
    olPitch: 0,
    olPitchCoef: 0,
    olGain: 0,
    complexity: 2,
    boundedPitch: true,
    innovRmsSave: undefined,
    plcTuning: 2,
  };
  private readonly vbr = new VbrState();
  private dtxCount = 0;
  // scratch
  private readonly wSig = new Float32Array(WINDOW);
  private readonly ac = new Float32Array(NB_ORDER + 1);
  private readonly lpc = new Float32Array(NB_ORDER);
  /** @internal */
  readonly lsp = new Float32Array(NB_ORDER);
  /** @internal */
  readonly qlsp = new Float32Array(NB_ORDER);
  private readonly interpLsp = new Float32Array(NB_ORDER);
  private readonly interpLpc = new Float32Array(NB_ORDER);
  private readonly bwLpc1 = new Float32Array(NB_ORDER);
  private readonly bwLpc2 = new Float32Array(NB_ORDER);
  private readonly lspWork = new Float64Array(22);
  private readonly lspX = new Float64Array(NB_ORDER);
  private readonly ltp = new LtpScratch();
  private readonly lq = new LspQuantScratch();

  constructor() {
    this.reset();
  }

  /** Sets the sub-mode for quality 0..10. */
  setQuality(q: number): void {
    const quality = Math.min(10, Math.max(0, Math.trunc(q)));
    this.submodeSelect = this.submodeId = NB_QUALITY_MAP[quality]!;
  }

  setMode(m: number): void {
    this.submodeSelect = this.submodeId = m;
  }

  setVbr(on: boolean): void {
    this.vbrEnabled = on;
  }

  setVbrQuality(q: number): void {
    this.vbrQuality = q;
  }

  setVad(on: boolean): void {
    this.vadEnabled = on;
  }

  setDtx(on: boolean): void {
    this.dtxEnabled = on;
  }

  setComplexity(c: number): void {
    this.complexity = Math.max(0, Math.trunc(c));
  }

  setVbrMax(bps: number): void {
    this.vbrMax = bps;
  }

  lowMode(): number {
    return this.submodeId;
  }

  setWideband(on: boolean): void {
    this.isWideband = on;
  }

  /** Bit rate of the current sub-mode. */
  bitrate(): number {
    return nbSubmodeBitrate(this.submodeId);
  }

  /** Enables ABR at `bps`: VBR whose quality drifts to meet the average. */
  setAbr(bps: number): void {
    this.abr.start(bps);
    this.vbrEnabled = bps !== 0;
    if (this.vbrEnabled) {
      let i = 10;
      for (; i >= 0; i--) {
        this.setQuality(i);
        if (this.bitrate() <= bps) break;
      }
      this.vbrQuality = Math.max(0, i);
    }
  }

  reset(): void {
    this.excBuf.fill(0);
    this.swBuf.fill(0);
    this.winBuf.fill(0);
    this.memHp.fill(0);
    this.memSwWhole.fill(0);
    this.memSw.fill(0);
    this.memSp.fill(0);
    this.memExc.fill(0);
    this.memExc2.fill(0);
    for (let i = 0; i < NB_ORDER; i++) this.oldLsp[i] = (Math.PI * (i + 1)) / (NB_ORDER + 1);
    this.oldQlsp.fill(0);
    this.first = true;
    this.boundedPitch = true;
    this.pitchState.cumulGain = 1024;
    this.vbr.reset();
    this.dtxCount = 0;
    this.abr.start(this.abr.target);
    this.piGain.fill(0);
    this.excRms.fill(0);
    this.relativeQuality = -1;
  }

  /**
   * Encodes 160 samples (float, 16-bit scale; high-passed in place) into `bits`.
   * Returns false when the frame need not be sent (DTX silence).
   */
  encode(input: Float32Array, bits: SpeexBitWriter): boolean {
    const exc = this.excBuf;
    const sw = this.swBuf;
    exc.copyWithin(0, N, N + EXC_OFF);
    sw.copyWithin(0, N, N + EXC_OFF);
    if (this.highpassEnabled) {
      const id = (this.isWideband ? HIGHPASS_WIDEBAND : HIGHPASS_NARROWBAND) | HIGHPASS_INPUT;
      highpass(input, input, 0, N, id, this.memHp);
    }
    const lpc = this.lpc;
    const lsp = this.lsp;
    const diff = WINDOW - N;
    // LPC analysis on the previous 40 samples plus this frame.
    const w = this.wSig;
    for (let i = 0; i < diff; i++) w[i] = this.winBuf[i]! * LPC_WINDOW[i]!;
    for (let i = diff; i < WINDOW; i++) w[i] = input[i - diff]! * LPC_WINDOW[i]!;
    const ac = this.ac;
    autocorr(w, ac, NB_ORDER + 1, WINDOW);
    ac[0] = ac[0]! + ac[0]! * LPC_FLOOR;
    for (let i = 0; i <= NB_ORDER; i++) ac[i] = ac[i]! * LAG_WINDOW[i]!;
    ac[0] = ac[0]! + 1;
    levinson(lpc, ac, NB_ORDER);
    if (lpcToLsp(lpc, NB_ORDER, lsp, 10, LSP_DELTA1, this.lspWork) !== NB_ORDER) lsp.set(this.oldLsp);

    // Open-loop pitch and excitation gain over the whole frame.
    const interpLsp = this.interpLsp;
    const interpLpc = this.interpLpc;
    if (this.first) interpLsp.set(lsp);
    else
      lspInterpolate(
        this.oldLsp,
        lsp,
        interpLsp,
        NB_ORDER,
        NB_NB_SUBFRAMES,
        NB_NB_SUBFRAMES << 1,
        LSP_MARGIN,
      );
    lspToLpc(interpLsp, interpLpc, NB_ORDER, this.lspWork, this.lspX);
    let sm = NB_SUBMODES[this.submodeId];
    let olPitch = 0;
    let olPitchCoef = 0;
    if (
      !sm ||
      (this.complexity > 2 && sm.subframeGainBits < 3) ||
      sm.forcedPitchGain ||
      sm.lbrPitch !== -1 ||
      this.vbrEnabled ||
      this.vadEnabled
    ) {
      bwLpc(0.9, interpLpc, this.bwLpc1, NB_ORDER);
      bwLpc(0.55, interpLpc, this.bwLpc2, NB_ORDER);
      sw.set(this.winBuf, EXC_OFF);
      copy(sw, EXC_OFF + diff, input, 0, N - diff);
      filterMem(sw, EXC_OFF, this.bwLpc1, this.bwLpc2, sw, EXC_OFF, N, NB_ORDER, this.memSwWhole);
      olPitch = openLoopFramePitch(sw, EXC_OFF, this.ltp);
      olPitchCoef = this.ltp.olGain;
    }
    firMem(this.winBuf, 0, interpLpc, exc, EXC_OFF, diff, NB_ORDER, this.memExc);
    firMem(input, 0, interpLpc, exc, EXC_OFF + diff, N - diff, NB_ORDER, this.memExc);
    let olGain: number;
    {
      const g = computeRms(exc, EXC_OFF, N);
      if (this.submodeId !== 1 && olPitch > 0) {
        olGain = g * 1.1 * Math.sqrt(1 - 0.8 * olPitchCoef * olPitchCoef);
      } else olGain = g;
    }

    if (this.vbrEnabled || this.vadEnabled) this.chooseVbrMode(input, olPitchCoef);

    bits.pack(0, 1);
    bits.pack(this.submodeId, 4);
    sm = NB_SUBMODES[this.submodeId];
    if (!sm) {
      exc.fill(1e-15, EXC_OFF, EXC_OFF + N);
      sw.fill(1e-15, EXC_OFF, EXC_OFF + N);
      this.memSw.fill(0);
      this.first = true;
      this.boundedPitch = true;
      copy(this.winBuf, 0, input, 2 * N - WINDOW, WINDOW - N);
      this.memSp.fill(0);
      this.excRms.fill(Math.sqrt(0.1));
      return false;
    }
    if (this.first) this.oldLsp.set(lsp);
    const qlsp = this.qlsp;
    if (sm.lsp === 'nb') lspQuantNb(lsp, qlsp, bits, this.lq);
    else lspQuantLbr(lsp, qlsp, bits, this.lq);
    if (sm.lbrPitch !== -1) bits.pack(olPitch - NB_PITCH_START, 7);
    if (sm.forcedPitchGain) {
      olPitchCoef *= 0.9;
      const quant = Math.min(15, Math.max(0, Math.floor(0.5 + 15 * olPitchCoef)));
      bits.pack(quant, 4);
      olPitchCoef = 0.066667 * quant;
    }
    {
      const qe = Math.min(31, Math.max(0, Math.floor(0.5 + 3.5 * Math.log(olGain))));
      olGain = Math.exp(qe / 3.5);
      bits.pack(qe, 5);
    }
    if (this.first) this.oldQlsp.set(qlsp);
    const fp = this.frameParams;
    fp.submode = sm;
    fp.olPitch = olPitch;
    fp.olPitchCoef = olPitchCoef;
    fp.olGain = olGain;
    fp.complexity = this.complexity;
    fp.boundedPitch = this.boundedPitch;
    fp.innovRmsSave = this.innovRmsSave;
    this.subframes.encode(this, fp, input, bits);
    this.oldLsp.set(lsp);
    this.oldQlsp.set(qlsp);
    if (this.submodeId === 1) bits.pack(this.dtxCount ? 15 : 0, 4);
    this.first = false;
    copy(this.winBuf, 0, input, 2 * N - WINDOW, WINDOW - N);
    // Decaying excitation must not reach the slow denormal range on digital silence.
    flushTiny(exc, exc.length);
    flushTiny(this.swBuf, this.swBuf.length);
    // Mode 1 sends no pitch, so the next frame must not reach back into it.
    this.boundedPitch = this.submodeId === 1;
    return true;
  }

  // VBR: pick the sub-mode whose threshold the frame's relative quality exceeds by least;
  // VAD only: silence gets mode 1 (or 0 with DTX), speech the selected mode.
  private chooseVbrMode(input: Float32Array, olPitchCoef: number): void {
    let lspDist = 0;
    for (let i = 0; i < NB_ORDER; i++) lspDist += (this.oldLsp[i]! - this.lsp[i]!) ** 2;
    if (this.abr.target) this.vbrQuality = this.abr.adjust(this.vbrQuality, 0.05);
    this.relativeQuality = this.vbr.analyse(input, N, olPitchCoef);
    if (this.vbrEnabled) {
      let mode = nbVbrMode(this.relativeQuality, this.vbrQuality);
      if (mode === 0) mode = this.silenceMode(lspDist);
      else this.dtxCount = 0;
      this.submodeSelect = this.submodeId = mode;
      if (this.vbrMax > 0 && this.bitrate() > this.vbrMax) {
        for (let i = 10; i >= 0; i--) {
          this.setQuality(i);
          if (this.bitrate() <= this.vbrMax) break;
        }
      }
      if (this.abr.target) this.abr.record(this.bitrate());
    } else {
      let mode: number;
      if (this.relativeQuality < 2) mode = this.silenceMode(lspDist);
      else {
        this.dtxCount = 0;
        mode = this.submodeSelect;
      }
      this.submodeId = mode;
    }
  }

  // Silence: a mode 1 noise frame now and then (the spectrum changed, or every 20 frames), else DTX mode 0.
  private silenceMode(lspDist: number): number {
    if (this.dtxCount === 0 || lspDist > 0.05 || !this.dtxEnabled || this.dtxCount > 20) {
      this.dtxCount = 1;
      return 1;
    }
    this.dtxCount++;
    return 0;
  }
}
