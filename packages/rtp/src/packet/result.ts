/**
 * Results of parsing network input. Parsers in this package never throw on
 * what arrives from the network; they return one of these.
 */
export type Result<T, E = PacketError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** Why a packet could not be parsed or processed. */
export interface PacketError {
  /** Stable machine-readable discriminant, e.g. `bad-version` or `auth-failed`. */
  readonly code: string;
  /** Short human-readable explanation. */
  readonly reason: string;
  /** Byte offset of the offending field in the input, or -1 when not positional. */
  readonly offset: number;
}

/** Wraps a successful value. */
export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

/** Builds a failed result. */
export const fail = (
  code: string,
  reason: string,
  offset = -1,
): { readonly ok: false; readonly error: PacketError } => ({
  ok: false,
  error: { code, reason, offset },
});
