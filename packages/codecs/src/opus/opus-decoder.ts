import { type AudioDecoder, CodecError } from '../codec.js';
import type { Libopus, LibopusWasm } from './opus-wasm.js';

/** Longest Opus packet: 120 ms at 48 kHz (RFC 6716 section 3.2.5). */
export const OPUS_MAX_PACKET_SAMPLES = 5760;
/** Concealment and FEC work in multiples of 2.5 ms (RFC 6716's shortest frame). */
const PLC_STEP = 120;

/** Options for {@link OpusDecoder}. */
export interface OpusDecoderOptions {
  /** PCM channels `decode` returns (interleaved when 2). Mono packets are duplicated to both. */
  readonly channels: 1 | 2;
}

interface DecoderMemory {
  dec: number;
  pcm: number;
  pkt: number;
  pktBytes: number;
}

const finalizer = new FinalizationRegistry<() => void>((release) => release());

/**
 * One Opus stream's decoder at 48 kHz (libopus). Decodes any Opus packet (mono
 * or stereo, 2.5 to 120 ms, any bandwidth, SILK, CELT or hybrid), conceals lost
 * frames with libopus's PLC, and recovers a lost frame from the in-band FEC of
 * the packet after it ({@link decodeFec}).
 */
export class OpusDecoder implements AudioDecoder {
  readonly channels: 1 | 2;
  readonly #wasm: LibopusWasm;
  readonly #mem: DecoderMemory = { dec: 0, pcm: 0, pkt: 0, pktBytes: 0 };
  /** Duration of the last decoded packet, the default size of a lost one. */
  #lastSamples = 960;

  constructor(lib: Libopus, options: OpusDecoderOptions) {
    this.#wasm = lib.wasm;
    this.channels = options.channels;
    const w = this.#wasm;
    this.#mem.pcm = w._malloc(2 * OPUS_MAX_PACKET_SAMPLES * this.channels);
    this.#open();
    const mem = this.#mem;
    finalizer.register(this, () => release(w, mem), this);
  }

  /** Samples per channel of the last packet decoded (960 before the first). */
  get lastPacketSamples(): number {
    return this.#lastSamples;
  }

  /**
   * Decodes one RTP payload (one Opus packet). An empty payload, or one libopus
   * rejects (RFC 6716 section 3.4 rules R1 to R7), throws `malformed-payload`;
   * use {@link conceal} for a missing packet.
   */
  decode(payload: Uint8Array): Int16Array {
    const n = this.#decode(payload, OPUS_MAX_PACKET_SAMPLES, 0);
    this.#lastSamples = n;
    return this.#copyOut(n);
  }

  decodeInto(payload: Uint8Array, out: Int16Array): number {
    const n = this.#decode(payload, OPUS_MAX_PACKET_SAMPLES, 0);
    this.#lastSamples = n;
    const len = n * this.channels;
    out.set(this.#wasm.HEAP16.subarray(this.#mem.pcm >> 1, (this.#mem.pcm >> 1) + len));
    return len;
  }

  /**
   * libopus packet loss concealment for `samples` samples per channel, which must
   * be a multiple of 120 (2.5 ms); otherwise `unsupported-params`.
   */
  conceal(samples: number): Int16Array {
    checkPlcSize(samples);
    const out = new Int16Array(samples * this.channels);
    for (let at = 0; at < samples; ) {
      const chunk = Math.min(samples - at, OPUS_MAX_PACKET_SAMPLES);
      const n = this.#run(0, 0, chunk, 0);
      if (n !== chunk) throw new Error(`libopus concealment gave ${n} samples, not ${chunk}`);
      out.set(this.#pcmView(n), at * this.channels);
      at += chunk;
    }
    return out;
  }

  /**
   * Recovers the frame lost just before `nextPayload` from the in-band FEC
   * (LBRR) data in it (RFC 6716 section 2.1.7; RFC 7587 section 3.3), giving
   * `samples` samples per channel (default: the duration of the last packet
   * decoded). When `nextPayload` carries no FEC, libopus conceals instead, so the
   * result is never worse than {@link conceal}. Then decode `nextPayload` itself
   * as usual. `samples` must be a multiple of 120.
   */
  decodeFec(nextPayload: Uint8Array, samples = this.#lastSamples): Int16Array {
    checkPlcSize(samples);
    if (samples > OPUS_MAX_PACKET_SAMPLES)
      throw new CodecError('unsupported-params', 'FEC covers at most 120 ms');
    const n = this.#decode(nextPayload, samples, 1);
    return this.#copyOut(n);
  }

  /** Forgets all state. libopus-wasm exposes no OPUS_RESET_STATE, so the decoder is made anew. */
  reset(): void {
    this.#wasm._oc_destroy_decoder(this.#mem.dec);
    this.#mem.dec = 0;
    this.#open();
    this.#lastSamples = 960;
  }

  /** Frees the libopus memory now (otherwise it is freed when the decoder is garbage-collected). */
  free(): void {
    finalizer.unregister(this);
    release(this.#wasm, this.#mem);
  }

  #decode(payload: Uint8Array, frameSize: number, fec: number): number {
    if (payload.length === 0) throw new CodecError('malformed-payload', 'empty Opus payload (use conceal)');
    if (this.#mem.dec === 0) throw new Error('Opus decoder used after free()');
    const w = this.#wasm;
    const mem = this.#mem;
    if (mem.pktBytes < payload.length) {
      if (mem.pkt !== 0) w._free(mem.pkt);
      mem.pktBytes = Math.max(1500, payload.length);
      mem.pkt = w._malloc(mem.pktBytes);
    }
    w.HEAPU8.set(payload, mem.pkt);
    const n = this.#run(mem.pkt, payload.length, frameSize, fec);
    if (n < 0) throw new CodecError('malformed-payload', `libopus rejected the packet (${n})`);
    return n;
  }

  #run(pkt: number, len: number, frameSize: number, fec: number): number {
    if (this.#mem.dec === 0) throw new Error('Opus decoder used after free()');
    return this.#wasm._oc_decode(this.#mem.dec, pkt, len, this.#mem.pcm, frameSize, fec);
  }

  #pcmView(samples: number): Int16Array {
    const at = this.#mem.pcm >> 1;
    return this.#wasm.HEAP16.subarray(at, at + samples * this.channels);
  }

  #copyOut(samples: number): Int16Array {
    return this.#pcmView(samples).slice();
  }

  #open(): void {
    const w = this.#wasm;
    const err = w._malloc(4);
    try {
      this.#mem.dec = w._oc_create_decoder(48000, this.channels, err);
      const code = w.HEAP32[err >> 2] ?? 0;
      if (this.#mem.dec === 0 || code !== 0) throw new Error(`libopus decoder create failed (${code})`);
    } finally {
      w._free(err);
    }
  }
}

function checkPlcSize(samples: number): void {
  if (!Number.isInteger(samples) || samples <= 0 || samples % PLC_STEP !== 0) {
    throw new CodecError(
      'unsupported-params',
      `Opus conceals multiples of 2.5 ms (120 samples), not ${samples}`,
    );
  }
}

function release(w: LibopusWasm, mem: DecoderMemory): void {
  if (mem.dec !== 0) w._oc_destroy_decoder(mem.dec);
  if (mem.pcm !== 0) w._free(mem.pcm);
  if (mem.pkt !== 0) w._free(mem.pkt);
  mem.dec = 0;
  mem.pcm = 0;
  mem.pkt = 0;
  mem.pktBytes = 0;
}
