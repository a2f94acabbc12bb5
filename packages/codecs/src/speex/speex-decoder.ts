/**
 * Public Speex decoder: takes an RTP payload of one or more Speex frames
 * (RFC 5574 section 3), skips in-band signalling and stops at the
 * terminator; conceals lost frames with libspeex's pitch repetition and decay.
 */
import { type AudioDecoder, CodecError } from '../codec.js';
import { createDecoderCore, type SpeexBand, speexFrameSize } from './speex-band.js';
import { SpeexBitReader } from './speex-bits.js';
import type { SpeexLayerDecoder } from './speex-layer.js';

/** Frames accepted in one payload (16 frames = 320 ms); more is treated as malformed. */
export const SPEEX_MAX_FRAMES_PER_PACKET = 16;

/** Options of a {@link SpeexDecoder}. */
export interface SpeexDecoderOptions {
  readonly band?: SpeexBand;
  /** The perceptual enhancer (libspeex SPEEX_SET_ENH), default on as in speexdec. */
  readonly enhancer?: boolean;
}

/** Speex decoder for one stream. */
export class SpeexDecoder implements AudioDecoder {
  readonly band: SpeexBand;
  /** Samples per Speex frame (20 ms). */
  readonly frameSamples: number;
  private readonly core: SpeexLayerDecoder;
  private readonly reader = new SpeexBitReader();
  private readonly frame: Float32Array;
  private readonly scratch: Int16Array;

  constructor(options: SpeexDecoderOptions = {}) {
    this.band = options.band ?? 'nb';
    this.frameSamples = speexFrameSize(this.band);
    this.core = createDecoderCore(this.band);
    this.core.enhancer = options.enhancer ?? true;
    // The sub-band decoders use the output's upper half as scratch: one full frame.
    this.frame = new Float32Array(this.core.fullFrameSize);
    this.scratch = new Int16Array(SPEEX_MAX_FRAMES_PER_PACKET * this.frameSamples);
  }

  decode(payload: Uint8Array): Int16Array {
    const n = this.decodeInto(payload, this.scratch);
    return this.scratch.slice(0, n);
  }

  /**
   * Decodes every frame of `payload` into `out`; returns the number of samples.
   * Throws CodecError `malformed-payload` for a payload with no frame, an
   * invalid mode, or more than {@link SPEEX_MAX_FRAMES_PER_PACKET} frames.
   */
  decodeInto(payload: Uint8Array, out: Int16Array): number {
    const r = this.reader;
    r.reset(payload);
    const fs = this.frameSamples;
    let n = 0;
    for (;;) {
      const status = this.core.decode(r, this.frame);
      if (status === -1) break;
      if (status === -2) throw new CodecError('malformed-payload', 'speex: invalid mode in payload');
      if (n + fs > out.length || n >= SPEEX_MAX_FRAMES_PER_PACKET * fs) {
        throw new CodecError('malformed-payload', 'speex: too many frames in payload');
      }
      toPcm(this.frame, out, n, fs);
      n += fs;
    }
    if (n === 0) throw new CodecError('malformed-payload', 'speex: no frame in payload');
    return n;
  }

  conceal(samples: number): Int16Array {
    const out = new Int16Array(samples);
    const fs = this.frameSamples;
    for (let at = 0; at < samples; at += fs) {
      this.core.decode(undefined, this.frame);
      toPcm(this.frame, out, at, Math.min(fs, samples - at));
    }
    return out;
  }

  reset(): void {
    this.core.reset();
  }
}

// Rounds to 16 bits with saturation (libspeex speex_decode_int); NaN becomes 0.
function toPcm(frame: Float32Array, out: Int16Array, at: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = frame[i]!;
    out[at + i] = v > 32767 ? 32767 : v < -32768 ? -32768 : Math.floor(0.5 + v);
  }
}
