/**
 * One pass over the header section of a message: finds every header field's
 * name and value spans, joins continuation lines (RFC 3261 section 7.3.1),
 * and records them in a flat array of offsets. Nothing is sliced or
 * lower-cased here; values are cut out only when somebody asks for them.
 */
import { CR, HT, LF, lowerCode, SP, TOKEN_LOWER } from './chars.js';
import { COMPACT_FORMS } from './header-names.js';

/** Numbers stored per field in the flat index. */
export const FIELD_STRIDE = 6;
/** Offsets within one field's record. */
export const NAME_START = 0;
export const NAME_END = 1;
/**
 * The value's span as scanned: from just after the colon to the end of its
 * last line, white space included. {@link valueStart} and {@link valueEnd}
 * trim it when a value is read (most fields never are).
 */
export const VALUE_START = 2;
export const VALUE_END = 3;
/** 1 when the value spans continuation lines. */
export const FOLDED = 4;
/** keyHash() of the field's lower-case long name: lookups compare it first. */
export const NAME_HASH = 5;

/** A syntax error found by the scan: offset into the scanned text. */
export interface ScanError {
  readonly offset: number;
  readonly reason: string;
}

/**
 * Scans header lines of `text` from `pos` up to the empty line that ends the
 * header section (or `end`), FIELD_STRIDE numbers per field. Accepts CRLF
 * and, tolerantly, bare LF line ends. Returns the offset just past the empty
 * line, -1 when `end` came first, or a ScanError; the fields found are then
 * taken with {@link takeFields}.
 *
 * Only the structure of each line is checked here: a colon, a non-empty name
 * before it, nothing to continue. Whether the name is a token and whether the
 * value holds a bare CR is checked by {@link fieldSyntaxError} (the validation
 * stage, and multipart parts): the scan finds line ends and colons with the
 * engine's native search instead of looking at every character of every name.
 */
export function scanHeaderFields(text: string, pos: number, end: number): number | ScanError {
  const out = scratch;
  let previous = -1; // index in `out` of the previous field, for continuation lines
  let n = 0;
  let contentLength = -1;
  let result = -1;
  while (pos < end) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0 || nl >= end) break; // a line without its end: the section is incomplete
    const lineEnd = text.charCodeAt(nl - 1) === CR && nl > pos ? nl - 1 : nl;
    if (lineEnd === pos) {
      result = nl + 1; // the empty line
      break;
    }
    const first = text.charCodeAt(pos);
    if (first === SP || first === HT) {
      if (previous < 0) return { offset: pos, reason: 'Continuation line without a header field' };
      out[previous + VALUE_END] = lineEnd;
      out[previous + FOLDED] = 1;
      pos = nl + 1;
      continue;
    }
    // field-name HCOLON (section 7.3.1, HCOLON = *( SP / HTAB ) ":" SWS).
    const colon = text.indexOf(':', pos);
    if (colon < 0 || colon >= lineEnd) return { offset: pos, reason: 'Header field without a colon' };
    let nameEnd = colon;
    let last = text.charCodeAt(colon - 1); // the name's last character, once white space is gone
    if (last === SP || last === HT) {
      while (nameEnd > pos && (last === SP || last === HT)) last = text.charCodeAt(--nameEnd - 1);
    }
    if (nameEnd === pos) return { offset: pos, reason: 'Empty header field name' };
    const hash =
      (nameEnd === pos + 1 ? COMPACT_HASHES[first] : undefined) ?? hashOf(nameEnd - pos, first, last);
    out[n] = pos;
    out[n + 1] = nameEnd;
    out[n + 2] = colon + 1;
    out[n + 3] = lineEnd;
    out[n + 4] = 0;
    out[n + 5] = hash;
    if (hash === CONTENT_LENGTH_HASH && contentLength < 0) contentLength = n;
    previous = n;
    n += FIELD_STRIDE;
    pos = nl + 1;
  }
  lastScan.count = n;
  lastScan.contentLength = contentLength;
  return result;
}

/**
 * The fields the last {@link scanHeaderFields} found, as a fresh array of
 * exactly their numbers. The scan fills one reused array and this copies it:
 * cheaper than filling a new array of a guessed size and cutting it.
 */
export const takeFields = (): number[] => scratch.slice(0, lastScan.count);

/**
 * The first syntax error of a scanned field that the scan leaves to later
 * (see {@link scanHeaderFields}): a name that is not a token (section 25.1),
 * or a bare CR in a value (only CRLF may end or fold a line, section 7.3.1).
 * Returns undefined when every field is well formed.
 */
export function fieldSyntaxError(text: string, fields: readonly number[]): ScanError | undefined {
  for (let i = 0; i < fields.length; i += FIELD_STRIDE) {
    const ns = fields[i + NAME_START]!;
    const ne = fields[i + NAME_END]!;
    for (let k = ns; k < ne; k++) {
      const c = text.charCodeAt(k);
      if (c >= 128 || TOKEN_LOWER[c] === 0) {
        return { offset: k, reason: `Bad header field name ${JSON.stringify(text.slice(ns, ne))}` };
      }
    }
    const ve = fields[i + VALUE_END]!;
    for (
      let cr = text.indexOf('\r', fields[i + VALUE_START]!);
      cr >= 0 && cr < ve;
      cr = text.indexOf('\r', cr + 1)
    ) {
      // Inside a folded value, CRLF followed by white space is the fold itself.
      if (text.charCodeAt(cr + 1) !== LF) {
        return { offset: cr, reason: `Bare CR in the value of ${text.slice(ns, ne)}` };
      }
    }
  }
  return undefined;
}
/**
 * What the last {@link scanHeaderFields} call noticed on the way: `count` is
 * how many numbers it wrote; `contentLength` is the record index of the
 * first field that may be Content-Length (same name hash), or -1, where
 * framing starts looking.
 */
