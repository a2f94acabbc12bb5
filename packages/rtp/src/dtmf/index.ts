export type { DtmfDetection, DtmfDetectorOptions } from './dtmf-detector.js';
export { DtmfDetector } from './dtmf-detector.js';
export type { DtmfDigit } from './dtmf-event.js';
export { DTMF_DIGITS, dtmfDigitOf, dtmfEventCode, EVENT_FLASH, isDtmfDigit } from './dtmf-event.js';
export type { DtmfSequenceOptions, DtmfToneOptions } from './dtmf-tone-generator.js';
export {
  DTMF_HIGH_FREQUENCIES,
  DTMF_KEYPAD,
  DTMF_LOW_FREQUENCIES,
  dbm0ToAmplitude,
  dtmfFrequencies,
  generateDtmfSequence,
  generateDtmfTone,
  writeDtmfTone,
} from './dtmf-tone-generator.js';
export type { TelephoneEvent } from './telephone-event-payload.js';
export {
  encodeTelephoneEvent,
  MAX_EVENT_DURATION,
  parseTelephoneEvent,
  TELEPHONE_EVENT_LENGTH,
} from './telephone-event-payload.js';
export type {
  DtmfEventReport,
  TelephoneEventInput,
  TelephoneEventReceiverOptions,
} from './telephone-event-receiver.js';
export { TelephoneEventReceiver } from './telephone-event-receiver.js';
export type { TelephoneEventSchedulerOptions } from './telephone-event-scheduler.js';
export { TelephoneEventScheduler } from './telephone-event-scheduler.js';
export type {
  DtmfSequencePlanOptions,
  TelephoneEventOptions,
  TelephoneEventPacket,
  TelephoneEventPlan,
} from './telephone-event-sender.js';
export { planDtmfSequence, planTelephoneEvent } from './telephone-event-sender.js';
