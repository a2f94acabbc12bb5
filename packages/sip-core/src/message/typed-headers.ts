/**
 * The typed view of header fields: which parser reads each header, and how
 * the values of several header lines combine (RFC 3261 section 7.3.1: lines
 * of a comma-list header are one list; single-valued headers use the first
 * line, and validation rejects repeats).
 */
import { fail, ok, type Result } from '../grammar/result.js';
import {
  parseCallId,
  parseContact,
  parseCSeq,
  parseDeltaSeconds,
  parseFromTo,
  parseMaxForwards,
  parseNameAddrList,
  parseRAck,
  parseRSeq,
  parseTimestamp,
  parseVia,
} from '../headers/index.js';
import type {
  Contact,
  ContactValue,
  CSeq,
  FromTo,
  NameAddr,
  RAck,
  Timestamp,
  Via,
} from '../headers/types.js';

/** The typed value of each header we parse, by lower-case long name. */
export interface TypedHeaders {
  via: readonly Via[];
  from: FromTo;
  to: FromTo;
  'call-id': string;
  cseq: CSeq;
  contact: Contact;
  'max-forwards': number;
  'content-length': number;
  expires: number;
  'min-expires': number;
  route: readonly NameAddr[];
  'record-route': readonly NameAddr[];
  rseq: number;
  rack: RAck;
  timestamp: Timestamp;
}

export type TypedHeaderKey = keyof TypedHeaders;

type LineParser<T> = (value: string) => Result<T>;

/** How the lines of one header combine into its typed value. */
type Spec<T> = (lines: readonly string[]) => Result<T>;

/** Single-valued: the first line's value. */
const first =
  <T>(p: LineParser<T>): Spec<T> =>
  (lines) =>
    p(lines[0]!);

/** A list across every line (each line may itself be a comma list). */
const list =
  <T>(p: LineParser<readonly T[]>): Spec<readonly T[]> =>
  (lines) => {
    if (lines.length === 1) return p(lines[0]!);
    const out: T[] = [];
    for (let i = 0; i < lines.length; i++) {
      const r = p(lines[i]!);
      if (!r.ok) return r;
      for (const v of r.value) out.push(v);
    }
    return ok(out);
  };

const contactSpec: Spec<Contact> = (lines) => {
  if (lines.length === 1) return parseContact(lines[0]!);
  const out: ContactValue[] = [];
  for (const line of lines) {
    const r = parseContact(line);
    if (!r.ok) return r;
    if (r.value === '*') return fail('bad-contact', 'Contact * mixed with other values', 0);
    out.push(...r.value);
  }
  return ok(out);
};

/** Content-Length (section 20.14): 1*DIGIT. Framing has already checked it. */
const parseContentLength = (value: string): Result<number> =>
  /^\d{1,15}$/.test(value) ? ok(Number(value)) : fail('bad-content-length', 'Malformed Content-Length', 0);

const SPECS: { readonly [K in TypedHeaderKey]: Spec<TypedHeaders[K]> } = {
  via: list(parseVia),
  from: first(parseFromTo),
  to: first(parseFromTo),
  'call-id': first(parseCallId),
  cseq: first(parseCSeq),
  contact: contactSpec,
  'max-forwards': first(parseMaxForwards),
  'content-length': first(parseContentLength),
  expires: first(parseDeltaSeconds),
  'min-expires': first(parseDeltaSeconds),
  route: list(parseNameAddrList),
  'record-route': list(parseNameAddrList),
  rseq: first(parseRSeq),
  rack: first(parseRAck),
  timestamp: first(parseTimestamp),
};

/** Whether `key` names a header with a typed view. */
export const isTypedHeader = (key: string): key is TypedHeaderKey => Object.hasOwn(SPECS, key);

/**
 * Parses the given lines of header `key`: ok(undefined) when there are none,
 * the error of the first line that fails otherwise.
 */
export function parseTypedHeader<K extends TypedHeaderKey>(
  key: K,
  lines: readonly string[],
): Result<TypedHeaders[K] | undefined> {
  if (lines.length === 0) return ok(undefined);
  return (SPECS[key] as Spec<TypedHeaders[K]>)(lines);
}
