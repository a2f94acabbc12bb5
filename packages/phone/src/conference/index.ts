/** The local conference: the mixer (any number of legs, each at its own rate) and the controller behind `conference`. */
export { Conference, type ConferenceOptions } from './conference.js';
export { ConferenceBridge } from './conference-bridge.js';
export type { ConferenceEvent } from './conference-events.js';
export { ConferenceMixer, type ConferenceMixerOptions, type LegRates, MixerLeg } from './conference-mixer.js';
export { FrameConverter } from './frame-converter.js';
export { mixFrame } from './mix-frame.js';
