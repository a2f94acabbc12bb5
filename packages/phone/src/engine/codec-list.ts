/**
 * The SDP capability list of a profile: Twinkle's `codecs=` names, in the
 * profile's order, mapped to the codec registry's factories.
 */
import type { AudioCodecFactory, CodecRegistry } from '@twinkle/codecs';
import { formatFmtpParams, parseFmtpParams } from '@twinkle/sdp';
import type { EngineCodec } from './media-port.js';

/** Registry identity (rtpmap encoding name and RTP clock rate) of a Twinkle codec name. */
export function registryName(
  name: string,
  g726Packing: 'rfc3551' | 'aal2' = 'rfc3551',
): { encoding: string; clockRate: number } | undefined {
  const g726 = /^g726-(16|24|32|40)$/.exec(name);
  // RFC 3551 section 4.5.4 (G726-NN) vs ITU-T I.366.2 packing (AAL2-G726-NN).
  if (g726) return { encoding: `${g726Packing === 'aal2' ? 'AAL2-' : ''}G726-${g726[1]}`, clockRate: 8000 };
  switch (name) {
    case 'g711a':
      return { encoding: 'PCMA', clockRate: 8000 };
    case 'g711u':
      return { encoding: 'PCMU', clockRate: 8000 };
    case 'gsm':
      return { encoding: 'GSM', clockRate: 8000 };
    case 'speex-nb':
      return { encoding: 'speex', clockRate: 8000 };
    case 'speex-wb':
      return { encoding: 'speex', clockRate: 16000 };
    case 'speex-uwb':
      return { encoding: 'speex', clockRate: 32000 };
    case 'ilbc':
      return { encoding: 'iLBC', clockRate: 8000 };
    // RFC 3551 section 4.5.2: G.722's RTP clock is 8000 though it samples at 16000.
    case 'g722':
      return { encoding: 'G722', clockRate: 8000 };
    case 'opus':
      return { encoding: 'opus', clockRate: 48000 };
    default:
      return undefined;
  }
}

/** A codec factory as an SDP capability (the object comes back in the negotiation). */
export function engineCodec(factory: AudioCodecFactory): EngineCodec {
  const matches = factory.fmtpMatches?.bind(factory);
  const fmtp = factory.fmtp;
  return {
    encoding: factory.name,
    clockRate: factory.clockRate,
    channels: factory.channels,
    ...(factory.staticPayloadType !== undefined ? { payloadType: factory.staticPayloadType } : {}),
    ...(fmtp && Object.keys(fmtp).length > 0 ? { fmtp: formatFmtpParams(fmtp) } : {}),
    ...(matches
      ? {
          fmtpMatches: (local: string | undefined, remote: string | undefined) =>
            matches(parseFmtpParams(local), parseFmtpParams(remote)),
        }
      : {}),
    factory,
  };
}

/** The capabilities of a `codecs=` list and the names the registry lacks (g729a, opus not loaded). */
export function codecCapabilities(
  names: readonly string[],
  registry: CodecRegistry,
  g726Packing?: 'rfc3551' | 'aal2',
): { codecs: EngineCodec[]; missing: string[] } {
  const codecs: EngineCodec[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const id = registryName(name, g726Packing);
    const factory = id && registry.get(id.encoding, id.clockRate);
    if (factory) codecs.push(engineCodec(factory));
    else missing.push(name);
  }
  return { codecs, missing };
}
