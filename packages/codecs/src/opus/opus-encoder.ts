import { type AudioEncoder, CodecError } from '../codec.js';
import type { OpusBandwidth, OpusEncoderSettings } from './opus-fmtp.js';
import { OPUS_MAX_BITRATE, OPUS_MIN_BITRATE } from './opus-fmtp.js';
import type { Libopus, LibopusWasm } from './opus-wasm.js';

// libopus request and value codes (opus_defines.h).
const APPLICATION_VOIP = 2048;
const SET_BITRATE = 4002;
const SET_MAX_BANDWIDTH = 4004;
const SET_VBR = 4006;
const SET_COMPLEXITY = 4010;
const SET_INBAND_FEC = 4012;
const SET_PACKET_LOSS_PERC = 4014;
const SET_DTX = 4016;
const SET_FORCE_CHANNELS = 4022;
const OPUS_AUTO = -1000;
const BANDWIDTH: Record<OpusBandwidth, number> = {
  narrowband: 1101,
  mediumband: 1102,
  wideband: 1103,
  superwideband: 1104,
  fullband: 1105,
};

/** Largest payload we let libopus write: above RFC 6716's 1275 bytes per frame times three frames. */
export const OPUS_MAX_PAYLOAD_BYTES = 4000;

/** Options for {@link OpusEncoder}. */
export interface OpusEncoderOptions {
  /** Samples per channel per frame at 48 kHz: 480, 960, 1920 or 2880 (10 to 60 ms). */
  readonly frameSamples: number;
  /** PCM channels given to `encode` (interleaved when 2). */
  readonly channels: 1 | 2;
  readonly settings: OpusEncoderSettings;
}

/** Releases libopus memory of instances the program dropped without `free()`. */
const finalizer = new FinalizationRegistry<() => void>((release) => release());

/**
 * One Opus stream's encoder at 48 kHz (libopus, application VoIP). Settings come
 * from {@link opusEncoderSettingsFromFmtp}. `encode` returns one RTP payload
 * (RFC 7587 section 4.2: one Opus packet per RTP packet). With DTX on, silent
 * frames give payloads of at most 2 bytes that need not be sent (RFC 7587 section
 * 3.1.3); {@link inDtx} tells when the encoder is in that state.
 */
export class OpusEncoder implements AudioEncoder {
  readonly frameSamples: number;
  readonly channels: 1 | 2;
  readonly #wasm: LibopusWasm;
  readonly #settings: OpusEncoderSettings;
  readonly #mem = { enc: 0, pcm: 0, out: 0 };
  #bitrate: number;

  constructor(lib: Libopus, options: OpusEncoderOptions) {
    this.#wasm = lib.wasm;
    this.frameSamples = options.frameSamples;
    this.channels = options.channels;
    this.#settings = options.settings;
    this.#bitrate = options.settings.bitrate;
    const w = this.#wasm;
    this.#mem.pcm = w._malloc(2 * this.frameSamples * this.channels);
    this.#mem.out = w._malloc(OPUS_MAX_PAYLOAD_BYTES);
    this.#open();
    const mem = this.#mem;
    finalizer.register(this, () => release(w, mem), this);
  }

  encode(pcm: Int16Array): Uint8Array {
    const n = this.#encode(pcm, OPUS_MAX_PAYLOAD_BYTES);
    return this.#wasm.HEAPU8.slice(this.#mem.out, this.#mem.out + n);
  }

