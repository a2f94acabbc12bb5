/**
 * Results of parsing network input. Parsers never throw on what arrives from
 * the network; they return one of these. `offset` is relative to the text
 * the parser was given (a header value, a URI, or the whole message).
 */
export type Result<T, E = ParseError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** Why some input could not be parsed, with a reason phrase fit for a 400 response. */
export interface ParseError {
  /** A stable, machine-readable discriminant such as `bad-uri` or `bad-header`. */
  readonly code: string;
  /** Human-readable reason, short enough for a Reason-Phrase. */
  readonly reason: string;
  /** Offset of the offending character in the parsed input. */
  readonly offset: number;
}

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

export const fail = (
  code: string,
  reason: string,
  offset: number,
): { readonly ok: false; readonly error: ParseError } => ({
  ok: false,
  error: { code, reason, offset },
});
