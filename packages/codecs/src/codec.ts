/**
 * The codec plug-in interface. A codec is a stateless factory (what goes into
 * SDP) plus stateful encoder and decoder instances (one per stream).
 * A codec never knows its RTP payload type: the SDP layer assigns that.
 *
 * Sample layout: PCM is signed 16-bit, interleaved when `channels > 1`.
 * `frameSamples` always counts samples per channel.
 */

/** Format parameters from an SDP a=fmtp line, as name/value pairs. */
export type Fmtp = Readonly<Record<string, string>>;

/** Parameters for {@link AudioCodecFactory.createEncoder}. */
export interface EncoderParams {
  /** Samples per channel per frame at `sampleRate` (for example 160 for 20 ms at 8 kHz). */
  readonly frameSamples?: number;
  /** Remote fmtp (for example `mode=30` for iLBC, `bitrate` for Opus). */
  readonly fmtp?: Fmtp;
  /** Target bit rate for codecs that have several. */
  readonly bitrate?: number;
}

/** Parameters for {@link AudioCodecFactory.createDecoder}. */
export interface DecoderParams {
  readonly fmtp?: Fmtp;
}

/** Stateless description of a codec, enough to put it into an SDP offer. */
export interface AudioCodecFactory {
  /** Encoding name as in the SDP rtpmap (`PCMU`, `G726-32`, `speex`). Compared case-insensitively. */
  readonly name: string;
  /** Rate of the PCM samples the codec takes and gives, in Hz. */
  readonly sampleRate: number;
  /** RTP timestamp clock in Hz (8000 for G.722, although it samples at 16 kHz). */
  readonly clockRate: number;
  readonly channels: number;
  /** Static payload type from RFC 3551, if the codec has one. */
  readonly staticPayloadType?: number;
  /** Frame durations in milliseconds that an encoder accepts, the first being the default. */
  readonly frameDurations: readonly number[];
  /** fmtp to offer, if any. */
  readonly fmtp?: Fmtp;
  /** Whether our fmtp and the remote fmtp describe compatible streams. */
  fmtpMatches?(local: Fmtp, remote: Fmtp): boolean;
  /**
   * Makes an encoder. Throws {@link CodecError} `unsupported-params` when
   * `frameSamples` is not one of the sizes `frameDurations` allows.
   */
  createEncoder(params?: EncoderParams): AudioEncoder;
  createDecoder(params?: DecoderParams): AudioDecoder;
}

/** One stream's encoder state. */
export interface AudioEncoder {
  /** Samples per channel this encoder expects in each `encode` call. */
  readonly frameSamples: number;
  /**
   * Encodes exactly `frameSamples * channels` samples into one RTP payload, a new
   * array the caller owns. Throws {@link CodecError} `invalid-frame-size` otherwise.
   */
  encode(pcm: Int16Array): Uint8Array;
  /**
   * Allocation-free variant of `encode`: writes the payload into `out` and returns
   * its length in bytes. `out` must be large enough for one payload.
   */
  encodeInto?(pcm: Int16Array, out: Uint8Array): number;
  /** Forgets all state, as if newly created. */
  reset(): void;
  setBitrate?(bitsPerSecond: number): void;
}

/**
 * One stream's decoder state.
 *
 * Error contract: `decode` takes untrusted network bytes. It either returns PCM
 * or throws a {@link CodecError} with code `malformed-payload`; it never throws
 * anything else, and the decoder stays usable afterwards. Codecs for which every
 * byte string is a valid payload (G.711, G.726) always return. Callers that
 * prefer a result value use {@link tryDecode}.
 */
export interface AudioDecoder {
  /** Decodes one RTP payload into PCM at the codec's sample rate (a new array the caller owns). */
  decode(payload: Uint8Array): Int16Array;
  /**
   * Allocation-free variant of `decode`: writes the PCM into `out` and returns the
   * number of samples written. `out` must be large enough.
   */
  decodeInto?(payload: Uint8Array, out: Int16Array): number;
  /**
   * Produces `samples` samples per channel to stand in for a lost frame (packet
   * loss concealment), continuing from the decoder's state.
   */
  conceal?(samples: number): Int16Array;
  /** Forgets all state, as if newly created. */
  reset(): void;
}

/** Discriminant of {@link CodecError}. */
export type CodecErrorCode =
  /** A payload the decoder cannot decode (wrong length, reserved bits, ...). */
  | 'malformed-payload'
  /** `encode` got a number of samples other than `frameSamples * channels`. */
  | 'invalid-frame-size'
  /** Encoder or decoder parameters the codec does not support. */
  | 'unsupported-params'
  /** A registry already holds a codec with that name, clock rate and channel count. */
  | 'duplicate-codec';

/** The one error class of this package; tests and callers check `code`. */
export class CodecError extends Error {
  override readonly name = 'CodecError';
  constructor(
    readonly code: CodecErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Result of {@link tryDecode}. */
export type DecodeResult =
  | { readonly ok: true; readonly pcm: Int16Array }
  | { readonly ok: false; readonly error: CodecError };

/**
 * Decodes without throwing: a malformed payload becomes `{ ok: false }`, which a
 * media pipeline treats like a lost packet (conceal instead).
 */
export function tryDecode(decoder: AudioDecoder, payload: Uint8Array): DecodeResult {
  try {
    return { ok: true, pcm: decoder.decode(payload) };
  } catch (err) {
    if (err instanceof CodecError) return { ok: false, error: err };
    // A decoder broke its contract: report it as a malformed payload rather than crash a call.
    return { ok: false, error: new CodecError('malformed-payload', `decoder failed: ${String(err)}`) };
  }
}

/** Samples per channel in a frame of `durationMs` at `sampleRate`. */
export function samplesForDuration(sampleRate: number, durationMs: number): number {
  return (sampleRate * durationMs) / 1000;
}

/**
 * Resolves `params.frameSamples` against a factory's `frameDurations`: the default
 * is the first duration; any other size throws `unsupported-params`.
 */
export function resolveFrameSamples(
  factory: Pick<AudioCodecFactory, 'name' | 'sampleRate' | 'frameDurations'>,
  params?: EncoderParams,
): number {
  const first = factory.frameDurations[0] ?? 20;
  const wanted = params?.frameSamples ?? samplesForDuration(factory.sampleRate, first);
  for (const d of factory.frameDurations) {
    if (samplesForDuration(factory.sampleRate, d) === wanted) return wanted;
  }
  throw new CodecError(
    'unsupported-params',
    `${factory.name}: ${wanted} samples per frame is not one of ${factory.frameDurations.join('/')} ms`,
  );
}
