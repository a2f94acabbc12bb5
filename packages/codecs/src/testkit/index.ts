/**
 * `@twinkle/codecs/testkit`: what a codec author needs to check a codec against
 * the interface contract. The conformance suite uses vitest (a peer dependency,
 * only needed by code that imports this subpath); the signal and SNR helpers
 * have no dependencies.
 */
export { type CodecConformanceOptions, describeCodecConformance } from './conformance.js';
export { type SpeechLikeOptions, seededRandom, speechLikeSignal } from './signal.js';
export {
  findDelay,
  firstDifference,
  type SegmentalSnrOptions,
  type SnrOptions,
  segmentalSnr,
  snr,
} from './snr.js';
