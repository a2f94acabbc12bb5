/**
 * The transaction layer (RFC 3261 section 17, RFC 6026): client and server
 * transactions for INVITE and non-INVITE requests as explicit state tables.
 */
export { buildCancel, buildNon2xxAck } from './ack-cancel.js';
export { TransactionError, type TransactionErrorCode } from './errors.js';
export {
  INVITE_CLIENT_TABLE,
  type InviteClientAction,
  type InviteClientInput,
  type InviteClientState,
} from './invite-client-transaction.js';
export {
  INVITE_SERVER_TABLE,
  type InviteServerAction,
  type InviteServerInput,
} from './invite-server-transaction.js';
export { silentTransactionLogger, type TransactionLogger } from './logger.js';
export { BRANCH_MAGIC_COOKIE, isRfc3261Branch } from './matching.js';
export {
  NON_INVITE_CLIENT_TABLE,
  type NonInviteClientAction,
  type NonInviteClientInput,
  type NonInviteClientState,
} from './non-invite-client-transaction.js';
export {
  NON_INVITE_SERVER_TABLE,
  type NonInviteServerAction,
  type NonInviteServerInput,
} from './non-invite-server-transaction.js';
export type {
  StateTable as TransactionStateTable,
  Transition as TransactionTransition,
} from './state-table.js';
export { type TransactionTimers, transactionTimers } from './timer-values.js';
export { TransactionLayer, type TransactionLayerOptions } from './transaction-layer.js';
export * from './types.js';
