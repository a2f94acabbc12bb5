/**
 * One pass over the header section of a message: finds every header field's
 * name and value spans, joins continuation lines (RFC 3261 section 7.3.1),
 * and records them in a flat array of offsets. Nothing is sliced or
 * lower-cased here; values are cut out only when somebody asks for them.
 */
import { CR, HT, isTokenChar, lowerCode, SP } from './chars.js';
import { COMPACT_FORMS } from './header-names.js';

/** Numbers stored per field in the flat index. */
export const FIELD_STRIDE = 5;
/** Offsets within one field's record. */
export const NAME_START = 0;
export const NAME_END = 1;
export const VALUE_START = 2;
export const VALUE_END = 3;
/** 1 when the value spans continuation lines. */
export const FOLDED = 4;

/** A syntax error found by the scan: offset into the scanned text. */
export interface ScanError {
  readonly offset: number;
  readonly reason: string;
}

/**
 * Scans header lines of `text` from `pos` up to the empty line that ends the
 * header section (or `end`). Pushes FIELD_STRIDE numbers per field into
 * `out`. Accepts CRLF and, tolerantly, bare LF line ends.
 * Returns the offset just past the empty line, -1 when `end` came first, or a
 * ScanError.
 */
export function scanHeaderFields(text: string, pos: number, end: number, out: number[]): number | ScanError {
  let last = -1; // index in `out` of the previous field, for continuation lines
  while (pos < end) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0 || nl >= end) return -1; // a line without its end: the section is incomplete
    const lineEnd = nl > pos && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    if (lineEnd === pos) return nl + 1; // the empty line
    const first = text.charCodeAt(pos);
    if (first === SP || first === HT) {
      if (last < 0) return { offset: pos, reason: 'Continuation line without a header field' };
      out[last + VALUE_END] = trimEnd(text, out[last + VALUE_START]!, lineEnd);
      out[last + FOLDED] = 1;
      pos = nl + 1;
      continue;
    }
    const colon = text.indexOf(':', pos);
    if (colon < 0 || colon >= lineEnd) return { offset: pos, reason: 'Header field without a colon' };
    const nameEnd = trimEnd(text, pos, colon);
    for (let i = pos; i < nameEnd; i++) {
      if (!isTokenChar(text.charCodeAt(i))) return { offset: i, reason: 'Bad header field name' };
    }
    if (nameEnd === pos) return { offset: pos, reason: 'Empty header field name' };
    let i = colon + 1;
    while (i < lineEnd && (text.charCodeAt(i) === SP || text.charCodeAt(i) === HT)) i++;
    last = out.length;
    out.push(pos, nameEnd, i, trimEnd(text, i, lineEnd), 0);
    pos = nl + 1;
  }
  return -1;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start) {
    const c = text.charCodeAt(end - 1);
    if (c !== SP && c !== HT) break;
    end--;
  }
  return end;
}

/** Long lower-case key of each compact form, indexed by char code of its letter. */
const COMPACT_KEYS: (string | undefined)[] = [];
for (const [letter, long] of Object.entries(COMPACT_FORMS)) {
  COMPACT_KEYS[letter.charCodeAt(0)] = long.toLowerCase();
  COMPACT_KEYS[letter.toUpperCase().charCodeAt(0)] = long.toLowerCase();
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

/**
 * The value of a field with its continuation lines joined by one space each
 * (LWS is equivalent to SP, RFC 3261 section 7.3.1), trimmed.
 */
export function unfold(raw: string): string {
  return raw.replace(/[ \t]*\r?\n[ \t]+/g, ' ').trim();
}
