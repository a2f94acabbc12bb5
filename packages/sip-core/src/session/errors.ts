/** Errors of INVITE sessions. */

export type SessionErrorCode =
  /** The operation needs another state (e.g. answer after the session ended). */
  | 'invalid-state'
  /** An offer is outstanding, or a re-INVITE is in progress (RFC 3261 14.1, RFC 3311 5). */
  | 'offer-pending'
  /** The request failed: the `status` says how. */
  | 'request-failed'
  /** The session ended while the operation was in progress. */
  | 'terminated'
  /** The peer does not support what the operation needs (UPDATE, 100rel). */
  | 'unsupported';

/** Rejections of session operations; `status` is the final response when there is one. */
export class SessionError extends Error {
  override readonly name = 'SessionError';
  constructor(
    readonly code: SessionErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
