/**
 * Speex sub-band CELP encoder (libspeex sb_celp.c `sb_encode`, float build):
 * QMF split, the lower band through its own encoder, the high band with an
 * order-8 LPC and either a folding gain (sub-mode 1) or a split-VQ innovation
 * searched by analysis-by-synthesis; VBR picks the high-band sub-mode from the
 * band energy ratio.
 */
import type { SpeexBitWriter } from './speex-bits.js';
import { CbScratch, splitCbSearch } from './speex-cb-search.js';
import { bwLpc, computeRms, filterMem, firMem, iirMem, lspInterpolate, lspToLpc } from './speex-dsp.js';
import type { SpeexLayerEncoder } from './speex-layer-encoder.js';
import { autocorr, computeImpulseResponse, LAG_WINDOW, LPC_WINDOW, levinson, lpcToLsp } from './speex-lpc.js';
import { LspQuantScratch, lspQuantHigh, scalQuant } from './speex-lsp-quant.js';
import { QmfAnalysis } from './speex-qmf.js';
import { FOLD_QUANT_BOUND, GC_QUANT_BOUND, type SbMode } from './speex-sb-modes.js';
import { AbrState, VBR_HB_THRESH, VBR_UHB_THRESH, vbrThreshold } from './speex-vbr.js';

const LSP_MARGIN = 0.05;
const LSP_DELTA1 = 0.2;
const LSP_DELTA2 = 0.05;
const LPC_FLOOR = 0.0002;

/** State of one sub-band encoder layer. */
export class SbEncoderCore implements SpeexLayerEncoder {
  readonly fullFrameSize: number;
  readonly piGain: Float32Array;
  readonly excRms: Float32Array;
  innovRmsSave: Float32Array | undefined;
  relativeQuality = 0;
  submodeId: number;
  submodeSelect: number;
  complexity = 2;
  vbrEnabled = false;
  vadEnabled = false;
  /** Average bit-rate control (off unless {@link setAbr}). */
  readonly abr = new AbrState();
  vbrQuality = 8;
  private vbrMaxHigh = 20000;
  private first = true;
  private readonly fs: number;
  private readonly sfs: number;
  private readonly nbSub: number;
  private readonly qmf: QmfAnalysis;
  private readonly low: Float32Array;
  private readonly high: Float32Array;
  private readonly highWin: Float32Array;
  private readonly wSig: Float32Array;
  private readonly lowInnovRms: Float32Array;
  private readonly oldLsp = new Float32Array(8);
  private readonly oldQlsp = new Float32Array(8);
  private readonly interpQlpc = new Float32Array(8);
  private readonly memSp = new Float32Array(8);
  private readonly memSp2 = new Float32Array(8);
  private readonly memSw = new Float32Array(8);
  private readonly ac = new Float32Array(9);
  private readonly lpc = new Float32Array(8);
  private readonly lsp = new Float32Array(8);
  private readonly qlsp = new Float32Array(8);
  private readonly interpLsp = new Float32Array(8);
  private readonly interpQlsp = new Float32Array(8);
  private readonly interpLpc = new Float32Array(8);
  private readonly bwLpc1 = new Float32Array(8);
  private readonly bwLpc2 = new Float32Array(8);
  private readonly mem = new Float32Array(8);
  private readonly mem2 = new Float32Array(8);
  private readonly exc: Float32Array;
  private readonly res: Float32Array;
  private readonly sw: Float32Array;
  private readonly target: Float32Array;
  private readonly innov: Float32Array;
  private readonly innov2: Float32Array;
  private readonly synResp: Float32Array;
  private readonly lspWork = new Float64Array(22);
  private readonly lspX = new Float64Array(10);
  private readonly cb = new CbScratch();
  private readonly lq = new LspQuantScratch();

