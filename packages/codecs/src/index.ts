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
export { g722 } from './g722/g722-codec.js';
export { G722Decoder, type G722Mode } from './g722/g722-decoder.js';
export { G722Encoder } from './g722/g722-encoder.js';
export { gsm } from './gsm/gsm-codec.js';
export { GsmDecoder } from './gsm/gsm-decoder.js';
export { GsmEncoder } from './gsm/gsm-encoder.js';
export { CodecRegistry, type RegisterOptions } from './registry.js';
