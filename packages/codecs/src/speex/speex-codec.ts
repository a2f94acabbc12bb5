/**
 * RTP Speex (RFC 5574): `speex/8000`, `speex/16000`, `speex/32000`. The RTP
 * clock equals the sampling rate; a payload carries one or more 20 ms frames.
 * fmtp (section 6.1): `vbr=on|off|vad`, `cng=on|off`, `mode="N,any"`.
 */
import {
  type AudioCodecFactory,
  type DecoderParams,
  type EncoderParams,
  type Fmtp,
  resolveFrameSamples,
} from '../codec.js';
import { type SpeexBand, speexFrameSize, speexSampleRate } from './speex-band.js';
import { SpeexDecoder } from './speex-decoder.js';
import { SpeexEncoder, type SpeexEncoderOptions } from './speex-encoder.js';

/** Encoder settings a remote fmtp asks for (RFC 5574 section 6.1). */
export function speexEncoderOptionsFromFmtp(band: SpeexBand, fmtp: Fmtp | undefined): SpeexEncoderOptions {
  const vbr = fmtp?.vbr?.trim().toLowerCase();
  const cng = fmtp?.cng?.trim().toLowerCase() === 'on';
  // mode: a quoted, comma-separated preference list; the first mode we support wins.
  const modes = (fmtp?.mode ?? '')
    .replace(/"/g, '')
    .split(',')
    .map((m) => m.trim());
  let mode: number | undefined;
  for (const m of modes) {
    if (!/^\d+$/.test(m)) continue;
    const v = Number(m);
    if (band === 'nb' ? v >= 1 && v <= 8 : v <= 10) {
      mode = v;
      break;
    }
  }
  // Absent: mode="3,any" in narrowband, "8,any" in wideband and ultra-wideband.
  mode ??= band === 'nb' ? 3 : 8;
  const base = band === 'nb' ? { band, nbMode: mode } : { band, quality: mode };
  return {
    ...base,
    vbr: vbr === 'on',
    vad: vbr === 'vad',
    dtx: cng && (vbr === 'on' || vbr === 'vad'),
  };
}

function makeFactory(band: SpeexBand): AudioCodecFactory {
  const rate = speexSampleRate(band);
  const factory: AudioCodecFactory = {
    name: 'speex',
    sampleRate: rate,
    clockRate: rate,
    channels: 1,
    frameDurations: [20, 40, 60],
    // Any frame is decodable whatever mode the peer picks, so fmtps never conflict.
    fmtpMatches: () => true,
    createEncoder(params?: EncoderParams) {
      const frameSamples = resolveFrameSamples(factory, params);
      const opts = speexEncoderOptionsFromFmtp(band, params?.fmtp);
      return new SpeexEncoder({
        ...opts,
        framesPerPacket: frameSamples / speexFrameSize(band),
        ...(params?.bitrate !== undefined ? { bitrate: params.bitrate } : {}),
      });
    },
    createDecoder(_params?: DecoderParams) {
      return new SpeexDecoder({ band });
    },
  };
  return Object.freeze(factory);
}

/** Speex narrowband, `speex/8000`. */
export const speexNb: AudioCodecFactory = makeFactory('nb');
/** Speex wideband, `speex/16000`. */
export const speexWb: AudioCodecFactory = makeFactory('wb');
/** Speex ultra-wideband, `speex/32000`. */
export const speexUwb: AudioCodecFactory = makeFactory('uwb');
