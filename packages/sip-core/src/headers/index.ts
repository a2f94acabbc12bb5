/**
 * Typed header values: each parser takes the raw value of one header line
 * (folding undone, surrounding white space trimmed) and returns a Result.
 */
export { quoteString, unquoteValue } from '../grammar/scan.js';
export {
  formatChallenge,
  formatCredentials,
  parseAuthenticationInfo,
  parseChallenge,
  parseCredentials,
} from './auth.js';
export { formatContact, formatContactValue, parseContact, parseQValue } from './contact.js';
export { eventId, parseContentDisposition, parseEvent, parseSubscriptionState } from './event.js';
export { formatMediaType, parseMediaType, parseMediaTypeList } from './media-type.js';
export { parseFromTo, parseNameAddr, parseNameAddrList } from './name-addr.js';
export { formatAddressOf, formatFromTo, formatNameAddr } from './name-addr-format.js';
export { findParam, formatParams } from './params.js';
export { parseReasonList } from './reason.js';
export { formatReplaces, parseReplaces, replacesFromReferTo } from './replaces.js';
export { parseRetryAfter } from './retry-after.js';
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
export { formatSessionExpires, parseMinSe, parseSessionExpires } from './session-timer.js';
export { formatSipDate, parseSipDate } from './sip-date.js';
export { splitCommaList } from './split.js';
export { parsePrivacy, parseTokenList } from './token-list.js';
export type * from './types.js';
export { formatUriWithParams, parseUriWithParamsList } from './uri-with-params.js';
export { formatVia, parseVia } from './via.js';
export { formatWarning, parseWarningList } from './warning.js';
