/**
 * The call-model engine: a Phone drives profiles, registrations, lines and
 * calls on one sip-core UserAgent, hands negotiated audio to a MediaFactory
 * and reports everything as PhoneEvent values.
 */
export type { Call } from './call.js';
export { type CallMedia, type CallMediaEnvironment, callMediaFor } from './call-media.js';
export { codecCapabilities, engineCodec } from './codec-list.js';
export { DTMF_RELAY, dtmfRelayBody, isDtmfDigit, parseDtmfRelay } from './dtmf-info.js';
export { PhoneError, type PhoneErrorCode } from './errors.js';
export { decideIncoming, type IncomingDecision, type IncomingSituation } from './incoming-rules.js';
export type {
  EngineCodec,
  MediaDtmf,
  MediaFactory,
  MediaFlowing,
  MediaOpenRequest,
  MediaPort,
  MixerLegPort,
  Playing,
  TonePlayer,
} from './media-port.js';
export { type MediaSessionFactoryOptions, mediaSessionFactory } from './media-session-port.js';
export { Phone } from './phone.js';
export type {
  ActiveLineEvent,
  ActiveProfileEvent,
  CallEndedEvent,
  CallRefusedEvent,
  CallStateEvent,
  CallStateName,
  DtmfEvent,
  HistoryEvent,
  IncomingCallEvent,
  MediaEvent,
  NoticeEvent,
  PhoneEvent,
  PhoneEventType,
  RedirectAskEvent,
  RegistrationEvent,
} from './phone-events.js';
export type {
  CallCommandOptions,
  DtmfTransportName,
  LineStatus,
  NamedProfile,
  OptionsResult,
  PhoneOptions,
  PhoneProfile,
  PhoneSystemSettings,
} from './phone-options.js';
export { type RingPlayerTonesOptions, ringPlayerTones } from './ring-tones.js';
