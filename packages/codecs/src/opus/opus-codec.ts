import {
  type AudioCodecFactory,
  CodecError,
  type DecoderParams,
  type EncoderParams,
  type Fmtp,
  resolveFrameSamples,
  samplesForDuration,
} from '../codec.js';
import type { CodecRegistry } from '../registry.js';
import { OpusDecoder } from './opus-decoder.js';
import { OpusEncoder } from './opus-encoder.js';
import {
  type OpusEncoderPreferences,
  opusEncoderSettingsFromFmtp,
  opusFrameDurationFromFmtp,
} from './opus-fmtp.js';
import { type Libopus, type LoadLibopusOptions, loadLibopus } from './opus-wasm.js';

/** The Opus codec description, with encoders and decoders of the concrete Opus types. */
export interface OpusCodecFactory extends AudioCodecFactory {
  /** libopus version string, for example `libopus 1.6.1`. */
  readonly version: string;
  createEncoder(params?: EncoderParams): OpusEncoder;
  createDecoder(params?: DecoderParams): OpusDecoder;
}

/** Options for {@link loadOpusCodec} and {@link registerOpus}. */
export interface OpusCodecOptions extends OpusEncoderPreferences, LoadLibopusOptions {}

/** What we offer in SDP: 10 ms frames are fine, and we decode in-band FEC (RFC 7587 section 6.1). */
const OFFER_FMTP: Fmtp = Object.freeze({ minptime: '10', useinbandfec: '1' });

/**
 * Makes the Opus codec on a loaded libopus (RFC 6716, RTP payload RFC 7587).
 *
 * - rtpmap `opus/48000/2` always, even for mono (RFC 7587 section 7): so
 *   `channels` is 2 and PCM is interleaved stereo at 48 kHz. Without `stereo=1`
 *   in the receiver's fmtp the encoder codes mono (a downmix), and the decoder
 *   gives mono streams on both channels.
 * - Frames of 20 (default), 10, 40 and 60 ms. A receiver's `ptime`/`maxptime`
 *   picks the duration when `frameSamples` is not given.
 * - `createEncoder({ fmtp })` takes the receiver's fmtp and maps it with
 *   {@link opusEncoderSettingsFromFmtp}: bit rate capped by `maxaveragebitrate`,
 *   FEC from `useinbandfec`, DTX from `usedtx`, CBR from `cbr`, bandwidth from
 *   `maxplaybackrate`. `bitrate` in the params (or `prefs.bitrate`) is the rate we
 *   would like, within that cap.
 * - `fmtpMatches` is always true: every Opus fmtp parameter is declarative, and
 *   two Opus ends can always talk (RFC 7587 section 7.1).
 */
export function createOpusCodec(lib: Libopus, prefs: OpusEncoderPreferences = {}): OpusCodecFactory {
  const factory: OpusCodecFactory = {
    name: 'opus',
    sampleRate: 48000,
    clockRate: 48000,
    channels: 2,
    frameDurations: [20, 10, 40, 60],
    fmtp: OFFER_FMTP,
    version: lib.version,
    fmtpMatches: () => true,
    createEncoder(params?: EncoderParams): OpusEncoder {
      const ptime = params?.frameSamples === undefined ? opusFrameDurationFromFmtp(params?.fmtp) : undefined;
      const frameSamples = resolveFrameSamples(
        factory,
        ptime === undefined ? params : { ...params, frameSamples: samplesForDuration(48000, ptime) },
      );
      const bitrate = params?.bitrate ?? prefs.bitrate;
      const settings = opusEncoderSettingsFromFmtp(params?.fmtp, {
        ...prefs,
        ...(bitrate === undefined ? {} : { bitrate }),
      });
      return new OpusEncoder(lib, { frameSamples, channels: 2, settings });
    },
    createDecoder(): OpusDecoder {
      return new OpusDecoder(lib, { channels: 2 });
    },
  };
  return factory;
}

/**
 * Loads libopus and makes the Opus codec. Rejects with {@link CodecError}
 * `unsupported-params` (message `Opus unavailable: ...`) when libopus cannot be
 * loaded; nothing else in this package depends on it.
 */
export async function loadOpusCodec(options: OpusCodecOptions = {}): Promise<OpusCodecFactory> {
  const { moduleUrl, ...prefs } = options;
  const lib = await loadLibopus(moduleUrl === undefined ? {} : { moduleUrl });
  return createOpusCodec(lib, prefs);
}

/** Result of {@link registerOpus}. */
export type OpusRegistration =
  | { readonly registered: true; readonly codec: OpusCodecFactory }
  | { readonly registered: false; readonly error: CodecError };

/**
 * Adds Opus to a registry (at the end of its preference order) when libopus
 * loads, and leaves the registry as it was when it does not:
 *
 * ```ts
 * const codecs = createDefaultRegistry();
 * const opus = await registerOpus(codecs); // { registered: false, error } without libopus
 * ```
 *
 * Never rejects for a missing libopus; a registry that already holds
 * `opus/48000/2` still throws `duplicate-codec` (use `replace` semantics by
 * unregistering first).
 */
export async function registerOpus(
  registry: CodecRegistry,
  options: OpusCodecOptions = {},
): Promise<OpusRegistration> {
  let codec: OpusCodecFactory;
  try {
    codec = await loadOpusCodec(options);
  } catch (err) {
    const error = err instanceof CodecError ? err : new CodecError('unsupported-params', String(err));
    return { registered: false, error };
  }
  registry.register(codec);
  return { registered: true, codec };
}
