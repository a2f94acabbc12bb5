/** Call history in Twinkle's `twinkle.ch` format and the `history` command's output. */
export {
  CallHistory,
  type CallHistoryOptions,
  DEFAULT_HISTORY_MAX_SIZE,
  formatCallHistory,
  parseCallHistory,
} from './call-history.js';
export {
  CALL_HISTORY_HEADER,
  type CallDirection,
  type CallRecord,
  formatCallRecord,
  isMissedCall,
  parseCallRecord,
  type ReleaseCause,
} from './call-record.js';
export {
  answeredCall,
  type CallParty,
  type CallStart,
  endedCall,
  type FinalResponse,
  failedCall,
  startCallRecord,
} from './call-record-builder.js';
export {
  callOutcome,
  type FormatHistoryOptions,
  formatDuration,
  formatHistory,
  formatTimestamp,
} from './format-history.js';
