/**
 * The typed view of header fields: which parser reads each header, and how
 * the values of several header lines combine (RFC 3261 section 7.3.1: lines
 * of a comma-list header are one list; single-valued headers use the first
 * line, and validation rejects repeats).
 */
import { fail, ok, type Result } from '../grammar/result.js';
import { parseCommonFromTo } from '../headers/common-name-addr.js';
import {
  parseCallId,
  parseChallenge,
  parseContact,
  parseContentDisposition,
  parseCredentials,
  parseCSeq,
  parseDeltaSeconds,
  parseEvent,
  parseFromTo,
  parseMaxForwards,
  parseMediaType,
  parseMediaTypeList,
  parseNameAddr,
  parseNameAddrList,
  parsePrivacy,
  parseRAck,
  parseReasonList,
  parseReplaces,
  parseRetryAfter,
  parseRSeq,
  parseSessionExpires,
  parseSipDate,
  parseSubscriptionState,
  parseTimestamp,
  parseTokenList,
  parseUriWithParamsList,
  parseVia,
  parseWarningList,
} from '../headers/index.js';
import { parseFromToFull } from '../headers/name-addr.js';
import { callIdAt, cseqAt } from '../headers/scalars.js';
import type {
  Challenge,
  Contact,
  ContactValue,
  ContentDisposition,
  Credentials,
  CSeq,
  FromTo,
  MediaType,
  NameAddr,
  RAck,
  Reason,
  Replaces,
  RetryAfter,
  SessionExpires,
  SubscriptionState,
  Timestamp,
  TokenWithParams,
  UriWithParams,
  Via,
  Warning,
} from '../headers/types.js';
import { parseCommonVia, parseViaList, parseViaRange } from '../headers/via.js';
import { keyHash } from './header-index.js';
import { canonicalHeaderName } from './header-names.js';

/** The typed value of each header we parse, by lower-case long name. */
export interface TypedHeaders {
  via: readonly Via[];
  from: FromTo;
  to: FromTo;
  'call-id': string;
  cseq: CSeq;
  contact: Contact;
  'max-forwards': number;
  route: readonly NameAddr[];
  'record-route': readonly NameAddr[];
  'content-type': MediaType;
  'content-length': number;
  'content-encoding': readonly string[];
  'content-disposition': ContentDisposition;
  authorization: readonly Credentials[];
  'proxy-authorization': readonly Credentials[];
  /** Every challenge, one per header line (RFC 3261 section 22.3 allows several). */
  'www-authenticate': readonly Challenge[];
  'proxy-authenticate': readonly Challenge[];
  expires: number;
  'min-expires': number;
  require: readonly string[];
  'proxy-require': readonly string[];
  supported: readonly string[];
  unsupported: readonly string[];
  allow: readonly string[];
  'allow-events': readonly string[];
  accept: readonly MediaType[];
  event: TokenWithParams;
  'subscription-state': SubscriptionState;
  'refer-to': NameAddr;
  'referred-by': NameAddr;
  replaces: Replaces;
  rseq: number;
  rack: RAck;
  'session-expires': SessionExpires;
  'min-se': number;
  privacy: readonly string[];
  'p-asserted-identity': readonly NameAddr[];
  'p-preferred-identity': readonly NameAddr[];
  reason: readonly Reason[];
  'retry-after': RetryAfter;
  warning: readonly Warning[];
  'alert-info': readonly UriWithParams[];
  'call-info': readonly UriWithParams[];
  'error-info': readonly UriWithParams[];
  /** Subject, User-Agent and Server are free text: the value as written, continuation lines joined. */
  subject: string;
  'user-agent': string;
  server: string;
  date: Date;
  timestamp: Timestamp;
}

export type TypedHeaderKey = keyof TypedHeaders;

type LineParser<T> = (value: string) => Result<T>;

/**
 * The same parser as a spec's line parser, reading one unfolded line in place
 * at `text[start, end)` (error offsets are positions in `text`). Hot headers
 * have one, so that the message parses them from its header text without
 * cutting values out; on any error it parses the cut-out value again so that
 * the error is exactly the line parser's.
 */
export type RangeParser<T> = (text: string, start: number, end: number) => Result<T>;

/**
 * A single-valued header's usual form read in place at `text[start, end)`:
 * the value, or undefined when the line is not of that form (the spec's
 * other parsers then decide, with their errors). It makes no result object.
 */
export type FastParser<T> = (text: string, start: number, end: number) => T | undefined;

/**
 * How the lines of one header make its typed value: `first` parses the first
 * line only (single-valued headers); `lines` parses all of them. `range`, for
 * `first`, parses one line like `first`; for `lines` (lists), one line's part
 * of the list. `fast`, for `first`, is tried before `range`.
 */
export type Spec<T> =
  | {
      readonly first: LineParser<T>;
      readonly lines?: undefined;
      readonly range?: RangeParser<T>;
      readonly fast?: FastParser<T>;
    }
  | {
      readonly first?: undefined;
      readonly lines: (lines: readonly string[]) => Result<T>;
      readonly range?: RangeParser<T>;
      readonly fast?: undefined;
    };

/** Single-valued: the first line's value. */
const first = <T>(p: LineParser<T>): Spec<T> => ({ first: p });

/** A list across every line (each line may itself be a comma list). */
const list = <T>(p: LineParser<readonly T[]>): Spec<readonly T[]> => ({
  lines: (lines) => {
    if (lines.length === 1) return p(lines[0]!);
    const out: T[] = [];
    for (let i = 0; i < lines.length; i++) {
      const r = p(lines[i]!);
      if (!r.ok) return r;
      for (const v of r.value) out.push(v);
    }
    return ok(out);
  },
});

