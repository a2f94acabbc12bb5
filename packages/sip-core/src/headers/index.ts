/**
 * Typed header values: each parser takes the raw value of one header line
 * (folding undone, surrounding white space trimmed) and returns a Result.
 */
export { quoteString, unquoteValue } from '../grammar/scan.js';
export { formatContact, formatContactValue, parseContact, parseQValue } from './contact.js';
export { parseFromTo, parseNameAddr, parseNameAddrList } from './name-addr.js';
export { formatAddressOf, formatFromTo, formatNameAddr } from './name-addr-format.js';
export { findParam, formatParams } from './params.js';
export {
  formatCSeq,
  formatRAck,
  parseCallId,
  parseCSeq,
  parseDeltaSeconds,
  parseMaxForwards,
  parseRAck,
  parseRSeq,
  parseTimestamp,
} from './scalars.js';
export { splitCommaList } from './split.js';
export type * from './types.js';
export { formatVia, parseVia } from './via.js';
