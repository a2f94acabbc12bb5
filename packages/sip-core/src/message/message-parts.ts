/** The pieces a message object is made of, shared by the parser, the builders and the message class. */

/** One header field as it appears in the message, continuation lines joined. */
export interface HeaderField {
  /** The name as written (compact forms are kept: `v`, `i`...). */
  readonly name: string;
  readonly value: string;
}

/** What a message is made of; produced by the parser and the builders. */
export interface MessageParts {
  /** The header section as text: start line, header lines and the empty line, line ends included. */
  readonly head: string;
  readonly startLineEnd: number;
  /** FIELD_STRIDE numbers per header field (see header-index.ts). */
  readonly fields: number[];
  /** The body, or the bytes whose range `[bodyStart, bodyEnd)` it is (a view is made on first use). */
  readonly body: Uint8Array;
  readonly bodyStart?: number;
  readonly bodyEnd?: number;
  /** The exact bytes of the whole message when they are at hand (parsed from bytes). */
  readonly raw: Uint8Array | undefined;
  /**
   * The text the field offsets point into, when `head` was cut from a longer
   * decoded string (the head is its prefix). Values are parsed in place in it:
   * V8 reads a flat string faster than a slice of one.
   */
  readonly source?: string;
}
