/** Why a media session refused a request. */
export type MediaSessionErrorCode =
  | 'closed'
  | 'already-started'
  | 'not-started'
  | 'no-codec'
  | 'bad-device'
  | 'no-telephone-event';

/** Thrown by {@link MediaSession} methods; check `code`. */
export class MediaSessionError extends Error {
  override readonly name = 'MediaSessionError';
  constructor(
    readonly code: MediaSessionErrorCode,
    message: string,
  ) {
    super(message);
  }
}
