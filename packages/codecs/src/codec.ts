/**
 * The codec plug-in interface. A codec is a stateless factory (what goes into
 * SDP) plus stateful encoder and decoder instances (one per stream).
 * A codec never knows its RTP payload type: the SDP layer assigns that.
 */

/** Format parameters from an SDP a=fmtp line, as name/value pairs. */
export type Fmtp = Readonly<Record<string, string>>;

export interface EncoderParams {
  /** Samples per frame at `sampleRate` (for example 160 for 20 ms at 8 kHz). */
  readonly frameSamples?: number;
  /** Remote fmtp (for example `mode=30` for iLBC, `bitrate` for Opus). */
  readonly fmtp?: Fmtp;
  /** Target bit rate for codecs that have several. */
  readonly bitrate?: number;
}

export interface DecoderParams {
  readonly fmtp?: Fmtp;
}

/** Stateless description of a codec, enough to put it into an SDP offer. */
export interface AudioCodecFactory {
  /** Encoding name as in the SDP rtpmap (`PCMU`, `G726-32`, `speex`). */
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
  createEncoder(params?: EncoderParams): AudioEncoder;
  createDecoder(params?: DecoderParams): AudioDecoder;
}

export interface AudioEncoder {
  /** Samples per frame this encoder expects in each `encode` call. */
  readonly frameSamples: number;
  /** Encodes exactly `frameSamples` samples into one RTP payload. */
  encode(pcm: Int16Array): Uint8Array;
  /** Forgets all state, as if newly created. */
  reset(): void;
  setBitrate?(bitsPerSecond: number): void;
}

export interface AudioDecoder {
  /** Decodes one RTP payload into PCM at the codec's sample rate. */
  decode(payload: Uint8Array): Int16Array;
  /** Produces `samples` samples to stand in for a lost frame (packet loss concealment). */
  conceal?(samples: number): Int16Array;
  /** Forgets all state, as if newly created. */
  reset(): void;
}
