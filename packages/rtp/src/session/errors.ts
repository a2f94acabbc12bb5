/** Why a session operation failed. */
export type RtpSessionErrorCode = 'no-port' | 'bind-failed' | 'closed' | 'no-remote' | 'socket-error';

/** Error thrown or rejected by the session API; `code` is the stable discriminant to test. */
export class RtpSessionError extends Error {
  readonly code: RtpSessionErrorCode;

  constructor(code: RtpSessionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RtpSessionError';
    this.code = code;
  }
}
