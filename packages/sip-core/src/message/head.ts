/**
 * The header section of a message, already decoded to text: start line, the
 * field index, and the Content-Length that frames the body (RFC 3261 section
 * 18.3 and 20.14).
 */
import { LF } from './chars.js';
import {
  CONTENT_LENGTH_HASH,
  FIELD_STRIDE,
  lastScan,
  NAME_END,
  NAME_HASH,
  NAME_START,
  type ScanError,
  scanHeaderFields,
  takeFields,
  valueEnd,
  valueStart,
} from './header-index.js';
import { parseStartLine, type StartLine } from './start-line.js';

export interface ScannedHead {
  readonly line: StartLine;
  readonly startLineEnd: number;
  readonly fields: number[];
  /** Content-Length, or -1 when the message has none. */
  readonly contentLength: number;
  /** Offset just past the empty line that ends the header section. */
  readonly headEnd: number;
}

/** Failure of the head scan: `code` picks the MessageErrorCode. */
export interface HeadError extends ScanError {
  readonly code:
    | 'bad-start-line'
    | 'bad-version'
    | 'bad-header-line'
    | 'bad-content-length'
    | 'multiple-content-length';
}

/** Largest Content-Length we read as a number; anything larger is too large anyway. */
const MAX_CL_DIGITS = 15;

/**
 * Scans the header section at the start of `text` (which may go on with the
 * body). Returns undefined when the section is not closed by an empty line.
 */
export function scanHead(text: string): ScannedHead | HeadError | undefined {
  const nl = text.indexOf('\n');
  if (nl < 0) return undefined;
  const startLineEnd = nl > 0 && text.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
  const line = parseStartLine(text, startLineEnd);
  if ('offset' in line) return { code: line.code, offset: line.offset, reason: line.reason };
  const headEnd = scanHeaderFields(text, nl + 1, text.length);
  if (typeof headEnd !== 'number') return { code: 'bad-header-line', ...headEnd };
  if (headEnd < 0) return undefined;
  const fields = takeFields();
  const contentLength =
    lastScan.contentLength < 0 ? -1 : findContentLength(text, fields, lastScan.contentLength);
  if (typeof contentLength !== 'number') return contentLength;
  return { line, startLineEnd, fields, contentLength, headEnd };
}

/** `Content-Length` in any case, or its compact form `l` (one native match rather than a loop). */
const CONTENT_LENGTH_NAME = /content-length|l/iy;

const isContentLengthName = (text: string, start: number, end: number): boolean => {
  CONTENT_LENGTH_NAME.lastIndex = start;
  return CONTENT_LENGTH_NAME.test(text) && CONTENT_LENGTH_NAME.lastIndex === end;
};

/** Content-Length from the fields at or after record index `from` (RFC 3261 section 20.14). */
function findContentLength(head: string, fields: number[], from: number): number | HeadError {
  let found = -1;
  for (let i = from; i < fields.length; i += FIELD_STRIDE) {
    const ns = fields[i + NAME_START]!;
    const ne = fields[i + NAME_END]!;
    if (fields[i + NAME_HASH] !== CONTENT_LENGTH_HASH || !isContentLengthName(head, ns, ne)) continue;
    const vs = valueStart(head, fields, i);
    const ve = valueEnd(head, fields, i, vs);
    let n = 0;
    for (let k = vs; k < ve; k++) {
      const c = head.charCodeAt(k);
      if (c < 0x30 || c > 0x39 || k - vs >= MAX_CL_DIGITS) {
        return { code: 'bad-content-length', offset: k, reason: 'Malformed Content-Length' };
      }
      n = n * 10 + (c - 0x30);
    }
    if (ve === vs) return { code: 'bad-content-length', offset: vs, reason: 'Empty Content-Length' };
    if (found >= 0 && found !== n) {
      return { code: 'multiple-content-length', offset: ns, reason: 'Conflicting Content-Length values' };
    }
    found = n;
  }
  return found;
}

/**
 * Where the header section of `bytes[start, end)` ends: the offset just past
 * its empty line (CRLF CRLF, or bare LF LF), or -1 when it is not complete.
 */
export function findHeadEndBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const lf = bytes.indexOf(LF, i);
    if (lf < 0 || lf >= end) return -1;
    const n = lf + 1;
    if (n < end) {
      const c = bytes[n];
      if (c === LF) return n + 1;
      if (c === 0x0d && n + 1 < end && bytes[n + 1] === LF) return n + 2;
    }
    i = n;
  }
  return -1;
}
