/**
 * Request-Line and Status-Line (RFC 3261 sections 7.1 and 7.2). Strict about
 * the single SP between elements: RFC 4475 sections 3.1.2.8 to 3.1.2.10 allow
 * a server to reject extra or trailing SP and embedded LWS, and we do.
 */
import { isToken } from './chars.js';
import type { ScanError } from './header-index.js';

/** A start line error, with the MessageErrorCode it maps to. */
export interface StartLineError extends ScanError {
  readonly code: 'bad-start-line' | 'bad-version';
}

const bad = (offset: number, reason: string): StartLineError => ({ code: 'bad-start-line', offset, reason });
const badVersion = (offset: number, reason: string): StartLineError => ({
  code: 'bad-version',
  offset,
  reason,
});

export interface RequestLine {
  readonly kind: 'request';
  readonly method: string;
  /** The Request-URI as written; parsed lazily by the message. */
  readonly uri: string;
  readonly version: string;
}

export interface StatusLine {
  readonly kind: 'response';
  readonly version: string;
  readonly status: number;
  /** Reason-Phrase, possibly empty (RFC 4475 section 3.1.1.13), UTF-8 allowed. */
  readonly reason: string;
}

export type StartLine = RequestLine | StatusLine;

/** `SIP/1*DIGIT.1*DIGIT`, "SIP" case-insensitive (section 7.1). */
export function isSipVersion(text: string, start = 0, end = text.length): boolean {
  if (end - start < 7) return false;
  const s = text.charCodeAt(start) | 0x20;
  const i = text.charCodeAt(start + 1) | 0x20;
  const p = text.charCodeAt(start + 2) | 0x20;
  if (s !== 0x73 || i !== 0x69 || p !== 0x70 || text.charCodeAt(start + 3) !== 0x2f) return false;
  let k = start + 4;
  const major = k;
  while (k < end && isDigit(text.charCodeAt(k))) k++;
  if (k === major || k >= end || text.charCodeAt(k) !== 0x2e) return false;
  k++;
  const minor = k;
  while (k < end && isDigit(text.charCodeAt(k))) k++;
  return k > minor && k === end;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** White space or a control character: none may appear in a Request-URI (RFC 4475 section 3.1.2.8). */
const SPACE_OR_CONTROL = /[\x00-\x20\x7f]/;

/** `text[start, end)` as a string: the constant for the usual `SIP/2.0`, else a slice. */
const versionText = (text: string, start: number, end: number): string =>
  end - start === 7 &&
  text.charCodeAt(start) === 0x53 &&
  text.charCodeAt(start + 1) === 0x49 &&
  text.charCodeAt(start + 2) === 0x50 &&
  text.charCodeAt(start + 4) === 0x32 &&
  text.charCodeAt(start + 6) === 0x30
    ? 'SIP/2.0'
    : text.slice(start, end);

/** Scheme of an absoluteURI (RFC 3986 section 3.1), followed by ':'. */
function hasScheme(text: string, start: number, end: number): boolean {
  let k = start;
  const c0 = text.charCodeAt(k) | 0x20;
  if (c0 < 0x61 || c0 > 0x7a) return false;
  for (k++; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x3a) return k + 1 < end;
    const l = c | 0x20;
    if (!((l >= 0x61 && l <= 0x7a) || isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e)) return false;
  }
  return false;
}

/**
 * The usual Request-Line, checked in one native match: a token method, an
 * absolute URI (scheme, `:`, then no white space or control characters) and
 * `SIP/2.0`, single SPs between. Every line it matches passes the checks
 * below and gives the same value; any other line takes them, for its error.
 */
const USUAL_REQUEST_LINE = /[A-Za-z0-9\-.!%*_+`'~]+ [A-Za-z][A-Za-z0-9+\-.]*:[^\x00-\x20\x7f]+ SIP\/2\.0/y;

/** Parses the start line `text[0, end)` (line terminator excluded). */
export function parseStartLine(text: string, end: number): StartLine | StartLineError {
  if (end >= 4 && (text.charCodeAt(0) | 0x20) === 0x73 && text.charCodeAt(3) === 0x2f) {
    const maybe = parseStatusLine(text, end);
    if (maybe !== undefined) return maybe;
  }
  const sp1 = text.indexOf(' ', 0);
  USUAL_REQUEST_LINE.lastIndex = 0;
  if (USUAL_REQUEST_LINE.test(text) && USUAL_REQUEST_LINE.lastIndex === end) {
    return {
      kind: 'request',
      method: text.slice(0, sp1),
      uri: text.slice(sp1 + 1, end - 8),
      version: 'SIP/2.0',
    };
  }
  if (sp1 <= 0 || sp1 >= end) return bad(0, 'Malformed start line');
  if (!isToken(text, 0, sp1)) return bad(0, 'Bad method in Request-Line');
  // A seven-character version such as `SIP/2.0` (which holds no SP) after
  // an SP ends the usual line: that SP is the last, found without a backward search.
  const usual = end - 8 > sp1 && text.charCodeAt(end - 8) === 0x20 && isSipVersion(text, end - 7, end);
  const sp2 = usual ? end - 8 : text.lastIndexOf(' ', end - 1);
  if (!usual) {
    if (sp2 === sp1) return badVersion(sp1, 'Request-Line without SIP-Version');
    if (sp2 + 1 === end) return bad(sp2, 'White space at the end of the Request-Line');
    if (!isSipVersion(text, sp2 + 1, end)) return badVersion(sp2 + 1, 'Bad SIP-Version in Request-Line');
  }
  const uri = text.slice(sp1 + 1, sp2);
  if (SPACE_OR_CONTROL.test(uri)) {
    for (let k = sp1 + 1; k < sp2; k++) {
      const c = text.charCodeAt(k);
      if (c <= 0x20 || c === 0x7f) return bad(k, 'Whitespace or control character in Request-URI');
    }
  }
  if (!hasScheme(text, sp1 + 1, sp2)) return bad(sp1 + 1, 'Request-URI is not an absolute URI');
  return {
    kind: 'request',
    method: text.slice(0, sp1),
    uri,
    version: versionText(text, sp2 + 1, end),
  };
}

function parseStatusLine(text: string, end: number): StatusLine | StartLineError | undefined {
  const sp1 = text.indexOf(' ', 0);
  if (sp1 < 0 || sp1 >= end) return isSipVersion(text, 0, end) ? bad(end, 'No Status-Code') : undefined;
  if (!isSipVersion(text, 0, sp1)) return undefined; // maybe a request whose method starts with "SIP/"
  const c = sp1 + 1;
  if (
    end < c + 3 ||
    !isDigit(text.charCodeAt(c)) ||
    !isDigit(text.charCodeAt(c + 1)) ||
    !isDigit(text.charCodeAt(c + 2)) ||
    (end > c + 3 && text.charCodeAt(c + 3) !== 0x20)
  ) {
    return bad(c, 'Bad Status-Code');
  }
  const status =
    (text.charCodeAt(c) - 0x30) * 100 + (text.charCodeAt(c + 1) - 0x30) * 10 + text.charCodeAt(c + 2) - 0x30;
  if (status < 100) return bad(c, 'Bad Status-Code');
  for (let k = c + 4; k < end; k++) {
    const ch = text.charCodeAt(k);
    if ((ch < 0x20 && ch !== 0x09) || ch === 0x7f) return bad(k, 'Control character in Reason-Phrase');
  }
  return {
    kind: 'response',
    version: versionText(text, 0, sp1),
    status,
    reason: end > c + 4 ? text.slice(c + 4, end) : '',
  };
}
