/** The pieces a message object is made of, shared by the parser, the builders and the message class. */

/** One header field as it appears in the message, continuation lines joined. */
export interface HeaderField {
  /** The name as written (compact forms are kept: `v`, `i`...). */
  readonly name: string;
  readonly value: string;
}

/** What a message is made of; produced by the parser and the builders. */
export interface MessageParts {
  /**
   * Text that starts with the header section (start line, header lines and
   * the empty line, line ends included) and may go on with the body: field
   * offsets point into it. V8 reads a flat string faster than a slice of one,
   * and the head is cut out only when somebody asks for it.
   */
  readonly source: string;
  /** Where the header section ends in `source`: just past its empty line. */
  readonly headEnd: number;
  readonly startLineEnd: number;
  /** FIELD_STRIDE numbers per header field (see header-index.ts). */
  readonly fields: number[];
  /** The body, or the bytes whose range `[bodyStart, bodyEnd)` it is (a view is made on first use). */
  readonly body: Uint8Array;
  readonly bodyStart?: number;
  readonly bodyEnd?: number;
  /** The exact bytes of the whole message when they are at hand (parsed from bytes). */
  readonly raw: Uint8Array | undefined;
}
