/** Errors of the phone engine's commands; `code` is stable for the console's messages and exit codes. */
export type PhoneErrorCode =
  /** The line has a call already (or none, for commands that need one). */
  | 'line-busy'
  | 'no-call'
  /** The command does not fit the call's state (answer an outgoing call...). */
  | 'invalid-state'
  | 'no-such-line'
  | 'no-such-profile'
  /** A URI or argument that cannot be used. */
  | 'bad-argument'
  /** The SIP request failed; `status` says how. */
  | 'request-failed'
  | 'closed';

export class PhoneError extends Error {
  override readonly name = 'PhoneError';
  constructor(
    readonly code: PhoneErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