  encodeInto(pcm: Int16Array, out: Uint8Array): number {
    const n = this.#encode(pcm, Math.min(out.length, OPUS_MAX_PAYLOAD_BYTES));
    out.set(this.#wasm.HEAPU8.subarray(this.#mem.out, this.#mem.out + n));
    return n;
  }

  /**
   * Changes the target bit rate, clamped to 6 to 510 kbit/s and to the
   * receiver's `maxaveragebitrate` (RFC 7587 section 6.1: never above it).
   */
  setBitrate(bitsPerSecond: number): void {
    if (!Number.isFinite(bitsPerSecond)) {
      throw new CodecError('unsupported-params', `Opus bit rate ${bitsPerSecond} is not a number`);
    }
    const cap = this.#settings.maxBitrate;
    const bps = Math.round(Math.min(cap, OPUS_MAX_BITRATE, Math.max(OPUS_MIN_BITRATE, bitsPerSecond)));
    this.#ctl(SET_BITRATE, bps);
    this.#bitrate = bps;
  }

  /** The bit rate libopus is working to, in bit/s. */
  get bitrate(): number {
    return this.#wasm._oc_encoder_ctl_get_bitrate(this.#mem.enc);
  }

  /** Whether the last frame was silence that DTX did not code. */
  get inDtx(): boolean {
    return this.#wasm._oc_encoder_ctl_get_in_dtx(this.#mem.enc) === 1;
  }

  /** Encoder look-ahead in samples at 48 kHz: the codec's algorithmic delay (312 in VoIP mode). */
  get lookahead(): number {
    return this.#wasm._oc_encoder_ctl_get_lookahead(this.#mem.enc);
  }

  /** Forgets all state. libopus-wasm exposes no OPUS_RESET_STATE, so the encoder is made anew. */
  reset(): void {
    this.#wasm._oc_destroy_encoder(this.#mem.enc);
    this.#mem.enc = 0;
    this.#open();
    if (this.#bitrate !== this.#settings.bitrate) this.#ctl(SET_BITRATE, this.#bitrate);
  }

  /** Frees the libopus memory now (otherwise it is freed when the encoder is garbage-collected). */
  free(): void {
    finalizer.unregister(this);
    release(this.#wasm, this.#mem);
  }

  #encode(pcm: Int16Array, maxBytes: number): number {
    if (pcm.length !== this.frameSamples * this.channels) {
      throw new CodecError(
        'invalid-frame-size',
        `Opus encoder expects ${this.frameSamples * this.channels} samples, got ${pcm.length}`,
      );
    }
    if (this.#mem.enc === 0) throw new Error('Opus encoder used after free()');
    const w = this.#wasm;
    w.HEAP16.set(pcm, this.#mem.pcm >> 1);
    const n = w._oc_encode(this.#mem.enc, this.#mem.pcm, this.frameSamples, this.#mem.out, maxBytes);
    if (n < 0) throw new Error(`libopus encode failed (${n})`);
    return n;
  }

  #open(): void {
    const w = this.#wasm;
    const err = w._malloc(4);
    try {
      this.#mem.enc = w._oc_create_encoder(48000, this.channels, APPLICATION_VOIP, err);
      const code = w.HEAP32[err >> 2] ?? 0;
      if (this.#mem.enc === 0 || code !== 0) throw new Error(`libopus encoder create failed (${code})`);
    } finally {
      w._free(err);
    }
    const s = this.#settings;
    this.#ctl(SET_BITRATE, s.bitrate);
    this.#ctl(SET_VBR, s.cbr ? 0 : 1);
    this.#ctl(SET_MAX_BANDWIDTH, BANDWIDTH[s.maxBandwidth]);
    this.#ctl(SET_COMPLEXITY, s.complexity);
    this.#ctl(SET_INBAND_FEC, s.fec ? 1 : 0);
    this.#ctl(SET_PACKET_LOSS_PERC, s.packetLossPercent);
    this.#ctl(SET_DTX, s.dtx ? 1 : 0);
    // RFC 7587 section 6.1: without stereo=1 the receiver wants mono; libopus downmixes.
    this.#ctl(SET_FORCE_CHANNELS, this.channels === 2 && s.stereo ? OPUS_AUTO : 1);
  }

  #ctl(request: number, value: number): void {
    const code = this.#wasm._oc_encoder_ctl(this.#mem.enc, request, value);
    if (code < 0) throw new Error(`libopus encoder ctl ${request}=${value} failed (${code})`);
  }
}

function release(w: LibopusWasm, mem: { enc: number; pcm: number; out: number }): void {
  if (mem.enc !== 0) w._oc_destroy_encoder(mem.enc);
  if (mem.pcm !== 0) w._free(mem.pcm);
  if (mem.out !== 0) w._free(mem.out);
  mem.enc = 0;
  mem.pcm = 0;
  mem.out = 0;
}
