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
export {
  aal2G726_16,
  aal2G726_24,
  aal2G726_32,
  aal2G726_40,
  g726_16,
  g726_24,
  g726_32,
  g726_40,
} from './g726/g726-codec.js';
export { G726Decoder, G726Encoder } from './g726/g726-engine.js';
export type { G726Law } from './g726/g726-law.js';
export { type G726Packing, g726PackedLength, packG726, unpackG726 } from './g726/g726-pack.js';
export { type G726PcmFormat, G726State } from './g726/g726-state.js';
export type { G726Rate } from './g726/g726-tables.js';
export { gsm } from './gsm/gsm-codec.js';
export { GsmDecoder } from './gsm/gsm-decoder.js';
export { GsmEncoder } from './gsm/gsm-encoder.js';
export {
  IlbcPayloadDecoder,
  ilbc,
  ilbcModeFromFmtp,
  negotiateIlbcMode,
} from './ilbc/ilbc-codec.js';
export {
  IlbcDecoder,
  type IlbcDecoderOptions,
  type IlbcMode,
  ilbcFrameBytes,
  ilbcFrameSamples,
} from './ilbc/ilbc-decoder.js';
export { IlbcEncoder } from './ilbc/ilbc-encoder.js';
export {
  createOpusCodec,
  loadOpusCodec,
  type OpusCodecFactory,
  type OpusCodecOptions,
  type OpusRegistration,
  registerOpus,
} from './opus/opus-codec.js';
export { OPUS_MAX_PACKET_SAMPLES, OpusDecoder, type OpusDecoderOptions } from './opus/opus-decoder.js';
export { OPUS_MAX_PAYLOAD_BYTES, OpusEncoder, type OpusEncoderOptions } from './opus/opus-encoder.js';
export {
  bandwidthForPlaybackRate,
  OPUS_DEFAULT_BITRATE,
  OPUS_MAX_BITRATE,
  OPUS_MIN_BITRATE,
  type OpusBandwidth,
  type OpusEncoderPreferences,
  type OpusEncoderSettings,
  opusEncoderSettingsFromFmtp,
  opusFrameDurationFromFmtp,
} from './opus/opus-fmtp.js';
export { opusPacketHasFec, opusPacketSamples } from './opus/opus-packet.js';
export { type Libopus, type LibopusWasm, type LoadLibopusOptions, loadLibopus } from './opus/opus-wasm.js';
export { CodecRegistry, type RegisterOptions } from './registry.js';
export {
  designLowpass,
  type FilterFigures,
  type LowpassSpec,
  measureLowpass,
} from './resample/kaiser-filter.js';
export {
  RESAMPLER_DESIGNS,
  Resampler,
  type ResamplerOptions,
  type ResamplerQuality,
} from './resample/resampler.js';
export { type SpeexBand, speexFrameSize, speexSampleRate } from './speex/speex-band.js';
export { speexEncoderOptionsFromFmtp, speexNb, speexUwb, speexWb } from './speex/speex-codec.js';
export {
  SPEEX_MAX_FRAMES_PER_PACKET,
  SpeexDecoder,
  type SpeexDecoderOptions,
} from './speex/speex-decoder.js';
export { SpeexEncoder, type SpeexEncoderOptions } from './speex/speex-encoder.js';
export {
  readOggPackets,
  readSpeexOgg,
  type SpeexOggFile,
  type SpeexOggHeader,
  type SpeexOggWriteOptions,
  writeSpeexOgg,
} from './speex/speex-ogg.js';
