import { type AudioCodecFactory, type EncoderParams, resolveFrameSamples } from '../codec.js';
import { G722Decoder } from './g722-decoder.js';
import { G722Encoder } from './g722-encoder.js';

/**
 * ITU-T G.722 at 64 kbit/s: RTP `G722/8000`, static payload type 9. It samples
 * at 16 kHz, but RFC 3551 section 4.5.2 keeps the RTP clock at 8000 Hz for
 * historical reasons. One octet per two samples: 160 bytes per 20 ms.
 */
export const g722: AudioCodecFactory = Object.freeze({
  name: 'G722',
  sampleRate: 16000,
  clockRate: 8000,
  channels: 1,
  staticPayloadType: 9,
  frameDurations: [20, 10, 30, 40, 60],
  createEncoder(params?: EncoderParams) {
    return new G722Encoder(resolveFrameSamples(g722, params));
  },
  createDecoder: () => new G722Decoder(1),
});
