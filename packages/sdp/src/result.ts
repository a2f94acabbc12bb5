/**
 * Results of parsing and negotiation. Nothing in this package throws on what
 * arrives from the network; parsers return one of these instead.
 */
export type Result<T, E = SdpError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** Stable, machine-readable reasons an SDP body or an offer/answer step was refused. */
export type SdpErrorCode =
  | 'bad-line'
  | 'bad-version'
  | 'missing-origin'
  | 'bad-origin'
  | 'missing-session-name'
  | 'missing-timing'
  | 'bad-timing'
  | 'bad-connection'
  | 'missing-connection'
  | 'bad-media'
  | 'misplaced-line'
  | 'duplicate-line'
  | 'media-count'
  | 'no-offer'
  | 'offer-pending'
  | 'not-acceptable';

/** Why an SDP body could not be used, with a reason fit for a log line or a Warning header. */
export interface SdpError {
  readonly code: SdpErrorCode;
  readonly reason: string;
  /** 1-based line number in the SDP text, when the error belongs to one line. */
  readonly line?: number;
}

/** Builds a successful result. */
export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

/** Builds a failed result. */
export const fail = (
  code: SdpErrorCode,
  reason: string,
  line?: number,
): { readonly ok: false; readonly error: SdpError } => ({
  ok: false,
  error: line === undefined ? { code, reason } : { code, reason, line },
});
