import {
  type AudioCodecFactory,
  type AudioDecoder,
  type AudioEncoder,
  CodecError,
  type EncoderParams,
  resolveFrameSamples,
} from '../codec.js';
import { G711Concealer } from '../g711/g711-plc.js';
import { G726Decoder, G726Encoder } from './g726-engine.js';
import { type G726Packing, g726PackedLength, packG726, unpackG726 } from './g726-pack.js';
import type { G726Rate } from './g726-tables.js';

const FRAME_DURATIONS = [20, 10, 30, 40, 60] as const;

class G726AudioEncoder implements AudioEncoder {
  readonly #engine: G726Encoder;
  readonly #codes: Uint8Array;
  readonly #bits: number;
  readonly #packing: G726Packing;

  constructor(
    rate: G726Rate,
    packing: G726Packing,
    readonly frameSamples: number,
  ) {
    this.#engine = new G726Encoder(rate);
    this.#bits = rate / 8;
    this.#packing = packing;
    this.#codes = new Uint8Array(frameSamples);
  }

  encode(pcm: Int16Array): Uint8Array {
    const out = new Uint8Array(g726PackedLength(this.frameSamples, this.#bits));
    this.encodeInto(pcm, out);
    return out;
  }

  encodeInto(pcm: Int16Array, out: Uint8Array): number {
    const n = this.frameSamples;
    if (pcm.length !== n) {
      throw new CodecError('invalid-frame-size', `G.726 encoder expects ${n} samples, got ${pcm.length}`);
    }
    this.#engine.encodeLinear(pcm, this.#codes, n);
    return packG726(this.#codes, n, this.#bits, this.#packing, out);
  }

  reset(): void {
    this.#engine.reset();
  }
}

class G726AudioDecoder implements AudioDecoder {
  readonly #engine: G726Decoder;
  readonly #bits: number;
  readonly #packing: G726Packing;
  readonly #plc = new G711Concealer();
  #codes = new Uint8Array(0);

  constructor(rate: G726Rate, packing: G726Packing) {
    this.#engine = new G726Decoder(rate);
    this.#bits = rate / 8;
    this.#packing = packing;
  }

  /** Decodes every whole code word in the payload; any byte string is valid. */
  decode(payload: Uint8Array): Int16Array {
    const out = new Int16Array(Math.floor((payload.length * 8) / this.#bits));
    this.decodeInto(payload, out);
    return out;
  }

  decodeInto(payload: Uint8Array, out: Int16Array): number {
    const max = Math.ceil((payload.length * 8) / this.#bits);
    if (this.#codes.length < max) this.#codes = new Uint8Array(Math.max(max, 480));
    const n = unpackG726(payload, this.#bits, this.#packing, this.#codes);
    this.#engine.decodeLinear(this.#codes, out, n);
    this.#plc.good(out, n);
    return n;
  }

  /**
   * Conceals a lost stretch with the pitch-repetition method of G.711 Appendix I
   * (see `G711Concealer`), then runs the ADPCM state over the substitute as an
   * encoder would, so that predictor and scale factor follow the signal the
   * listener heard and the next received frame joins smoothly.
   */
  conceal(samples: number): Int16Array {
    const out = new Int16Array(samples);
    this.#plc.conceal(out, samples);
    if (this.#codes.length < samples) this.#codes = new Uint8Array(samples);
    this.#engine.state.encode('linear', out, this.#codes, samples);
    return out;
  }

  reset(): void {
    this.#engine.reset();
    this.#plc.reset();
  }
}

function g726Factory(rate: G726Rate, packing: G726Packing): AudioCodecFactory {
  const factory: AudioCodecFactory = {
    name: packing === 'rfc3551' ? `G726-${rate}` : `AAL2-G726-${rate}`,
    sampleRate: 8000,
    clockRate: 8000,
    channels: 1,
    frameDurations: FRAME_DURATIONS,
    createEncoder: (params?: EncoderParams) =>
      new G726AudioEncoder(rate, packing, resolveFrameSamples(factory, params)),
    createDecoder: () => new G726AudioDecoder(rate, packing),
  };
  return Object.freeze(factory);
}

/** G.726 at 16 kbit/s, RTP `G726-16/8000` (RFC 3551 packing, dynamic payload type). */
export const g726_16: AudioCodecFactory = g726Factory(16, 'rfc3551');
/** G.726 at 24 kbit/s, RTP `G726-24/8000`. */
export const g726_24: AudioCodecFactory = g726Factory(24, 'rfc3551');
/** G.726 at 32 kbit/s, RTP `G726-32/8000`. */
export const g726_32: AudioCodecFactory = g726Factory(32, 'rfc3551');
/** G.726 at 40 kbit/s, RTP `G726-40/8000`. */
export const g726_40: AudioCodecFactory = g726Factory(40, 'rfc3551');
/** G.726 at 16 kbit/s with I.366.2 (AAL2) packing, RTP `AAL2-G726-16/8000`. */
export const aal2G726_16: AudioCodecFactory = g726Factory(16, 'aal2');
/** `AAL2-G726-24/8000`. */
export const aal2G726_24: AudioCodecFactory = g726Factory(24, 'aal2');
/** `AAL2-G726-32/8000`. */
export const aal2G726_32: AudioCodecFactory = g726Factory(32, 'aal2');
/** `AAL2-G726-40/8000`. */
export const aal2G726_40: AudioCodecFactory = g726Factory(40, 'aal2');
