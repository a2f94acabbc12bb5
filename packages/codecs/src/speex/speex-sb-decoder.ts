/**
 * Speex sub-band CELP decoder (libspeex sb_celp.c `sb_decode`, float build):
 * decodes the lower band with its own decoder, then the high-band layer
 * (order-8 LPC with folded or coded innovation) and joins both with the QMF.
 * Wideband = narrowband + one layer; ultra-wideband = wideband + one more.
 */
import type { SpeexBitReader } from './speex-bits.js';
import {
  bwLpc,
  computeRms,
  flushTiny,
  iirMem,
  lspInterpolate,
  lspToLpc,
  type SpeexSeed,
  speexRand,
} from './speex-dsp.js';
import type { SpeexLayerDecoder } from './speex-layer.js';
import type { FrameStatus } from './speex-nb-decoder.js';
import { QmfSynthesis } from './speex-qmf.js';
import { GC_QUANT_BOUND, type SbMode } from './speex-sb-modes.js';
import { lspUnquantHigh, splitCbUnquant } from './speex-unquant.js';

const LSP_MARGIN = 0.05;

/** State of one sub-band decoder layer. */
export class SbDecoderCore implements SpeexLayerDecoder {
  readonly fullFrameSize: number;
  innovSave: Float32Array | undefined;
  innovSaveOffset = 0;
  readonly piGain: Float32Array;
  submodeId: number;

  private first = true;
  private readonly seed: SpeexSeed = { seed: 1000 };
  private readonly nbSub: number;
  private readonly qmf: QmfSynthesis;
  private readonly excBuf: Float32Array;
  private readonly exc: Float32Array;
  private readonly innov2: Float32Array;
  private readonly oldQlsp: Float32Array;
  private readonly qlsp: Float32Array;
  private readonly interpQlsp: Float32Array;
  private readonly interpQlpc: Float32Array;
  private readonly ak: Float32Array;
  private readonly memSp: Float32Array;
  private readonly excRmsBuf: Float32Array;
  private readonly lowExcRms: Float32Array;
  private readonly lspWork = new Float64Array(22);
  private readonly lspX = new Float64Array(10);
  private lastEner = 0;

  constructor(
    readonly low: SpeexLayerDecoder,
    private readonly mode: SbMode,
  ) {
    const p = mode.lpcSize;
    this.fullFrameSize = 2 * mode.frameSize;
    this.nbSub = mode.frameSize / mode.subframeSize;
    this.piGain = new Float32Array(this.nbSub);
    this.qmf = new QmfSynthesis(mode.frameSize);
    this.excBuf = new Float32Array(mode.subframeSize);
    this.exc = new Float32Array(mode.subframeSize);
    this.innov2 = new Float32Array(mode.subframeSize);
    this.oldQlsp = new Float32Array(p);
    this.qlsp = new Float32Array(p);
    this.interpQlsp = new Float32Array(p);
    this.interpQlpc = new Float32Array(p);
    this.ak = new Float32Array(p);
    this.memSp = new Float32Array(p);
    this.excRmsBuf = new Float32Array(this.nbSub);
    this.lowExcRms = new Float32Array(this.nbSub);
    this.submodeId = mode.defaultSubmode;
    low.setWideband(true);
  }

  get enhancer(): boolean {
    return this.low.enhancer;
  }

  set enhancer(on: boolean) {
    this.low.enhancer = on;
  }

  setWideband(on: boolean): void {
    this.low.setWideband(on);
  }

  dtxStatus(): boolean {
    return this.low.dtxStatus();
  }

  excRms(out: Float32Array): void {
    out.set(this.excRmsBuf);
  }

  reset(): void {
    this.low.reset();
    this.first = true;
    this.seed.seed = 1000;
    this.qmf.reset();
    this.excBuf.fill(0);
    this.oldQlsp.fill(0);
    this.interpQlpc.fill(0);
    this.memSp.fill(0);
    this.piGain.fill(0);
    this.excRmsBuf.fill(0);
    this.lastEner = 0;
    this.submodeId = this.mode.defaultSubmode;
  }