export const lastScan = { count: 0, contentLength: -1 };

/**
 * The array every scan fills (packed small integers, grown once to the
 * largest head seen). Scans are synchronous, so one is enough.
 */
const scratch: number[] = Array.from({ length: 32 * FIELD_STRIDE }, () => 0);

/** Where the value of the field at record index `i` starts, past the white space after the colon. */
export function valueStart(text: string, fields: readonly number[], i: number): number {
  let p = fields[i + VALUE_START]!;
  const end = fields[i + VALUE_END]!;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c !== SP && c !== HT) break;
    p++;
  }
  return p;
}

/**
 * Where the value of the field at record index `i` ends, before trailing
 * white space (never before `start`, its {@link valueStart}).
 */
export function valueEnd(text: string, fields: readonly number[], i: number, start: number): number {
  let end = fields[i + VALUE_END]!;
  while (end > start) {
    const c = text.charCodeAt(end - 1);
    if (c !== SP && c !== HT) break;
    end--;
  }
  return end;
}

/**
 * A hash of a header name at `text[start, end)`, the same for any case:
 * its length and its first and last characters (see {@link hashOf}).
 * Lookups compare it before the names themselves.
 */
export const nameHash = (text: string, start: number, end: number): number =>
  hashOf(end - start, text.charCodeAt(start), text.charCodeAt(end - 1));

/**
 * The hash of a name of `length` characters from its first and last char
 * codes: `| 0x20` folds ASCII letters to lower case (and merges a few other
 * pairs such as `@` and `` ` ``), and any non-ASCII character counts as
 * 0xff, which no token character folds to. So when a field's hash equals a
 * key's, a first or last character of the key that is a letter is the
 * field's in one case or the other ({@link hashedNameMatches} relies on it).
 */
const hashOf = (length: number, first: number, last: number): number =>
  ((length & 0x3ff) << 16) | (fold(first) << 8) | fold(last);

const fold = (c: number): number => (c < 0x80 ? c | 0x20 : 0xff);

/**
 * The hash of a lower-case header key, as {@link nameHash} computes it over a
 * field name (compact forms get the hash of their long name in the index).
 */
export const keyHash = (key: string): number => nameHash(key, 0, key.length);

/** keyHash('content-length'). */
export const CONTENT_LENGTH_HASH: number = keyHash('content-length');

/** Long lower-case key of each compact form, and its hash, indexed by char code of its letter. */
const COMPACT_KEYS: (string | undefined)[] = [];
const COMPACT_HASHES: (number | undefined)[] = [];
for (const [letter, long] of Object.entries(COMPACT_FORMS)) {
  for (const c of [letter.charCodeAt(0), letter.toUpperCase().charCodeAt(0)]) {
    COMPACT_KEYS[c] = long.toLowerCase();
    COMPACT_HASHES[c] = keyHash(long.toLowerCase());
  }
}

/**
 * Whether the field name at `text[start, end)` is the header whose lower-case
 * long key is `key` (compact forms match their long name).
 */
export function nameMatches(text: string, start: number, end: number, key: string): boolean {
  const len = end - start;
  if (len === 1) {
    const c = text.charCodeAt(start);
    const long = COMPACT_KEYS[c];
    if (long !== undefined) return long === key;
    return key.length === 1 && lowerCode(c) === key.charCodeAt(0);
  }
  if (len !== key.length) return false;
  for (let i = 0; i < len; i++) {
    if (lowerCode(text.charCodeAt(start + i)) !== key.charCodeAt(i)) return false;
  }
  return true;
}

const isLowerLetter = (c: number): boolean => c >= 0x61 && c <= 0x7a;

/**
 * {@link nameMatches} for a field whose name hash already equals
 * `keyHash(key)`: the hash has compared a first or last character that is a
 * letter, so only the others are compared here.
 */
export function hashedNameMatches(text: string, start: number, end: number, key: string): boolean {
  const last = end - start - 1;
  if (last === 0 || last + 1 !== key.length) return nameMatches(text, start, end, key);
  if (!isLowerLetter(key.charCodeAt(0)) && lowerCode(text.charCodeAt(start)) !== key.charCodeAt(0))
    return false;
  if (
    !isLowerLetter(key.charCodeAt(last)) &&
    lowerCode(text.charCodeAt(start + last)) !== key.charCodeAt(last)
  )
    return false;
  for (let i = 1; i < last; i++) {
    if (lowerCode(text.charCodeAt(start + i)) !== key.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The value of a field with its continuation lines joined by one space each
 * (LWS is equivalent to SP, RFC 3261 section 7.3.1), trimmed.
 */
export function unfold(raw: string): string {
  return raw.replace(/[ \t]*\r?\n[ \t]+/g, ' ').trim();
}
