/**
 * What every SIP message has (RFC 3261 section 7): the decoded header section
 * as one string plus a flat index of field offsets, header values cut out and
 * unfolded only when asked for, and the body as a view on the received
 * bytes, never a copy. The typed views are in sip-message.ts.
 */
import type { Result } from '../grammar/result.js';
import { splitCommaList } from '../headers/index.js';
import {
  FIELD_STRIDE,
  FOLDED,
  fieldSyntaxError,
  hashedNameMatches,
  keyHash,
  NAME_END,
  NAME_HASH,
  NAME_START,
  unfold,
  VALUE_END,
  VALUE_START,
  valueEnd,
  valueStart,
} from './header-index.js';
import { headerKey } from './header-names.js';
import type { HeaderField, MessageParts } from './message-parts.js';
import { type BodyPart, splitBody } from './multipart.js';
import { decodeUtf8, encodeUtf8 } from './utf8.js';

/** The header fields, raw values and body of a message. */
export abstract class MessageFields {
  /** The header section, once cut out of `#src` (see #headText). */
  #head: string | undefined;
  /** Text that starts with the header section (see MessageParts.source); field offsets point into it. */
  readonly #src: string;
  readonly #headEnd: number;
  readonly #startLineEnd: number;
  readonly #fields: number[];
  #raw: Uint8Array | undefined;
  #values: (string | undefined)[] | undefined;
  /** The body view, or the bytes it is a range of until somebody asks for it. */
  #body: Uint8Array;
  #bodyStart: number;
  #bodyEnd: number;

  protected constructor(parts: MessageParts) {
    this.#src = parts.source;
    this.#headEnd = parts.headEnd;
    this.#startLineEnd = parts.startLineEnd;
    this.#fields = parts.fields;
    this.#raw = parts.raw;
    this.#body = parts.body;
    this.#bodyStart = parts.bodyStart ?? -1;
    this.#bodyEnd = parts.bodyEnd ?? 0;
  }

  /**
   * The message body; empty when there is none. A view on the received bytes
   * (a plain Uint8Array), made on first use.
   */
  get body(): Uint8Array {
    if (this.#bodyStart >= 0) {
      const b = this.#body;
      this.#body = new Uint8Array(b.buffer, b.byteOffset + this.#bodyStart, this.#bodyEnd - this.#bodyStart);
      this.#bodyStart = -1;
    }
    return this.#body;
  }

  /**
   * The record index of the first field named `key` (lower-case long name) at
   * or after `from`, or -1. `spelling`, for a typed header, is its usual
   * spelling: such a name begins and ends with a letter, which an equal hash
   * has already compared (see hashOf in header-index.ts), so a two-letter
   * name is the same name, and a longer one is first compared whole.
   */
  protected findField(key: string, hash: number, from: number, spelling?: string): number {
    const f = this.#fields;
    const src = this.#src;
    for (let i = from; i < f.length; i += FIELD_STRIDE) {
      if (f[i + NAME_HASH] !== hash) continue;
      const start = f[i + NAME_START]!;
      const end = f[i + NAME_END]!;
      if (
        spelling !== undefined &&
        end - start === spelling.length &&
        (end - start < 3 || src.slice(start, end) === spelling)
      )
        return i;
      if (hashedNameMatches(src, start, end, key)) return i;
    }
    return -1;
  }

  /** Every value of the header `key`, one per line. */
  protected fieldValues(key: string, hash = keyHash(key)): string[] {
    const out: string[] = [];
    for (let i = this.findField(key, hash, 0); i >= 0; i = this.findField(key, hash, i + FIELD_STRIDE))
      out.push(this.fieldValue(i));
    return out;
  }

  /** The first value of a header (any spelling or compact form of its name), or undefined. */
  header(name: string): string | undefined {
    const key = headerKey(name);
    const i = this.findField(key, keyHash(key), 0);
    return i < 0 ? undefined : this.fieldValue(i);
  }

  /** Every value of a header, one per header line, in order (no comma splitting). */
  headers(name: string): string[] {
    return this.fieldValues(headerKey(name));
  }