const contactSpec: Spec<Contact> = {
  lines: (lines) => {
    if (lines.length === 1) return parseContact(lines[0]!);
    const out: ContactValue[] = [];
    for (const line of lines) {
      const r = parseContact(line);
      if (!r.ok) return r;
      if (r.value === '*') return fail('bad-contact', 'Contact * mixed with other values', 0);
      out.push(...r.value);
    }
    return ok(out);
  },
};

/** Content-Length (section 20.14): 1*DIGIT. Framing has already checked it. */
const parseContentLength = (value: string): Result<number> =>
  /^\d{1,15}$/.test(value) ? ok(Number(value)) : fail('bad-content-length', 'Malformed Content-Length', 0);

/** One value per header line, every line. */
const perLine = <T>(p: LineParser<T>): Spec<readonly T[]> =>
  list((v) => {
    const r = p(v);
    return r.ok ? ok([r.value]) : r;
  });

const text: Spec<string> = first((v) => ok(v));

const SPECS: { readonly [K in TypedHeaderKey]: Spec<TypedHeaders[K]> } = {
  via: { ...list(parseVia), range: parseViaRange },
  from: { first: parseFromTo, fast: parseCommonFromTo, range: parseFromToFull },
  to: { first: parseFromTo, fast: parseCommonFromTo, range: parseFromToFull },
  // Call-ID and CSeq: `fast` takes every valid value; any other gets its error from `first`.
  'call-id': { first: parseCallId, fast: callIdAt },
  cseq: { first: parseCSeq, fast: cseqAt },
  contact: contactSpec,
  'max-forwards': first(parseMaxForwards),
  route: list(parseNameAddrList),
  'record-route': list(parseNameAddrList),
  'content-type': first(parseMediaType),
  'content-length': first(parseContentLength),
  'content-encoding': list(parseTokenList),
  'content-disposition': first(parseContentDisposition),
  authorization: perLine(parseCredentials),
  'proxy-authorization': perLine(parseCredentials),
  'www-authenticate': perLine(parseChallenge),
  'proxy-authenticate': perLine(parseChallenge),
  expires: first(parseDeltaSeconds),
  'min-expires': first(parseDeltaSeconds),
  require: list(parseTokenList),
  'proxy-require': list(parseTokenList),
  supported: list(parseTokenList),
  unsupported: list(parseTokenList),
  allow: list(parseTokenList),
  'allow-events': list(parseTokenList),
  accept: list(parseMediaTypeList),
  event: first(parseEvent),
  'subscription-state': first(parseSubscriptionState),
  'refer-to': first(parseNameAddr),
  'referred-by': first(parseNameAddr),
  replaces: first(parseReplaces),
  rseq: first(parseRSeq),
  rack: first(parseRAck),
  'session-expires': first(parseSessionExpires),
  'min-se': first(parseDeltaSeconds),
  privacy: list(parsePrivacy),
  'p-asserted-identity': list(parseNameAddrList),
  'p-preferred-identity': list(parseNameAddrList),
  reason: list(parseReasonList),
  'retry-after': first(parseRetryAfter),
  warning: list(parseWarningList),
  'alert-info': list(parseUriWithParamsList),
  'call-info': list(parseUriWithParamsList),
  'error-info': list(parseUriWithParamsList),
  subject: text,
  'user-agent': text,
  server: text,
  date: first(parseSipDate),
  timestamp: first(parseTimestamp),
};

/** Whether `key` names a header with a typed view. */
export const isTypedHeader = (key: string): key is TypedHeaderKey => Object.hasOwn(SPECS, key);

/** What a message needs to find and parse one header's typed value, computed once. */
export interface HeaderEntry<T> {
  /** Index in a message's cache of typed values. */
  readonly id: number;
  /** The lower-case long name. */
  readonly key: string;
  /** keyHash(key), for the field index. */
  readonly hash: number;
  /** The usual spelling of the name (`Call-ID`), compared first. */
  readonly spelling: string;
  readonly spec: Spec<T>;
}

/** The entry of a typed header. */
export interface TypedEntry<K extends TypedHeaderKey> extends HeaderEntry<TypedHeaders[K]> {
  readonly key: K;
}

type Entries = { readonly [K in TypedHeaderKey]: TypedEntry<K> };

/** Every typed header's entry, by key. */
export const TYPED: Entries = Object.fromEntries(
  (Object.keys(SPECS) as TypedHeaderKey[]).map((key, i) => [
    key,
    { id: i + 1, key, hash: keyHash(key), spelling: canonicalHeaderName(key), spec: SPECS[key] },
  ]),
) as unknown as Entries;

/** The first via-parm of a Via line's list. */
const firstVia = (r: Result<readonly Via[]>): Result<Via> => (r.ok ? ok(r.value[0]!) : r);

/**
 * The first Via line alone, for `topVia`: the first via-parm of the first Via
 * line. Its own slot in a message's cache, the first (the hot headers' slots
 * follow it: a message's cache stays small).
 */
export const TOP_VIA_LINE: HeaderEntry<Via> = {
  id: 0,
  key: 'via',
  hash: keyHash('via'),
  spelling: 'Via',
  spec: {
    first: (value) => firstVia(parseVia(value)),
    fast: parseCommonVia,
    // `fast` has already tried the common form: the full parser at once.
    range: (text, start, end) => firstVia(parseViaList(text, start, end)),
  },
};