  /** Decodes one frame into out[0..fullFrameSize); `bits` undefined: the frame is missing. */
  decode(bits: SpeexBitReader | undefined, out: Float32Array): FrameStatus {
    const fs = this.mode.frameSize;
    const sfs = this.mode.subframeSize;
    const p = this.mode.lpcSize;
    // The low band saves its innovation in the upper half of our output, which we overwrite later.
    this.low.innovSave = out;
    this.low.innovSaveOffset = fs;
    const ret = this.low.decode(bits, out);
    const dtx = this.low.dtxStatus();
    if (ret !== 0) return ret;
    if (!bits) {
      this.decodeLost(out, dtx);
      return 0;
    }
    // A set "wideband bit" announces this layer; otherwise the frame had only the lower band.
    if (bits.remaining() > 0 && bits.peek() === 1) {
      bits.advance(1);
      this.submodeId = bits.unpack(3);
    } else {
      this.submodeId = 0;
    }
    const sm = this.mode.submodes[this.submodeId];
    if (this.submodeId !== 0 && !sm) return -2;
    if (!sm) {
      if (dtx) {
        this.decodeLost(out, true);
        return 0;
      }
      out.fill(1e-15, fs, 2 * fs);
      this.first = true;
      iirMem(out, fs, this.interpQlpc, out, fs, fs, p, this.memSp);
      this.qmf.process(out, 0, out, fs, out);
      return 0;
    }
    const lowPiGain = this.low.piGain;
    this.low.excRms(this.lowExcRms);
    const qlsp = this.qlsp;
    lspUnquantHigh(qlsp, bits);
    if (this.first) this.oldQlsp.set(qlsp);
    const exc = this.exc;
    const ak = this.ak;
    let excEnerSum = 0;
    for (let sub = 0; sub < this.nbSub; sub++) {
      const offset = sfs * sub;
      const save = this.innovSave;
      const saveAt = this.innovSaveOffset + 2 * offset;
      if (save) save.fill(0, saveAt, saveAt + 2 * sfs);
      lspInterpolate(this.oldQlsp, qlsp, this.interpQlsp, p, sub, this.nbSub, LSP_MARGIN);
      lspToLpc(this.interpQlsp, ak, p, this.lspWork, this.lspX);
      // Ratio of the low and high filters' responses at the band edge, to match levels there.
      let rh = 1;
      let pig = 1;
      for (let i = 0; i < p; i += 2) {
        rh += ak[i + 1]! - ak[i]!;
        pig += ak[i]! + ak[i + 1]!;
      }
      this.piGain[sub] = pig;
      const filterRatio = (lowPiGain[sub]! + 0.01) / (rh + 0.01);
      exc.fill(0);
      if (!sm.innovation) {
        // Spectral folding: the low band's innovation, sign-alternated (mirrored in frequency).
        const g = Math.exp(0.125 * (bits.unpack(5) - 10)) / filterRatio;
        const fg = this.mode.foldingGain;
        for (let i = 0; i < sfs; i += 2) {
          exc[i] = fg * out[fs + offset + i]! * g;
          exc[i + 1] = -(fg * out[fs + offset + i + 1]! * g);
        }
      } else {
        const qgc = bits.unpack(4);
        let gc = 0.8736 * GC_QUANT_BOUND[qgc]!;
        if (sfs === 80) gc *= Math.SQRT2;
        const scale = (gc * this.lowExcRms[sub]!) / filterRatio;
        splitCbUnquant(exc, sm.innovation, bits);
        for (let i = 0; i < sfs; i++) exc[i] = exc[i]! * scale;
        if (sm.doubleCodebook) {
          const innov2 = this.innov2;
          innov2.fill(0);
          splitCbUnquant(innov2, sm.innovation, bits);
          const s2 = 0.4 * scale;
          for (let i = 0; i < sfs; i++) exc[i] = exc[i]! + s2 * innov2[i]!;
        }
      }
      if (save) for (let i = 0; i < sfs; i++) save[saveAt + 2 * i] = exc[i]!;
      // Synthesis lags one sub-frame, as in the low band.
      iirMem(this.excBuf, 0, this.interpQlpc, out, fs + offset, sfs, p, this.memSp);
      this.excBuf.set(exc);
      this.interpQlpc.set(ak);
      const r = computeRms(this.excBuf, 0, sfs);
      this.excRmsBuf[sub] = r;
      excEnerSum += (r * r) / this.nbSub;
    }
    this.lastEner = Math.sqrt(excEnerSum);
    flushTiny(this.excBuf, sfs);
    this.qmf.process(out, 0, out, fs, out);
    this.oldQlsp.set(qlsp);
    this.first = false;
    return 0;
  }

  // Loss or DTX: noise at the last energy (decaying on loss) through the last filter.
  private decodeLost(out: Float32Array, dtx: boolean): void {
    const fs = this.mode.frameSize;
    const p = this.mode.lpcSize;
    if (!dtx) bwLpc(0.99, this.interpQlpc, this.interpQlpc, p);
    this.first = true;
    if (!dtx) this.lastEner *= 0.9;
    for (let i = 0; i < fs; i++) out[fs + i] = speexRand(this.lastEner, this.seed);
    iirMem(out, fs, this.interpQlpc, out, fs, fs, p, this.memSp);
    this.qmf.process(out, 0, out, fs, out);
  }
}
