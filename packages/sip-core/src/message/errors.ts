/**
 * Errors of the message layer. Every one carries the response status a server
 * would answer with (RFC 3261 section 21.4: 400, or 513 for an oversized
 * message) and a reason phrase fit to be sent with it.
 */
import type { ParseError } from '../grammar/result.js';

/** Stable discriminants of message-level parse errors. */
export type MessageErrorCode =
  /** Nothing but whitespace was given. */
  | 'empty'
  /** The header section is not closed by an empty line. */
  | 'incomplete'
  /** The start line is neither a Request-Line nor a Status-Line. */
  | 'bad-start-line'
  /** A SIP-Version that does not match `SIP/1*DIGIT.1*DIGIT`. */
  | 'bad-version'
  /** A header line with no colon, a bad name, or a continuation with nothing to continue. */
  | 'bad-header-line'
  /** A Content-Length that is not a non-negative decimal integer. */
  | 'bad-content-length'
  /** Two Content-Length values that disagree (RFC 4475 section 3.3.9). */
  | 'multiple-content-length'
  /** Fewer body octets than Content-Length announces, on a datagram (RFC 3261 section 18.3). */
  | 'body-too-short'
  /** A stream-borne message without Content-Length (RFC 3261 section 18.3). */
  | 'missing-content-length'
  /** Larger than the configured maximum message size. */
  | 'too-large';

/** A parse error of a whole message; `offset` counts octets from the start of the input. */
export interface MessageError extends ParseError {
  readonly code: MessageErrorCode;
  /** The response status to answer a request with: 400, or 513 for an oversized message. */
  readonly status: 400 | 513;
}

export const messageError = (code: MessageErrorCode, reason: string, offset: number): MessageError => ({
  code,
  reason,
  offset,
  status: code === 'too-large' ? 513 : 400,
});
