export { type AnswerContext, type AnswerResult, answerOffer } from './answer.js';
export {
  type CodecCapability,
  codecMatches,
  type NegotiatedCodec,
  type ResolvedFormat,
  resolveFormats,
  STATIC_PAYLOAD_TYPES,
  staticPayloadType,
} from './codec.js';
export { type DirectionFlags, effectiveDirection, fromFlags, toFlags } from './direction.js';
export { formatFmtpParams, parseFmtpParams } from './fmtp-params.js';
export {
  assignPayloadTypes,
  type HoldVariant,
  type LocalMediaOptions,
  type NumberedCodec,
  type PayloadTypeMemory,
  type SrtpOptions,
} from './local-media.js';
export * from './model.js';
export type { NegotiatedAudio, Negotiation } from './negotiation.js';
export { applyAnswer, buildOffer, type MediaSlot, type OfferContext, type PendingOffer } from './offer.js';
export { parseSdp } from './parse.js';
export type { Result, SdpError, SdpErrorCode } from './result.js';
export { serializeSdp } from './serialize.js';
export { type SdpAnswer, SdpSession, type SdpSessionOptions } from './session.js';
export {
  formatEventList,
  intersectEvents,
  parseEventList,
  type TelephoneEventFormat,
  type TelephoneEventOptions,
} from './telephone-event.js';
