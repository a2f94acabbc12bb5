/** What a sub-band encoder needs from the encoder of its lower band (libspeex encoder ctl requests). */
import type { SpeexBitWriter } from './speex-bits.js';

export interface SpeexLayerEncoder {
  /** Samples per frame at this layer's rate. */
  readonly fullFrameSize: number;
  /** LPC response at this layer's Nyquist frequency per sub-frame, after a frame. */
  readonly piGain: Float32Array;
  /** Excitation RMS per sub-frame, after a frame. */
  readonly excRms: Float32Array;
  /** Where to write the innovation RMS per sub-frame, if anywhere. */
  innovRmsSave: Float32Array | undefined;
  /** Relative quality from the VBR analysis (-1 without VBR/VAD). */
  readonly relativeQuality: number;
  /** Encodes one frame (input modified in place); false when nothing needs sending (DTX). */
  encode(input: Float32Array, bits: SpeexBitWriter): boolean;
  setQuality(q: number): void;
  /** libspeex SPEEX_SET_MODE: a sub-mode for narrowband, a quality for sub-band encoders. */
  setMode(m: number): void;
  setVbr(on: boolean): void;
  setVbrQuality(q: number): void;
  setVad(on: boolean): void;
  setDtx(on: boolean): void;
  setComplexity(c: number): void;
  setVbrMax(bps: number): void;
  /** Narrowband sub-mode of the last frame (0 means silence: the upper layers send nothing). */
  lowMode(): number;
  bitrate(): number;
  setWideband(on: boolean): void;
  reset(): void;
}
