import type { AudioCodecFactory, Fmtp } from '@twinkle/codecs';
import { type CodecCapability, formatFmtpParams, parseFmtpParams } from '@twinkle/sdp';

/**
 * A codec as the SDP layer sees it (plain data), carrying the factory that makes its
 * encoder and decoders. `SdpSession` hands this very object back in the negotiation
 * result, so the media session finds the factory without a second lookup.
 */
export interface MediaCodec extends CodecCapability {
  readonly factory: AudioCodecFactory;
}

/** Turns codec factories (best first, e.g. in the profile's `codecs=` order) into SDP capabilities. */
export function mediaCodecs(factories: readonly AudioCodecFactory[]): MediaCodec[] {
  return factories.map((f) => mediaCodec(f));
}

/** One factory as an SDP capability; `fmtp` overrides the factory's own offer (e.g. iLBC `mode=20`). */
export function mediaCodec(factory: AudioCodecFactory, fmtp?: Fmtp): MediaCodec {
  const offered = fmtp ?? factory.fmtp;
  const matches = factory.fmtpMatches?.bind(factory);
  return {
    encoding: factory.name,
    clockRate: factory.clockRate,
    channels: factory.channels,
    ...(factory.staticPayloadType !== undefined ? { payloadType: factory.staticPayloadType } : {}),
    ...(offered && Object.keys(offered).length > 0 ? { fmtp: formatFmtpParams(offered) } : {}),
    ...(matches
      ? {
          fmtpMatches: (local: string | undefined, remote: string | undefined) =>
            matches(parseFmtpParams(local), parseFmtpParams(remote)),
        }
      : {}),
    factory,
  };
}
