/**
 * Immutable SIP messages (RFC 3261 section 7) and their typed header views:
 * a header's value is parsed on first use, from the header text in place
 * where it can be, then cached. The fields, raw values and body are in
 * message-fields.ts.
 */
import { fail, ok, type ParseError, type Result } from '../grammar/result.js';
import type { Contact, CSeq, FromTo, MediaType, Via } from '../headers/types.js';
import { parseUri } from '../uri/index.js';
import type { Uri } from '../uri/types.js';
import { FIELD_STRIDE } from './header-index.js';
import { MessageFields } from './message-fields.js';
import type { MessageParts } from './message-parts.js';
import type { RequestLine, StatusLine } from './start-line.js';
import {
  type HeaderEntry,
  type RangeParser,
  TOP_VIA_LINE,
  TYPED,
  type TypedEntry,
  type TypedHeaderKey,
  type TypedHeaders,
} from './typed-headers.js';

export type { HeaderField, MessageParts } from './message-parts.js';

/** Typed-cache slots made at once: the top Via line, Via, From, To, Call-ID and CSeq (ids 0 to 5). */
const HOT_SLOTS = 6;

/** The typed value of a header that is not there, as a result. */
const ABSENT_RESULT = ok(undefined);

/**
 * What a message's typed cache holds besides values: a header that is not
 * there, and one whose value did not parse (its error is kept aside).
 */
const ABSENT: unique symbol = Symbol('absent');
const FAILED: unique symbol = Symbol('failed');
type Cached = unknown;
type Failure = { readonly ok: false; readonly error: ParseError };

/** Behaviour shared by requests and responses. */
abstract class SipMessageBase extends MessageFields {
  /** Typed values by entry id: the value, ABSENT, FAILED, or undefined until parsed. */
  #typed: Cached[] | undefined;
  /** The errors of the typed values that are FAILED, by entry id. */
  #failures: Failure[] | undefined;

  /**
   * A typed header value, parsed on first use and cached: `ok` with undefined
   * when the header is absent, an error when its value does not parse.
   */
  parsed<K extends TypedHeaderKey>(key: K): Result<TypedHeaders[K] | undefined> {
    const entry = TYPED[key] as TypedEntry<K> | undefined;
    if (entry === undefined) return fail('not-typed', `No typed view of ${key}`, 0);
    const v = this.#cached(entry);
    if (v === ABSENT) return ABSENT_RESULT;
    if (v === FAILED) return this.#failures![entry.id]!;
    return ok(v as TypedHeaders[K]);
  }

  /** Why a typed header's value does not parse; undefined when it parses or is absent. */
  headerError(key: TypedHeaderKey): ParseError | undefined {
    const entry = TYPED[key] as TypedEntry<TypedHeaderKey> | undefined;
    if (entry === undefined || this.#cached(entry) !== FAILED) return undefined;
    return this.#failures![entry.id]!.error;
  }

  /** The cache slot of `entry`, parsed on first use. */
  #cached(entry: HeaderEntry<unknown>): Cached {
    let cache = this.#typed;
    if (cache === undefined) {
      // Sized for the hot headers' slots, which come first (see TYPED): filling
      // them does not grow the array.
      cache = new Array(HOT_SLOTS);
      this.#typed = cache;
    }
    let v = cache[entry.id];
    if (v === undefined) {
      v = this.#parse(entry);
      cache[entry.id] = v;
    }
    return v;
  }

  /** The typed value of `entry` as the cache holds it. */
  #parse(entry: HeaderEntry<unknown>): Cached {
    const spec = entry.spec;
    if (spec.first === undefined) {
      let r = spec.range !== undefined ? this.#listInPlace(entry.key, entry.hash, spec.range) : undefined;
      if (r === undefined) {
        const lines = this.fieldValues(entry.key, entry.hash);
        if (lines.length === 0) return ABSENT;
        r = spec.lines(lines);
      }
      return this.#settle(entry.id, r);
    }
    const i = this.findField(entry.key, entry.hash, 0, entry.spelling);
    if (i < 0) return ABSENT;
    const start = spec.fast !== undefined || spec.range !== undefined ? this.valueStartAt(i) : -1;
    if (start >= 0) {
      // Hot headers parse in place; an error comes from the line parser itself.
      const src = this.fieldText;
      const end = this.valueEndAt(i, start);
      const v = spec.fast?.(src, start, end);
      if (v !== undefined) return v;
      const r = spec.range?.(src, start, end);
      if (r?.ok) return r.value;
    }
    return this.#settle(entry.id, spec.first(this.fieldValue(i)));
  }

  /** A parse result as the cache holds it: the value, ABSENT, or FAILED with the error kept. */
  #settle(id: number, r: Result<unknown>): Cached {
    if (r.ok) return r.value === undefined ? ABSENT : r.value;
    this.#failures ??= [];
    this.#failures[id] = r;
    return FAILED;
  }

  /**
   * A list header (Via) parsed line by line in place, the lines' lists joined
   * as `lines` joins them; undefined when a line is folded or does not parse,
   * so that the caller takes the general path (and its exact error).
   */
  #listInPlace(key: string, hash: number, range: RangeParser<unknown>): Result<unknown> | undefined {
    let i = this.findField(key, hash, 0);
    if (i < 0) return ABSENT_RESULT;
    let firstList: Result<unknown> | undefined;
    let joined: unknown[] | undefined;
    for (; i >= 0; i = this.findField(key, hash, i + FIELD_STRIDE)) {
      const start = this.valueStartAt(i);
      if (start < 0) return undefined;
      const r = range(this.fieldText, start, this.valueEndAt(i, start));
      if (!r.ok) return undefined;
      if (firstList === undefined) firstList = r;
      else {
        joined ??= [...(firstList as { value: readonly unknown[] }).value];
        for (const v of r.value as readonly unknown[]) joined.push(v);
      }
    }
    return joined === undefined ? firstList : ok(joined);
  }

  #typedValue<K extends TypedHeaderKey>(entry: TypedEntry<K>): TypedHeaders[K] | undefined {
    const v = this.#cached(entry);
    return v === ABSENT || v === FAILED ? undefined : (v as TypedHeaders[K]);
  }

  /** A typed header value, or undefined when absent or malformed (see `parsed` for the error). */
  get<K extends TypedHeaderKey>(key: K): TypedHeaders[K] | undefined {
    const entry = TYPED[key] as TypedEntry<K> | undefined;
    return entry === undefined ? undefined : this.#typedValue(entry);
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
    if (cache !== undefined && cache[TOP_VIA_LINE.id] === undefined) {
      // The whole list already parsed: its first value is the top one.
      const list = cache[TYPED.via.id];
      if (list !== undefined && list !== ABSENT && list !== FAILED) return (list as readonly Via[])[0];
    }
    const v = this.#cached(TOP_VIA_LINE);
    return v === ABSENT || v === FAILED ? undefined : (v as Via);
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