  /**
   * Every element of a comma-list header across all its lines (RFC 3261
   * section 7.3.1), commas inside quotes and `<...>` respected. Only for
   * headers whose grammar is a comma list: not Date, WWW-Authenticate and
   * the like, whose values hold commas of their own.
   */
  headerValues(name: string): string[] {
    const out: string[] = [];
    for (const line of this.headers(name)) for (const v of splitCommaList(line)) out.push(v);
    return out;
  }

  /** Whether at least one line of the header is present. */
  hasHeader(name: string): boolean {
    return this.header(name) !== undefined;
  }

  /** Every header field in order, names as written, continuation lines joined. */
  get fields(): readonly HeaderField[] {
    const out: HeaderField[] = [];
    const f = this.#fields;
    for (let i = 0; i < f.length; i += FIELD_STRIDE) {
      out.push({ name: this.#src.slice(f[i + NAME_START]!, f[i + NAME_END]!), value: this.fieldValue(i) });
    }
    return out;
  }

  /** The value of the field at record index `i`, continuation lines joined, cached. */
  protected fieldValue(i: number): string {
    let values = this.#values;
    if (values === undefined) {
      values = [];
      this.#values = values;
    }
    const slot = i / FIELD_STRIDE;
    let v = values[slot];
    if (v === undefined) {
      const f = this.#fields;
      if (f[i + FOLDED] === 1) v = unfold(this.#src.slice(f[i + VALUE_START]!, f[i + VALUE_END]!));
      else {
        const start = valueStart(this.#src, f, i);
        v = this.#src.slice(start, valueEnd(this.#src, f, i, start));
      }
      values[slot] = v;
    }
    return v;
  }

  /**
   * The first header line the parser let through but the grammar forbids (a
   * field name that is not a token, a bare CR in a value), as a reason phrase;
   * undefined when every line is well formed. Validation asks this.
   */
  headerLineError(): string | undefined {
    return fieldSyntaxError(this.#src, this.#fields)?.reason;
  }

  /** The text the field offsets point into: values are parsed in place in it. */
  protected get fieldText(): string {
    return this.#src;
  }

  /**
   * Where the value of the field at record index `i` starts in `fieldText`, past
   * white space; -1 when it spans continuation lines (it must be unfolded
   * before it is parsed, see {@link fieldValue}).
   */
  protected valueStartAt(i: number): number {
    return this.#fields[i + FOLDED] !== 0 ? -1 : valueStart(this.#src, this.#fields, i);
  }

  /** Where the value of the field at record index `i` ends in `fieldText`, before white space. */
  protected valueEndAt(i: number, start: number): number {
    return valueEnd(this.#src, this.#fields, i, start);
  }

  /**
   * The parts of a multipart body (RFC 2046 section 5.1, RFC 5621), split by
   * the boundary of Content-Type; an error when the body is not multipart.
   */
  parts(): Result<BodyPart[]> {
    return splitBody(this.header('content-type'), this.body);
  }

  /** The body decoded as UTF-8. */
  get bodyText(): string {
    return decodeUtf8(this.body);
  }

  /** The serialization: exact for a parsed message (body decoded as UTF-8), canonical for a built one. */
  toString(): string {
    const body = this.body;
    return body.length === 0 ? this.#headText() : this.#headText() + decodeUtf8(body);
  }

  /** The serialization as bytes; for a parsed message, exactly the bytes received. */
  toBytes(): Uint8Array {
    let raw = this.#raw;
    if (raw === undefined) {
      const head = encodeUtf8(this.#headText());
      const body = this.body;
      raw = new Uint8Array(head.length + body.length);
      raw.set(head, 0);
      raw.set(body, head.length);
      this.#raw = raw;
    }
    return raw;
  }

  /** The start line without its line end. */
  get startLine(): string {
    return this.#src.slice(0, this.#startLineEnd);
  }

  /** The header section: start line, header lines and the empty line. */
  #headText(): string {
    if (this.#head === undefined) {
      const src = this.#src;
      this.#head = src.length === this.#headEnd ? src : src.slice(0, this.#headEnd);
    }
    return this.#head;
  }
}
