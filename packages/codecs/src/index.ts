export type {
  AudioCodecFactory,
  AudioDecoder,
  AudioEncoder,
  DecoderParams,
  EncoderParams,
  Fmtp,
} from './codec.js';
