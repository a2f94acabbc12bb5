/**
 * name-addr / addr-spec with header parameters (RFC 3261 sections 20.10,
 * 20.20, 20.39 and the section 25.1 grammar): From, To, Route, Record-Route,
 * Path, Service-Route, P-Asserted-Identity, Refer-To, Referred-By...
 */
import { isClass, TOKEN, WS } from '../grammar/chars.js';
import { fail, ok, type ParseError, type Result } from '../grammar/result.js';
import { scanQuoted, skipWs, trimWsEnd, unquote } from '../grammar/scan.js';
import { parseUriAt } from '../uri/parse.js';
import type { Uri, UriParam } from '../uri/types.js';
import { parseCommonFromTo } from './common-name-addr.js';
import { findParam, paramsError, scanParams } from './params.js';
import { splitCommaListAt } from './split.js';
import type { FromTo, NameAddr, Params } from './types.js';

const EMPTY: readonly UriParam[] = Object.freeze([]);
const CODE = 'bad-name-addr';

type Failure = { readonly ok: false; readonly error: ParseError };

const uriFailure = (r: Failure, text: string): Failure => {
  const at = r.error.offset;
  const c = at < text.length ? text.charCodeAt(at) : 0;
  // RFC 4475 badaspec: spaces inside <...> are an error, not something we skip.
  if (isClass(c, WS)) return fail(CODE, 'spaces within addr-spec', at);
  return fail(r.error.code, `bad URI: ${r.error.reason}`, at);
};

/** A display-name character outside quotes: token, LWS, or non-ASCII (UTF-8 names are common). */
const isDisplayChar = (c: number): boolean => c >= 0x80 || isClass(c, TOKEN | WS);

/** Whether a `<` follows `from` within `(start, end)`. */
const hasAngleAt = (text: string, from: number, start: number, end: number): boolean => {
  const lt = text.indexOf('<', from);
  return lt > start && lt < end;
};

/** The fields of the last name-addr {@link scanNameAddr} parsed; reused so that callers build one object. */
export const nameAddrScratch: {
  displayName: string | undefined;
  uri: Uri;
  bracketed: boolean;
  params: Params;
} = {
  displayName: undefined,
  uri: { scheme: '', opaque: '' },
  bracketed: false,
  params: EMPTY,
};

/**
 * Parses one name-addr or addr-spec with its parameters from `text[start, end)`
 * into {@link nameAddrScratch}; returns undefined on success, else the failure.
 * RFC 3261 section 20.10: after an addr-spec written without `<>`, parameters
 * belong to the header, not to the URI, and the URI may hold no `?`.
 */
