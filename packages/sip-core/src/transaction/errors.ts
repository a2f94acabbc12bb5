/** Errors thrown by the transaction layer's public methods (never for network input). */

export type TransactionErrorCode =
  /** The layer was closed. */
  | 'closed'
  /** The request's top Via has no RFC 3261 branch (z9hG4bK...), or no Via at all. */
  | 'bad-branch'
  /** A client transaction with that branch and method exists already. */
  | 'duplicate'
  /** ACK is never sent in a client transaction of its own (RFC 3261 17.1.1.3, 13.2.2.4). */
  | 'ack'
  /** CANCEL applies to INVITE client transactions only. */
  | 'not-invite';

export class TransactionError extends Error {
  override readonly name = 'TransactionError';
  constructor(
    readonly code: TransactionErrorCode,
    message: string,
  ) {
    super(message);
  }
}
