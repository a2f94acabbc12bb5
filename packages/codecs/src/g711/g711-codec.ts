import {
  type AudioCodecFactory,
  type AudioDecoder,
  type AudioEncoder,
  CodecError,
  type EncoderParams,
  resolveFrameSamples,
} from '../codec.js';
import {
  alawDecodeTable,
  alawEncodeTable,
  type G711Law,
  ulawDecodeTable,
  ulawEncodeTable,
} from './g711-law.js';
import { G711Concealer } from './g711-plc.js';

const FRAME_DURATIONS = [20, 10, 30, 40, 60] as const;

class G711Encoder implements AudioEncoder {
  readonly #table: Uint8Array;
  constructor(
    law: G711Law,
    readonly frameSamples: number,
  ) {
    this.#table = law === 'alaw' ? alawEncodeTable() : ulawEncodeTable();
  }

  encode(pcm: Int16Array): Uint8Array {
    const out = new Uint8Array(this.frameSamples);
    this.encodeInto(pcm, out);
    return out;
  }

  encodeInto(pcm: Int16Array, out: Uint8Array): number {
    const n = this.frameSamples;
    if (pcm.length !== n) {
      throw new CodecError('invalid-frame-size', `G.711 encoder expects ${n} samples, got ${pcm.length}`);
    }
    const t = this.#table;
    for (let i = 0; i < n; i++) out[i] = t[pcm[i]! & 0xffff]!;
    return n;
  }

  /** G.711 is stateless. */
  reset(): void {}
}

class G711Decoder implements AudioDecoder {
  readonly #table: Int16Array;
  readonly #plc = new G711Concealer();
  constructor(law: G711Law) {
    this.#table = law === 'alaw' ? alawDecodeTable() : ulawDecodeTable();
  }

  decode(payload: Uint8Array): Int16Array {
    const out = new Int16Array(payload.length);
    this.decodeInto(payload, out);
    return out;
  }

  decodeInto(payload: Uint8Array, out: Int16Array): number {
    const t = this.#table;
    const n = payload.length;
    for (let i = 0; i < n; i++) out[i] = t[payload[i]!]!;
    this.#plc.good(out, n);
    return n;
  }

  /** G.711 Appendix I style concealment: pitch-period waveform substitution with attenuation. */
  conceal(samples: number): Int16Array {
    const out = new Int16Array(samples);
    this.#plc.conceal(out, samples);
    return out;
  }

  reset(): void {
    this.#plc.reset();
  }
}

function g711Factory(law: G711Law, name: string, staticPayloadType: number): AudioCodecFactory {
  const factory: AudioCodecFactory = {
    name,
    sampleRate: 8000,
    clockRate: 8000,
    channels: 1,
    staticPayloadType,
    frameDurations: FRAME_DURATIONS,
    createEncoder: (params?: EncoderParams) => new G711Encoder(law, resolveFrameSamples(factory, params)),
    createDecoder: () => new G711Decoder(law),
  };
  return Object.freeze(factory);
}

/** G.711 µ-law, RTP `PCMU/8000`, static payload type 0 (RFC 3551 section 4.5.14). */
export const pcmu: AudioCodecFactory = g711Factory('ulaw', 'PCMU', 0);

/** G.711 A-law, RTP `PCMA/8000`, static payload type 8 (RFC 3551 section 4.5.14). */
export const pcma: AudioCodecFactory = g711Factory('alaw', 'PCMA', 8);
