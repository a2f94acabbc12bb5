import { type AudioCodecFactory, CodecError } from './codec.js';

/** Options for {@link CodecRegistry.register}. */
export interface RegisterOptions {
  /** Replace a codec already registered under the same name, clock rate and channels. */
  readonly replace?: boolean;
}

/**
 * The codecs a phone or an SDP layer can use, keyed by what an SDP rtpmap line
 * names: encoding name (case-insensitive, RFC 4566 section 6), clock rate and
 * channel count. An explicit instance: there is no global registry and importing
 * this package registers nothing. Order of registration is preference order.
 */
export class CodecRegistry {
  readonly #byKey = new Map<string, AudioCodecFactory>();

  /**
   * Adds a codec. Throws {@link CodecError} `duplicate-codec` when one with the same
   * name, clock rate and channels is there, unless `options.replace` is set (the
   * replacement keeps the old one's place in {@link list}).
   */
  register(factory: AudioCodecFactory, options?: RegisterOptions): this {
    const key = keyOf(factory.name, factory.clockRate, factory.channels);
    if (this.#byKey.has(key) && !options?.replace) {
      throw new CodecError(
        'duplicate-codec',
        `codec ${factory.name}/${factory.clockRate}/${factory.channels} is already registered`,
      );
    }
    this.#byKey.set(key, factory);
    return this;
  }

  /** Removes a codec; returns whether it was there. */
  unregister(name: string, clockRate: number, channels = 1): boolean {
    return this.#byKey.delete(keyOf(name, clockRate, channels));
  }

  /**
   * Finds the codec for an rtpmap entry such as `PCMU/8000` or `opus/48000/2`.
   * `channels` defaults to 1, as in SDP.
   */
  get(name: string, clockRate: number, channels = 1): AudioCodecFactory | undefined {
    return this.#byKey.get(keyOf(name, clockRate, channels));
  }

  /** Whether {@link get} would find the codec. */
  has(name: string, clockRate: number, channels = 1): boolean {
    return this.#byKey.has(keyOf(name, clockRate, channels));
  }

  /** Every registered codec, in registration (preference) order. */
  list(): readonly AudioCodecFactory[] {
    return [...this.#byKey.values()];
  }

  /** Codecs with a static RFC 3551 payload type, as a map from payload type to codec. */
  staticPayloadTypes(): ReadonlyMap<number, AudioCodecFactory> {
    const out = new Map<number, AudioCodecFactory>();
    for (const f of this.#byKey.values()) {
      if (f.staticPayloadType !== undefined && !out.has(f.staticPayloadType)) out.set(f.staticPayloadType, f);
    }
    return out;
  }
}

function keyOf(name: string, clockRate: number, channels: number): string {
  return `${name.toLowerCase()}/${clockRate}/${channels}`;
}
