/** Results of parsing network input: parsers of this package never throw on it. */
export type Result<T, E = ParseError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** Why a packet could not be parsed. */
export interface ParseError {
  /** Stable discriminant, e.g. `bad-crc` or `bad-length`. */
  readonly code: string;
  readonly reason: string;
  /** Octet offset of the offending field, or -1. */
  readonly offset: number;
}

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

export const fail = (
  code: string,
  reason: string,
  offset = -1,
): { readonly ok: false; readonly error: ParseError } => ({
  ok: false,
  error: { code, reason, offset },
});
