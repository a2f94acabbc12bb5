import { type AudioCodecFactory, type EncoderParams, resolveFrameSamples } from '../codec.js';
import { GsmDecoder } from './gsm-decoder.js';
import { GsmEncoder } from './gsm-encoder.js';

/**
 * GSM 06.10 full rate, 13 kbit/s: RTP `GSM/8000`, static payload type 3, one
 * 33-byte frame per 20 ms; 40 and 60 ms payloads carry two or three frames
 * (RFC 3551 section 4.5.8).
 */
export const gsm: AudioCodecFactory = Object.freeze({
  name: 'GSM',
  sampleRate: 8000,
  clockRate: 8000,
  channels: 1,
  staticPayloadType: 3,
  frameDurations: [20, 40, 60],
  createEncoder(params?: EncoderParams) {
    return new GsmEncoder(resolveFrameSamples(gsm, params));
  },
  createDecoder: () => new GsmDecoder(),
});
