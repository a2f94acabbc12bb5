/**
 * Typed values of SIP header fields. Each parser in this folder takes the raw
 * value of ONE header field line (after the colon, folding already undone,
 * surrounding whitespace trimmed) and returns a Result; list-valued headers
 * return every comma-separated element of that line.
 */
import type { Uri, UriParam } from '../uri/types.js';

/**
 * header-params / generic-params: `;name=value` pairs in order; value undefined
 * for a flag. Values are kept as written: a quoted-string keeps its quotes
 * (use `unquoteValue`), so that formatting a parsed value gives back its text.
 * Where a type also has typed fields for some parameters (Via `branch`,
 * From/To `tag`, Contact `expires`...), `params` still holds every parameter
 * in its place and the serializer writes the field's value there: change the
 * field, not the list, to change such a parameter.
 */
export type Params = readonly UriParam[];

/** name-addr or addr-spec with header parameters: From, To, Contact, Route, Refer-To, P-Asserted-Identity... */
export interface NameAddr {
  /** Display name, unquoted and unescaped; undefined when absent. */
  readonly displayName: string | undefined;
  readonly uri: Uri;
  /** True when the URI was written inside `<...>`. */
  readonly bracketed: boolean;
  readonly params: Params;
}

/** From and To: a NameAddr with the tag parameter also given as a field (see {@link Params}). */
export interface FromTo extends NameAddr {
  readonly tag: string | undefined;
}

/** One Contact value, or the `*` of a REGISTER that removes every binding. */
export interface ContactValue extends NameAddr {
  /** `expires` parameter in seconds, when present and valid. */
  readonly expires: number | undefined;
  /** `q` parameter, 0 to 1, when present. */
  readonly q: number | undefined;
  /** `+sip.instance` parameter, unquoted (RFC 5626). */
  readonly instance: string | undefined;
}
export type Contact = readonly ContactValue[] | '*';

/** One Via value (RFC 3261 section 20.42; RFC 3581 rport; RFC 5118 for IPv6 received). */
export interface Via {
  /** Protocol name and version, normally `SIP` and `2.0`. */
  readonly protocol: string;
  readonly version: string;
  /** Transport token as written, upper-cased (`UDP`, `TCP`, `TLS`, `WS`, `SCTP`, or unknown). */
  readonly transport: string;
  /** sent-by host; IPv6 references keep their brackets. */
  readonly host: string;
  readonly port: number | undefined;
  readonly branch: string | undefined;
  readonly received: string | undefined;
  /** `rport` with a value; `true` when present without a value (a request asking for it). */
  readonly rport: number | true | undefined;
  readonly maddr: string | undefined;
  readonly ttl: number | undefined;
  readonly params: Params;
}

export interface CSeq {
  /** 32-bit unsigned sequence number (section 8.1.1.5: less than 2**31 when we choose it). */
  readonly seq: number;
  readonly method: string;
}

/** Content-Type / Accept element: `type/subtype;params`, type and subtype lower-cased. */
export interface MediaType {
  readonly type: string;
  readonly subtype: string;
  readonly params: Params;
}

/** WWW-Authenticate / Proxy-Authenticate (RFC 3261 section 25; RFC 7616). */
export interface Challenge {
  /** Auth scheme as written (`Digest`); compare case-insensitively. */
  readonly scheme: string;
  /** auth-params with quoted values unquoted; names lower-cased. */
  readonly params: Readonly<Record<string, string>>;
}

/** Authorization / Proxy-Authorization. Same shape as a challenge. */
export type Credentials = Challenge;

/** Event (RFC 6665) and similar token-with-params values. */
export interface TokenWithParams {
  readonly value: string;
  readonly params: Params;
}

export interface SubscriptionState {
  readonly state: string;
  readonly expires: number | undefined;
  readonly reason: string | undefined;
  readonly retryAfter: number | undefined;
  readonly params: Params;
}

/** RFC 3891 Replaces (also used embedded in a Refer-To URI). */
export interface Replaces {
  readonly callId: string;
  readonly toTag: string;
  readonly fromTag: string;
  readonly earlyOnly: boolean;
  readonly params: Params;
}

export interface RAck {
  readonly rseq: number;
  readonly cseq: number;
  readonly method: string;
}

export interface SessionExpires {
  readonly deltaSeconds: number;
  readonly refresher: 'uac' | 'uas' | undefined;
  readonly params: Params;
}

/** RFC 3326 Reason. */
export interface Reason {
  readonly protocol: string;
  readonly cause: number | undefined;
  readonly text: string | undefined;
  readonly params: Params;
}

export interface RetryAfter {
  readonly seconds: number;
  readonly comment: string | undefined;
  readonly duration: number | undefined;
  readonly params: Params;
}

export interface Warning {
  readonly code: number;
  readonly agent: string;
  readonly text: string;
}

/** Alert-Info, Call-Info, Error-Info: `<uri>;params`. */
export interface UriWithParams {
  readonly uri: string;
  readonly params: Params;
}

export interface Timestamp {
  readonly value: number;
  readonly delay: number | undefined;
}

/** Content-Disposition (RFC 3261 section 20.11). */
export type ContentDisposition = TokenWithParams;
