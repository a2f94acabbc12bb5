/**
 * Call transfer (RFC 3515 REFER, RFC 3891 Replaces, RFC 5589): the
 * transferor's `transfer` command, the transferee's handling of REFER and
 * the transfer target's handling of INVITE with Replaces.
 */
export { peerSupportsReplaces, referTargetOf, supportedTags } from './call-facts.js';
export type { TransferCommandOptions } from './referrer.js';
export { replacesSupport, SUPPORTED_REPLACES } from './supported.js';
export type { TransferEvent, TransferMode, TransferRequestEvent, TransferState } from './transfer-events.js';
export { Transfers } from './transfers.js';
