export { DelayEstimator } from './delay-estimator.js';
export { JitterBuffer } from './jitter-buffer.js';
export type {
  JitterBufferOptions,
  JitterBufferStats,
  JitterEmpty,
  JitterFrame,
  JitterMissing,
  JitterPacket,
  JitterPutOutcome,
  JitterResult,
} from './types.js';
