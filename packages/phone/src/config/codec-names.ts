/**
 * Codec names of Twinkle's `codecs=` profile key and how they map to the
 * encoding names and RTP clock rates of the @twinkle/codecs registry.
 *
 * Twinkle's names come from t_user::read_config/write_config in src/user.cpp
 * (g711a, g711u, gsm, speex-nb, speex-wb, speex-uwb, ilbc, g726-16..40, g729a).
 * `g722` and `opus` are ours: Twinkle does not know them.
 */
export const TWINKLE_CODEC_NAMES = [
  'g711a',
  'g711u',
  'gsm',
  'speex-nb',
  'speex-wb',
  'speex-uwb',
  'ilbc',
  'g726-16',
  'g726-24',
  'g726-32',
  'g726-40',
  'g729a',
  'g722',
  'opus',
] as const;

/** A codec name as written in a profile's `codecs=` list. */
export type TwinkleCodecName = (typeof TWINKLE_CODEC_NAMES)[number];

/** What the SDP layer and the codec registry call a codec. */
export interface CodecIdentity {
  /** Encoding name as in `a=rtpmap` and the registry (`PCMA`, `speex`, `G726-32`). */
  readonly encoding: string;
  /** RTP clock rate. */
  readonly clockRate: number;
}

/** G.726 bit packing (profile key `g726_packing`). */
export type G726Packing = 'rfc3551' | 'aal2';

/** True when `name` is one of the codec names a profile may list. */
export const isTwinkleCodecName = (name: string): name is TwinkleCodecName =>
  (TWINKLE_CODEC_NAMES as readonly string[]).includes(name);

/**
 * Maps a profile codec name to its registry identity. G.726 with AAL2 packing
 * is registered as `AAL2-G726-NN` (RFC 3551 section 4.5.4 vs ITU-T I.366.2).
 * `g729a` has no codec in our registry yet: undefined.
 */
export const codecIdentity = (
  name: TwinkleCodecName,
  g726Packing: G726Packing = 'rfc3551',
): CodecIdentity | undefined => {
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
    case 'g726-16':
    case 'g726-24':
    case 'g726-32':
    case 'g726-40': {
      const rate = name.slice(5);
      return { encoding: g726Packing === 'aal2' ? `AAL2-G726-${rate}` : `G726-${rate}`, clockRate: 8000 };
    }
    case 'g722':
      // RFC 3551 section 4.5.2: G.722's RTP clock is 8000 although it samples at 16000.
      return { encoding: 'G722', clockRate: 8000 };
    case 'opus':
      return { encoding: 'opus', clockRate: 48000 };
    case 'g729a':
      return undefined;
  }
};
