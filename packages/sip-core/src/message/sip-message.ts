/**
 * Immutable SIP messages (RFC 3261 section 7). A message keeps the decoded
 * header section as one string plus a flat index of field offsets; values are
 * cut out, unfolded and parsed only when asked for, then cached. The body is
 * a view on the received bytes, never a copy.
 */
import { fail, ok, type Result } from '../grammar/result.js';
import { splitCommaList } from '../headers/index.js';
import type { Contact, CSeq, FromTo, MediaType, Via } from '../headers/types.js';
import { parseUri } from '../uri/index.js';
import type { Uri } from '../uri/types.js';
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
import type { RequestLine, StatusLine } from './start-line.js';
import {
  type RangeParser,
  TOP_VIA_LINE,
  TYPED,
  type TypedEntry,
  type TypedHeaderKey,
  type TypedHeaders,
} from './typed-headers.js';
import { decodeUtf8, encodeUtf8 } from './utf8.js';

export type { HeaderField, MessageParts } from './message-parts.js';

/** Typed-cache slots made at once: the top Via line, Via, From, To, Call-ID and CSeq (ids 0 to 5). */
const HOT_SLOTS = 6;

/** The typed value of a header that is not there. */
const ABSENT = ok(undefined);

/** Behaviour shared by requests and responses. */
abstract class SipMessageBase {
  readonly #head: string;
  /** `head`, or the flat string it was cut from; field offsets point into both. */
  readonly #src: string;
  readonly #startLineEnd: number;
  readonly #fields: number[];
  #raw: Uint8Array | undefined;
  #values: (string | undefined)[] | undefined;
  #typed: Result<unknown>[] | undefined;
  /** The body view, or the bytes it is a range of until somebody asks for it. */
  #body: Uint8Array;
  #bodyStart: number;
  #bodyEnd: number;

