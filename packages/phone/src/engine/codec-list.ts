/**
 * The SDP capability list of a profile: Twinkle's `codecs=` names, in the
 * profile's order, mapped to the codec registry's factories.
 */
import { type AudioCodecFactory, type CodecRegistry, type Fmtp, registerOpus } from '@twinkle/codecs';
import { formatFmtpParams, parseFmtpParams } from '@twinkle/sdp';
import { codecIdentity, isTwinkleCodecName } from '../config/codec-names.js';
import type { EngineCodec } from './media-port.js';

/** A codec factory as an SDP capability (the object comes back in the negotiation); `offeredFmtp` replaces the factory's own. */
export function engineCodec(factory: AudioCodecFactory, offeredFmtp?: Fmtp): EngineCodec {
  const matches = factory.fmtpMatches?.bind(factory);
  const fmtp = offeredFmtp ?? factory.fmtp;
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

/**
 * The capabilities of a `codecs=` list and the names the registry lacks (g729a, opus not
 * loaded). `ilbcMode` is the profile's `ilbc_mode`, offered as iLBC's `mode=` (RFC 3952).
 */
export function codecCapabilities(
  names: readonly string[],
  registry: CodecRegistry,
  g726Packing?: 'rfc3551' | 'aal2',
  ilbcMode?: 20 | 30,
): { codecs: EngineCodec[]; missing: string[] } {
  const codecs: EngineCodec[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const id = isTwinkleCodecName(name) ? codecIdentity(name, g726Packing) : undefined;
    // Any channel count: Opus is registered as opus/48000/2 (RFC 7587 section 7).
    const factory =
      id &&
      registry
        .list()
        .find((f) => f.name.toLowerCase() === id.encoding.toLowerCase() && f.clockRate === id.clockRate);
    const fmtp =
      name === 'ilbc' && ilbcMode !== undefined ? { ...factory?.fmtp, mode: String(ilbcMode) } : undefined;
    if (factory) codecs.push(engineCodec(factory, fmtp));
    else missing.push(name);
  }
  return { codecs, missing };
}

/**
 * Loads codecs that are not in a registry from the start: Opus is
 * WebAssembly, loaded only when a profile lists it (Twinkle has no Opus;
 * ours does). Returns what could not be loaded, to tell the user.
 */
export async function loadListedCodecs(registry: CodecRegistry, names: readonly string[]): Promise<string[]> {
  if (!names.includes('opus') || registry.list().some((f) => f.name.toLowerCase() === 'opus')) return [];
  const r = await registerOpus(registry);
  return r.registered ? [] : [`opus could not be loaded: ${r.error.message}`];
}
