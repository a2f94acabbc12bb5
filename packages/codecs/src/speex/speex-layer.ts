/** What a sub-band decoder needs from the decoder of its lower band. */
import type { SpeexBitReader } from './speex-bits.js';
import type { FrameStatus } from './speex-nb-decoder.js';

export interface SpeexLayerDecoder {
  /** Samples per frame at this layer's rate. */
  readonly fullFrameSize: number;
  /** Where the innovation of each decoded frame is saved (the caller's buffer and offset). */
  innovSave: Float32Array | undefined;
  innovSaveOffset: number;
  /** LPC response at this layer's Nyquist frequency, per sub-frame. */
  readonly piGain: Float32Array;
  enhancer: boolean;
  decode(bits: SpeexBitReader | undefined, out: Float32Array): FrameStatus;
  excRms(out: Float32Array): void;
  dtxStatus(): boolean;
  /** Marks this decoder as the lower band of a wider one (changes the output high-pass). */
  setWideband(on: boolean): void;
  reset(): void;
}
