/** Errors of the dialog layer (RFC 3261 section 12). */
export type DialogErrorCode =
  /** The message cannot create a dialog (no To tag, not a 1xx/2xx, no Call-ID...). */
  | 'not-dialog-forming'
  /** A request was asked of a terminated dialog. */
  | 'terminated'
  /** No local address for the transport protocol the request needs (Via sent-by). */
  | 'no-transport'
  /** ACK and CANCEL reuse a CSeq number that must be given. */
  | 'cseq-required';

/** Thrown by dialog operations that the caller got wrong (never for network input). */
export class DialogError extends Error {
  override readonly name = 'DialogError';
  constructor(
    readonly code: DialogErrorCode,
    message: string,
  ) {
    super(message);
  }
}
