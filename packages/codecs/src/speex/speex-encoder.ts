/**
 * Public Speex encoder: 16-bit PCM in, Speex frames out, one or more 20 ms
 * frames per packet as RFC 5574 section 3 packs them (frames concatenated,
 * the last padded to an octet with terminator bits).
 */
import { type AudioEncoder, CodecError } from '../codec.js';
import { createEncoderCore, type SpeexBand, type SpeexEncoderCore, speexFrameSize } from './speex-band.js';
import { SpeexBitWriter } from './speex-bits.js';

/** Options of a {@link SpeexEncoder}. */
export interface SpeexEncoderOptions {
  readonly band?: SpeexBand;
  /** 0..10 (default 8). In VBR mode the VBR quality. */
  readonly quality?: number;
  /** Narrowband sub-mode 1..8 instead of a quality (RFC 5574 `mode` in narrowband). */
  readonly nbMode?: number;
  /** 0..10 search effort (default 3, as speexenc). */
  readonly complexity?: number;
  /** Variable bit rate (libspeex VBR). */
  readonly vbr?: boolean;
  /** Average bit rate target in bit/s (VBR steered to this average). */
  readonly abr?: number;
  /** Highest bit rate VBR may use, bit/s. */
  readonly vbrMaxBitrate?: number;
  /** Voice activity detection without VBR: silence coded as 2 kbit/s noise frames (RFC 5574 `vbr=vad`). */
  readonly vad?: boolean;
  /** With VBR or VAD, long silences become 5-bit "nothing changed" frames (discontinuous transmission). */
  readonly dtx?: boolean;
  /** Frames per packet (default 1). */
  readonly framesPerPacket?: number;
  /** Target bit rate: the highest quality not above it (CBR). */
  readonly bitrate?: number;
}

/** Speex encoder for one stream. */
export class SpeexEncoder implements AudioEncoder {
  readonly band: SpeexBand;
  /** Samples per packet (frames per packet x 20 ms). */
  readonly frameSamples: number;
  /** Samples per Speex frame (20 ms). */
  readonly speexFrameSamples: number;
  readonly framesPerPacket: number;
  /** Whether every frame of the last packet was DTX silence (a sender may skip sending it). */
  lastPacketSilent = false;
  private readonly core: SpeexEncoderCore;
  private readonly writer = new SpeexBitWriter(1024);
  private readonly frame: Float32Array;

  constructor(private readonly options: SpeexEncoderOptions = {}) {
    this.band = options.band ?? 'nb';
    this.speexFrameSamples = speexFrameSize(this.band);
    this.framesPerPacket = options.framesPerPacket ?? 1;
    if (!Number.isInteger(this.framesPerPacket) || this.framesPerPacket < 1 || this.framesPerPacket > 16) {
      throw new CodecError('unsupported-params', `speex: ${this.framesPerPacket} frames per packet`);
    }
    this.frameSamples = this.framesPerPacket * this.speexFrameSamples;
    this.frame = new Float32Array(this.speexFrameSamples);
    this.core = createEncoderCore(this.band);
    this.configure();
  }

  private configure(): void {
    const o = this.options;
    const c = this.core;
    const quality = o.quality ?? 8;
    c.setComplexity(o.complexity ?? 3);
    if (o.nbMode !== undefined && this.band === 'nb') c.setMode(o.nbMode);
    else c.setQuality(quality);
    if (o.bitrate !== undefined) this.setBitrate(o.bitrate);
    if (o.vbr) {
      c.setVbr(true);
      c.setVbrQuality(quality);
    }
    if (o.abr) c.setAbr(o.abr);
    if (o.vbrMaxBitrate) c.setVbrMax(o.vbrMaxBitrate);
    if (o.vad) c.setVad(true);
    if (o.dtx) c.setDtx(true);
  }

  /** Chooses the highest quality whose bit rate does not exceed `bps` (CBR). */
  setBitrate(bps: number): void {
    for (let q = 10; q >= 0; q--) {
      this.core.setQuality(q);
      if (this.core.bitrate() <= bps) return;
    }
  }

  /** Current bit rate of the selected mode in bit/s (CBR; the last frame's with VBR). */
  bitrate(): number {
    return this.core.bitrate();
  }

  encode(pcm: Int16Array): Uint8Array {
    const out = new Uint8Array(this.maxPacketBytes());
    const n = this.encodeInto(pcm, out);
    return out.slice(0, n);
  }

  /** Largest possible packet in bytes. */
  maxPacketBytes(): number {
    // 492 + 352 + 36 bits per frame at most (UWB at quality 10).
    return this.framesPerPacket * 112;
  }

  encodeInto(pcm: Int16Array, out: Uint8Array): number {
    if (pcm.length !== this.frameSamples) {
      throw new CodecError(
        'invalid-frame-size',
        `speex expects ${this.frameSamples} samples, got ${pcm.length}`,
      );
    }
    const w = this.writer;
    const fs = this.speexFrameSamples;
    const frame = this.frame;
    w.reset();
    let silent = true;
    for (let f = 0; f < this.framesPerPacket; f++) {
      for (let i = 0; i < fs; i++) frame[i] = pcm[f * fs + i]!;
      if (this.core.encode(frame, w)) silent = false;
    }
    w.insertTerminator();
    this.lastPacketSilent = silent;
    return w.copyTo(out);
  }

  reset(): void {
    this.core.reset();
    this.configure();
    this.lastPacketSilent = false;
  }
}