  constructor(
    readonly lowEnc: SpeexLayerEncoder,
    private readonly mode: SbMode,
  ) {
    this.fs = mode.frameSize;
    this.sfs = mode.subframeSize;
    this.nbSub = this.fs / this.sfs;
    this.fullFrameSize = 2 * this.fs;
    this.piGain = new Float32Array(this.nbSub);
    this.excRms = new Float32Array(this.nbSub);
    this.lowInnovRms = new Float32Array(this.nbSub);
    this.qmf = new QmfAnalysis(this.fs);
    this.low = new Float32Array(this.fs);
    this.high = new Float32Array(this.fs);
    this.highWin = new Float32Array(this.fs + this.sfs);
    this.wSig = new Float32Array(this.fs + this.sfs);
    this.exc = new Float32Array(this.sfs);
    this.res = new Float32Array(this.sfs);
    this.sw = new Float32Array(this.sfs);
    this.target = new Float32Array(this.sfs);
    this.innov = new Float32Array(this.sfs);
    this.innov2 = new Float32Array(this.sfs);
    this.synResp = new Float32Array(this.sfs);
    this.submodeId = this.submodeSelect = mode.defaultSubmode;
    lowEnc.setQuality(9);
    lowEnc.setWideband(true);
    this.reset();
  }

  setQuality(q: number): void {
    const quality = Math.min(10, Math.max(0, Math.trunc(q)));
    this.submodeSelect = this.submodeId = this.mode.qualityMap[quality]!;
    this.lowEnc.setMode(this.mode.lowQualityMap[quality]!);
  }

  setMode(m: number): void {
    this.setQuality(m);
  }

  setVbr(on: boolean): void {
    this.vbrEnabled = on;
    this.lowEnc.setVbr(on);
  }

  setVbrQuality(q: number): void {
    this.vbrQuality = q;
    this.lowEnc.setVbrQuality(Math.min(10, q + 0.6));
    this.setQuality(Math.min(10, Math.floor(0.5 + q)));
  }

  setVad(on: boolean): void {
    this.vadEnabled = on;
    this.lowEnc.setVad(on);
  }

  setDtx(on: boolean): void {
    this.lowEnc.setDtx(on);
  }

  setComplexity(c: number): void {
    this.lowEnc.setComplexity(c);
    this.complexity = Math.max(1, Math.trunc(c));
  }

  setVbrMax(bps: number): void {
    let high: number;
    if (bps >= 42200) high = 17600;
    else if (bps >= 27800) high = 9600;
    else if (bps > 20600) high = 5600;
    else high = 1800;
    if (this.sfs === 80) high = 1800;
    this.vbrMaxHigh = high;
    this.lowEnc.setVbrMax(bps - high);
  }

  /** Enables ABR at `bps` (VBR with a drifting quality). */
  setAbr(bps: number): void {
    this.abr.start(bps);
    this.setVbr(bps !== 0);
    if (bps !== 0) {
      let i = 10;
      for (; i >= 0; i--) {
        this.setQuality(i);
        if (this.bitrate() <= bps) break;
      }
      this.setVbrQuality(Math.max(0, i));
    }
  }

  lowMode(): number {
    return this.lowEnc.lowMode();
  }

  bitrate(): number {
    const sm = this.mode.submodes[this.submodeId];
    const rate = this.fullFrameSize * 50; // the sampling rate: frames are 20 ms
    return this.lowEnc.bitrate() + Math.trunc((rate * (sm ? sm.bitsPerFrame : 4)) / this.fullFrameSize);
  }

  setWideband(on: boolean): void {
    this.lowEnc.setWideband(on);
  }

  reset(): void {
    this.lowEnc.reset();
    this.first = true;
    for (let i = 0; i < 8; i++) this.oldLsp[i] = (Math.PI * (i + 1)) / 9;
    this.oldQlsp.fill(0);
    this.interpQlpc.fill(0);
    this.memSp.fill(0);
    this.memSp2.fill(0);
    this.memSw.fill(0);
    this.qmf.reset();
    this.highWin.fill(0);
    this.piGain.fill(0);
    this.excRms.fill(0);
    this.relativeQuality = 0;
    this.abr.start(this.abr.target);
  }