  protected constructor(parts: MessageParts) {
    this.#head = parts.head;
    this.#src = parts.source ?? parts.head;
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
  #find(key: string, hash: number, from: number, spelling?: string): number {
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

  #all(key: string, hash = keyHash(key)): string[] {
    const out: string[] = [];
    for (let i = this.#find(key, hash, 0); i >= 0; i = this.#find(key, hash, i + FIELD_STRIDE))
      out.push(this.#value(i));
    return out;
  }

  /** The first value of a header (any spelling or compact form of its name), or undefined. */
  header(name: string): string | undefined {
    const key = headerKey(name);
    const i = this.#find(key, keyHash(key), 0);
    return i < 0 ? undefined : this.#value(i);
  }

  /** Every value of a header, one per header line, in order (no comma splitting). */
  headers(name: string): string[] {
    return this.#all(headerKey(name));
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
      out.push({ name: this.#src.slice(f[i + NAME_START]!, f[i + NAME_END]!), value: this.#value(i) });
    }
    return out;
  }

  #value(i: number): string {
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

  /**
   * A typed header value, parsed on first use and cached: `ok` with undefined
   * when the header is absent, an error when its value does not parse.
   */
  parsed<K extends TypedHeaderKey>(key: K): Result<TypedHeaders[K] | undefined> {
    const entry = TYPED[key] as TypedEntry<K> | undefined;
    if (entry === undefined) return fail('not-typed', `No typed view of ${key}`, 0);
    return this.#parsedEntry(entry);
  }

  #parsedEntry<K extends TypedHeaderKey>(entry: TypedEntry<K>): Result<TypedHeaders[K] | undefined> {
    let cache = this.#typed;
    if (cache === undefined) {
      // Sized for the hot headers' slots, which come first (see TYPED): filling
      // them does not grow the array.
      cache = new Array(HOT_SLOTS);
      this.#typed = cache;
    }
    let r: Result<unknown> | undefined = cache[entry.id];
    if (r === undefined) {
      const spec = entry.spec;
      if (spec.first !== undefined) {
        const i = this.#find(entry.key, entry.hash, 0, entry.spelling);
        if (i < 0) r = ABSENT;
        else {
          // Hot headers parse in place; an error comes from the line parser itself.
          const f = this.#fields;
          const inPlace =
            spec.range !== undefined && f[i + FOLDED] === 0 ? this.#rangeParse(spec.range, i) : undefined;
          r = inPlace?.ok ? inPlace : spec.first(this.#value(i));
        }
      } else {
        if (spec.range !== undefined) r = this.#listInPlace(entry.key, entry.hash, spec.range);
        if (r === undefined) {
          const lines = this.#all(entry.key, entry.hash);
          r = lines.length === 0 ? ABSENT : spec.lines(lines);
        }
      }
      cache[entry.id] = r;
    }
    return r as Result<TypedHeaders[K] | undefined>;
  }

  /**
   * A list header (Via) parsed line by line in place, the lines' lists joined
   * as `lines` joins them; undefined when a line is folded or does not parse,
   * so that the caller takes the general path (and its exact error).
   */
  #listInPlace(key: string, hash: number, range: RangeParser<unknown>): Result<unknown> | undefined {
    const f = this.#fields;
    let i = this.#find(key, hash, 0);
    if (i < 0) return ABSENT;
    let firstList: Result<unknown> | undefined;
    let joined: unknown[] | undefined;
    for (; i >= 0; i = this.#find(key, hash, i + FIELD_STRIDE)) {
      if (f[i + FOLDED] !== 0) return undefined;
      const r = this.#rangeParse(range, i);
      if (!r.ok) return undefined;
      if (firstList === undefined) firstList = r;
      else {
        joined ??= [...(firstList as { value: readonly unknown[] }).value];
        for (const v of r.value as readonly unknown[]) joined.push(v);
      }
    }
    return joined === undefined ? firstList : ok(joined);
  }

  /** A range parser run in place on the (unfolded) value of the field at record index `i`. */
  #rangeParse<T>(range: RangeParser<T>, i: number): Result<T> {
    const src = this.#src;
    const start = valueStart(src, this.#fields, i);
    return range(src, start, valueEnd(src, this.#fields, i, start));
  }

  #typedValue<K extends TypedHeaderKey>(entry: TypedEntry<K>): TypedHeaders[K] | undefined {
    const r = this.#parsedEntry(entry);
    return r.ok ? r.value : undefined;
  }

  /** A typed header value, or undefined when absent or malformed (see `parsed` for the error). */
  get<K extends TypedHeaderKey>(key: K): TypedHeaders[K] | undefined {
    const r = this.parsed(key);
    return r.ok ? r.value : undefined;
  }

  /** Every Via value, top first (all Via lines, comma lists split). */
  get via(): readonly Via[] | undefined {
    return this.#typedValue(TYPED.via);
  }

  /**
   * The top Via (RFC 3261 17.1.3, 17.2.3, 18.2.2) from the first Via line alone: a malformed
   * lower Via does not hide it (validation judges the list); undefined if absent or malformed.
   */
  get topVia(): Via | undefined {
    const cache = this.#typed;
    const listed = cache?.[TYPED.via.id];
    const r = listed?.ok && cache![TOP_VIA_LINE.id] === undefined ? listed : this.#parsedEntry(TOP_VIA_LINE);
    return r.ok ? (r.value as readonly Via[] | undefined)?.[0] : undefined;
  }
  get from(): FromTo | undefined {
    return this.#typedValue(TYPED.from);
  }
  get to(): FromTo | undefined {
    return this.#typedValue(TYPED.to);
  }
  get callId(): string | undefined {
    return this.#typedValue(TYPED['call-id']);
  }
  get cseq(): CSeq | undefined {
    return this.#typedValue(TYPED.cseq);
  }
  /** Contact values, or `'*'` (REGISTER removing all bindings). */
  get contact(): Contact | undefined {
    return this.#typedValue(TYPED.contact);
  }
  get maxForwards(): number | undefined {
    return this.#typedValue(TYPED['max-forwards']);
  }
  get contentType(): MediaType | undefined {
    return this.#typedValue(TYPED['content-type']);
  }
  get contentLength(): number | undefined {
    return this.#typedValue(TYPED['content-length']);
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
    return body.length === 0 ? this.#head : this.#head + decodeUtf8(body);
  }

  /** The serialization as bytes; for a parsed message, exactly the bytes received. */
  toBytes(): Uint8Array {
    let raw = this.#raw;
    if (raw === undefined) {
      const head = encodeUtf8(this.#head);
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
    return this.#head.slice(0, this.#startLineEnd);
  }
}

/** A SIP request. */
export class SipRequest extends SipMessageBase {
  readonly kind = 'request' as const;
  readonly method: string;
  /** The Request-URI exactly as written. */
  readonly requestUri: string;
  readonly version: string;
  #uri: Result<Uri> | undefined;

  /** @internal Use parseMessage or createRequest. */
  constructor(line: RequestLine, parts: MessageParts) {
    super(parts);
    this.method = line.method;
    this.requestUri = line.uri;
    this.version = line.version;
  }

  /** The Request-URI parsed (RFC 3261 section 19.1), cached. */
  get uriResult(): Result<Uri> {
    this.#uri ??= parseUri(this.requestUri);
    return this.#uri;
  }

  /** The parsed Request-URI, or undefined when it does not parse. */
  get uri(): Uri | undefined {
    const r = this.uriResult;
    return r.ok ? r.value : undefined;
  }
}

/** A SIP response. */
export class SipResponse extends SipMessageBase {
  readonly kind = 'response' as const;
  readonly version: string;
  readonly status: number;
  readonly reason: string;

  /** @internal Use parseMessage or createResponse. */
  constructor(line: StatusLine, parts: MessageParts) {
    super(parts);
    this.version = line.version;
    this.status = line.status;
    this.reason = line.reason;
  }
}

export type SipMessage = SipRequest | SipResponse;