export const scanNameAddr = (text: string, start: number, end: number): Failure | undefined => {
  let i = skipWs(text, start, end);
  if (i >= end) return fail(CODE, 'empty address', i);
  let displayName: string | undefined;
  let c = text.charCodeAt(i);
  if (c === 0x22) {
    const q = scanQuoted(text, i, end);
    if (q < 0) return fail(CODE, 'unterminated quoted string', i);
    displayName = unquote(text, i, q);
    // RFC 4475 lwsdisp: no LWS between display name and "<" is accepted.
    i = skipWs(text, q, end);
    if (i >= end || text.charCodeAt(i) !== 0x3c) return fail(CODE, 'expected "<" after display name', i);
    c = 0x3c;
  } else if (c !== 0x3c) {
    let j = i;
    while (j < end && isDisplayChar(text.charCodeAt(j))) j++;
    if (j < end && text.charCodeAt(j) === 0x3c) {
      displayName = text.slice(i, trimWsEnd(text, i, j));
      i = j;
      c = 0x3c;
    } else if (j < end && text.charCodeAt(j) !== 0x3a && hasAngleAt(text, j, start, end)) {
      // RFC 4475 baddn: e.g. an unquoted comma in a display name.
      return fail(CODE, 'invalid character in display name', j);
    }
  }
  let uriEnd: number;
  let bracketed = false;
  let uriStart = i;
  if (c === 0x3c) {
    bracketed = true;
    uriStart = i + 1;
    uriEnd = text.indexOf('>', uriStart);
    if (uriEnd < 0 || uriEnd >= end) return fail(CODE, 'missing ">"', end);
    i = uriEnd + 1;
  } else {
    // An unbracketed addr-spec ends at the first ";" (section 20.10); white space
    // before it is LWS, white space inside it an error reported by the URI parser.
    i = text.indexOf(';', uriStart);
    if (i < 0 || i > end) i = end;
    uriEnd = trimWsEnd(text, uriStart, i);
    const q = text.indexOf('?', uriStart);
    if (q >= 0 && q < uriEnd) return fail(CODE, 'URI with "?" must be enclosed in "<>"', q);
  }
  const r = parseUriAt(text, uriStart, uriEnd);
  if (!r.ok) return uriFailure(r, text);
  let params = EMPTY;
  if (i < end) {
    const k = skipWs(text, i, end);
    if (k < end) {
      if (text.charCodeAt(k) !== 0x3b) return fail(CODE, 'unexpected character after address', k);
      const list: UriParam[] = [];
      const pEnd = scanParams(text, k, end, list);
      if (pEnd < 0) return fail(CODE, paramsError.reason, ~pEnd);
      if (pEnd < end) return fail(CODE, 'unexpected character in parameters', pEnd);
      params = list;
    }
  }
  const out = nameAddrScratch;
  out.displayName = displayName;
  out.uri = r.value;
  out.bracketed = bracketed;
  out.params = params;
  return undefined;
};

/** Parses one name-addr or addr-spec with its parameters from `text[start, end)`. */
export const parseNameAddrAt = (text: string, start: number, end: number): Result<NameAddr> => {
  const e = scanNameAddr(text, start, end);
  if (e) return e;
  const s = nameAddrScratch;
  return ok({ displayName: s.displayName, uri: s.uri, bracketed: s.bracketed, params: s.params });
};

/** Parses one name-addr or addr-spec with header parameters (a whole header value). */
export const parseNameAddr = (value: string): Result<NameAddr> => parseNameAddrAt(value, 0, value.length);

/**
 * Parses From or To held in `text[start, end)` (see {@link parseFromTo});
 * error offsets are positions in `text`.
 */
export const parseFromToRange = (text: string, start: number, end: number): Result<FromTo> => {
  const common = parseCommonFromTo(text, start, end);
  return common === undefined ? parseFromToFull(text, start, end) : ok(common);
};

/** The full parser of {@link parseFromToRange}, for any From or To (exported for tests that compare the two). */
export const parseFromToFull = (text: string, start: number, end: number): Result<FromTo> => {
  const e = scanNameAddr(text, start, end);
  if (e) return e;
  const s = nameAddrScratch;
  const tag = findParam(s.params, 'tag');
  if (tag === undefined) return fail(CODE, 'tag without value', start);
  return ok({
    displayName: s.displayName,
    uri: s.uri,
    bracketed: s.bracketed,
    params: s.params,
    tag: tag ?? undefined,
  });
};

/** Parses From or To: a name-addr whose `tag` parameter is also given as a field. */
export const parseFromTo = (value: string): Result<FromTo> => parseFromToRange(value, 0, value.length);

/**
 * Parses a comma-separated list of name-addrs (Route, Record-Route, Path,
 * Service-Route, P-Asserted-Identity, P-Preferred-Identity).
 */
export const parseNameAddrList = (value: string): Result<NameAddr[]> => {
  const parts = splitCommaListAt(value);
  if (parts.length === 0) return fail(CODE, 'empty address list', 0);
  const out: NameAddr[] = [];
  for (const { text, offset } of parts) {
    const r = parseNameAddr(text);
    if (!r.ok) return fail(r.error.code, r.error.reason, offset + r.error.offset);
    out.push(r.value);
  }
  return ok(out);
};