  encode(input: Float32Array, bits: SpeexBitWriter): boolean {
    const fs = this.fs;
    const sfs = this.sfs;
    const p = 8;
    const low = this.low;
    this.qmf.process(input, low, this.high);
    let eLow = 0;
    let eHigh = 0;
    if (this.vbrEnabled || this.vadEnabled) {
      eLow = computeRms(low, 0, fs);
      eHigh = computeRms(this.high, 0, fs);
    }
    this.lowEnc.innovRmsSave = this.lowInnovRms;
    this.lowEnc.encode(low, bits);
    // The high band is analysed with the same 1-sub-frame look-ahead as the low band.
    const high = this.highWin;
    high.copyWithin(0, fs, fs + sfs);
    high.set(this.high, sfs);
    const dtx = this.lowEnc.lowMode() === 0;

    const w = this.wSig;
    const win = fs + sfs;
    if (sfs === 80) for (let i = 0; i < win; i++) w[i] = high[i]! * LPC_WINDOW[i >> 1]!;
    else for (let i = 0; i < win; i++) w[i] = high[i]! * LPC_WINDOW[i]!;
    const ac = this.ac;
    autocorr(w, ac, p + 1, win);
    ac[0] = ac[0]! + ac[0]! * LPC_FLOOR;
    for (let i = 0; i <= p; i++) ac[i] = ac[i]! * LAG_WINDOW[i]!;
    levinson(this.lpc, ac, p);
    const lsp = this.lsp;
    if (lpcToLsp(this.lpc, p, lsp, 10, LSP_DELTA1, this.lspWork) !== p) {
      if (lpcToLsp(this.lpc, p, lsp, 10, LSP_DELTA2, this.lspWork) !== p) lsp.set(this.oldLsp);
    }

    if ((this.vbrEnabled || this.vadEnabled) && !dtx) this.chooseVbrMode(eLow, eHigh);

    bits.pack(1, 1);
    bits.pack(dtx ? 0 : this.submodeId, 3);
    const sm = this.mode.submodes[this.submodeId];
    if (dtx || !sm) {
      high.fill(1e-15, 0, fs);
      this.memSw.fill(0);
      this.first = true;
      iirMem(high, 0, this.interpQlpc, high, 0, fs, p, this.memSp);
      return !dtx;
    }
    const qlsp = this.qlsp;
    lspQuantHigh(lsp, qlsp, bits, this.lq);
    if (this.first) {
      this.oldLsp.set(lsp);
      this.oldQlsp.set(qlsp);
    }
    const lowPiGain = this.lowEnc.piGain;
    const lowExcRms = this.lowEnc.excRms;
    const exc = this.exc;
    const sw = this.sw;
    const mem = this.mem;
    for (let sub = 0; sub < this.nbSub; sub++) {
      const offset = sfs * sub;
      lspInterpolate(this.oldLsp, lsp, this.interpLsp, p, sub, this.nbSub, LSP_MARGIN);
      lspInterpolate(this.oldQlsp, qlsp, this.interpQlsp, p, sub, this.nbSub, LSP_MARGIN);
      lspToLpc(this.interpLsp, this.interpLpc, p, this.lspWork, this.lspX);
      lspToLpc(this.interpQlsp, this.interpQlpc, p, this.lspWork, this.lspX);
      bwLpc(this.mode.gamma1, this.interpLpc, this.bwLpc1, p);
      bwLpc(this.mode.gamma2, this.interpLpc, this.bwLpc2, p);
      const q = this.interpQlpc;
      let rh = 1;
      let pig = 1;
      for (let i = 0; i < p; i += 2) {
        rh += q[i + 1]! - q[i]!;
        pig += q[i]! + q[i + 1]!;
      }
      this.piGain[sub] = pig;
      const filterRatio = (lowPiGain[sub]! + 0.01) / (rh + 0.01);
      firMem(high, offset, q, exc, 0, sfs, p, this.memSp2);
      const eh = computeRms(exc, 0, sfs);
      if (!sm.innovation) {
        // Folding: only a gain matching the high band's energy to the low band's innovation.
        const el = this.lowInnovRms[sub]!;
        const g = (filterRatio * eh) / (1 + el);
        bits.pack(Math.min(31, Math.max(0, scalQuant(g, FOLD_QUANT_BOUND, 32))), 5);
        if (this.innovRmsSave) this.innovRmsSave[sub] = eh;
        this.excRms[sub] = eh;
      } else {
        const el = lowExcRms[sub]!;
        let gc = (filterRatio * (1 + eh)) / (1 + el);
        if (sfs === 80) gc *= Math.SQRT1_2;
        const qgc = scalQuant(gc, GC_QUANT_BOUND, 16);
        bits.pack(qgc, 4);
        gc = 0.8736 * GC_QUANT_BOUND[qgc]!;
        if (sfs === 80) gc *= Math.SQRT2;
        const scale = (gc / filterRatio) * (1 + el);
        computeImpulseResponse(q, this.bwLpc1, this.bwLpc2, this.synResp, sfs, p, mem, this.mem2);
        const res = this.res;
        res.fill(1e-15);
        mem.set(this.memSp);
        iirMem(res, 0, q, res, 0, sfs, p, mem);
        mem.set(this.memSw);
        filterMem(res, 0, this.bwLpc1, this.bwLpc2, res, 0, sfs, p, mem);
        mem.set(this.memSw);
        filterMem(high, offset, this.bwLpc1, this.bwLpc2, sw, 0, sfs, p, mem);
        const target = this.target;
        const inv = 1 / scale;
        for (let i = 0; i < sfs; i++) target[i] = (sw[i]! - res[i]!) * inv;
        const innov = this.innov;
        innov.fill(0);
        splitCbSearch(
          target,
          q,
          this.bwLpc1,
          this.bwLpc2,
          sm.innovation,
          p,
          sfs,
          innov,
          this.synResp,
          bits,
          this.complexity,
          sm.doubleCodebook,
          this.cb,
        );
        for (let i = 0; i < sfs; i++) innov[i] = innov[i]! * scale;
        if (sm.doubleCodebook) {
          const innov2 = this.innov2;
          innov2.fill(0);
          for (let i = 0; i < sfs; i++) target[i] = 2.5 * target[i]!;
          splitCbSearch(
            target,
            q,
            this.bwLpc1,
            this.bwLpc2,
            sm.innovation,
            p,
            sfs,
            innov2,
            this.synResp,
            bits,
            this.complexity,
            false,
            this.cb,
          );
          const s2 = 0.4 * scale;
          for (let i = 0; i < sfs; i++) innov[i] = innov[i]! + s2 * innov2[i]!;
        }
        exc.set(innov);
        if (this.innovRmsSave) this.innovRmsSave[sub] = Math.SQRT1_2 * computeRms(innov, 0, sfs);
        this.excRms[sub] = computeRms(exc, 0, sfs);
      }
      iirMem(exc, 0, q, high, offset, sfs, p, this.memSp);
      filterMem(high, offset, this.bwLpc1, this.bwLpc2, sw, 0, sfs, p, this.memSw);
    }
    this.oldLsp.set(lsp);
    this.oldQlsp.set(qlsp);
    this.first = false;
    return true;
  }

  private chooseVbrMode(eLow: number, eHigh: number): void {
    if (this.abr.target) this.vbrQuality = this.abr.adjust(this.vbrQuality, 0.1);
    const ratio = Math.min(2, Math.max(-4, 2 * Math.log((1 + eHigh) / (1 + eLow))));
    this.relativeQuality = this.lowEnc.relativeQuality;
    if (this.vbrEnabled) {
      const table = this.sfs === 80 ? VBR_UHB_THRESH : VBR_HB_THRESH;
      this.relativeQuality += ratio + 2;
      if (this.relativeQuality < -1) this.relativeQuality = -1;
      let modeid = table.length - 1;
      const rate = this.fullFrameSize * 50;
      for (; modeid > 0; modeid--) {
        const thresh = vbrThreshold(table, modeid, this.vbrQuality);
        const bpf = this.mode.submodes[modeid]!.bitsPerFrame;
        if (this.relativeQuality >= thresh && (rate * bpf) / this.fullFrameSize <= this.vbrMaxHigh) break;
      }
      this.submodeSelect = this.submodeId = modeid;
      if (this.abr.target) this.abr.record(this.bitrate());
    } else {
      this.submodeId = this.relativeQuality < 2 ? 1 : this.submodeSelect;
    }
  }
}
