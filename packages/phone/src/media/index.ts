export {
  CALL_WAITING_CADENCE,
  type Cadence,
  CadenceTone,
  RING_CADENCE,
  RINGBACK_CADENCE,
} from './cadence-tone.js';
export { type MediaCodec, mediaCodec, mediaCodecs } from './media-codec.js';
export { type MediaNegotiation, MediaSession } from './media-session.js';
export { MediaSessionError, type MediaSessionErrorCode } from './media-session-error.js';
export type {
  DeviceNotice,
  DeviceRoute,
  DspSettings,
  DtmfReceived,
  DtmfTransport,
  MediaAddress,
  MediaSessionOptions,
  MediaStarted,
  MediaStats,
} from './media-types.js';
export { RingPlayer, type RingPlayerOptions } from './ring-player.js';
export { type SdesResult, srtpKeysFromSdes } from './sdes-keys.js';
