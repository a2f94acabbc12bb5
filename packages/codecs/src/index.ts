export type {
  AudioCodecFactory,
  AudioDecoder,
  AudioEncoder,
  CodecErrorCode,
  DecodeResult,
  DecoderParams,
  EncoderParams,
  Fmtp,
} from './codec.js';
export { CodecError, resolveFrameSamples, samplesForDuration, tryDecode } from './codec.js';
export { builtInCodecs, createDefaultRegistry } from './default-registry.js';
export { pcma, pcmu } from './g711/g711-codec.js';
export {
  alawCompress,
  alawExpand,
  type G711Law,
  g711Decode,
  g711Encode,
  ulawCompress,
  ulawExpand,
} from './g711/g711-law.js';
export { CodecRegistry, type RegisterOptions } from './registry.js';
