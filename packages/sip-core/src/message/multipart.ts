/**
 * Multipart bodies (RFC 2046 section 5.1; RFC 5621 for SIP). Each part has
 * its own MIME header fields and a body that is a view on the message bytes.
 */
import { fail, ok, type Result } from '../grammar/result.js';
import {
  FIELD_STRIDE,
  fieldSyntaxError,
  NAME_END,
  NAME_START,
  nameMatches,
  scanHeaderFields,
  takeFields,
  unfold,
  VALUE_END,
  VALUE_START,
} from './header-index.js';
import { headerKey } from './header-names.js';
import { decodeUtf8 } from './utf8.js';

/** One part of a multipart body. */
export interface BodyPart {
  /** The part's header fields (Content-Type, Content-Disposition...), names as written. */
  readonly fields: readonly { readonly name: string; readonly value: string }[];
  /** First value of a part header, by case-insensitive name. */
  header(name: string): string | undefined;
  /** The part's body octets. */
  readonly body: Uint8Array;
}

const enc = new TextEncoder();

/**
 * The `boundary` parameter of a multipart Content-Type value such as
 * `multipart/mixed;boundary="abc"`, unquoted; undefined when absent.
 */
export function multipartBoundary(contentType: string): string | undefined {
  const m = /;\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(contentType);
  if (m === null) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/** The parts of a body of Content-Type `contentType`; an error when it is not multipart or has no boundary. */
export function splitBody(contentType: string | undefined, body: Uint8Array): Result<BodyPart[]> {
  if (contentType === undefined || !/^\s*multipart\//i.test(contentType))
    return fail('not-multipart', 'Body is not multipart', 0);
  const boundary = multipartBoundary(contentType);
  if (boundary === undefined) return fail('bad-boundary', 'Multipart Content-Type without boundary', 0);
  return parseMultipart(boundary, body);
}

/**
 * Splits a multipart body by its boundary. Delimiters are recognized at the
 * start of the body or after CRLF (bare LF tolerated); the preamble and the
 * epilogue are dropped; transport padding after a delimiter is skipped.
 */
export function parseMultipart(boundary: string, body: Uint8Array): Result<BodyPart[]> {
  if (boundary.length === 0 || boundary.length > 70) return fail('bad-boundary', 'Bad multipart boundary', 0);
  const dash = enc.encode(`--${boundary}`);
  const parts: BodyPart[] = [];
  let pos = findDelimiter(body, dash, 0);
  if (pos < 0) return fail('no-boundary', 'Multipart boundary not found', 0);
  for (;;) {
    let p = pos + dash.length;
    if (body[p] === 0x2d && body[p + 1] === 0x2d) return ok(parts); // close-delimiter
    while (p < body.length && (body[p] === 0x20 || body[p] === 0x09)) p++;
    if (body[p] === 0x0d) p++;
    if (body[p] !== 0x0a) return fail('bad-delimiter', 'Text after multipart delimiter', p);
    const start = p + 1;
    const next = findDelimiter(body, dash, start);
    if (next < 0) return fail('no-close-delimiter', 'Multipart body not closed', body.length);
    // The CRLF before the delimiter belongs to the delimiter (section 5.1.1).
    let end = next;
    if (end > start && body[end - 1] === 0x0a) end--;
    if (end > start && body[end - 1] === 0x0d) end--;
    const part = parsePart(body.subarray(start, Math.max(start, end)), start);
    if (!part.ok) return part;
    parts.push(part.value);
    pos = next;
  }
}

/** Offset of `--boundary` at `from` or later, at the start of the body or of a line. */
function findDelimiter(body: Uint8Array, dash: Uint8Array, from: number): number {
  let i = from;
  while (i <= body.length - dash.length) {
    const k = body.indexOf(0x2d, i);
    if (k < 0 || k > body.length - dash.length) return -1;
    if ((k === 0 || body[k - 1] === 0x0a) && matches(body, k, dash)) return k;
    i = k + 1;
  }
  return -1;
}

function matches(body: Uint8Array, at: number, what: Uint8Array): boolean {
  for (let j = 0; j < what.length; j++) if (body[at + j] !== what[j]) return false;
  return true;
}

function parsePart(bytes: Uint8Array, base: number): Result<BodyPart> {
  // Headers end at the first empty line; a part may have none (it starts with CRLF).
  let headEnd = -1;
  if (bytes[0] === 0x0a) headEnd = 1;
  else if (bytes[0] === 0x0d && bytes[1] === 0x0a) headEnd = 2;
  else {
    for (let i = bytes.indexOf(0x0a); i >= 0 && i < bytes.length; i = bytes.indexOf(0x0a, i + 1)) {
      if (bytes[i + 1] === 0x0a) {
        headEnd = i + 2;
        break;
      }
      if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) {
        headEnd = i + 3;
        break;
      }
    }
  }
  if (headEnd < 0) {
    // No empty line: the part is header fields only, with an empty body.
    headEnd = bytes.length;
  }
  let head = decodeUtf8(bytes.subarray(0, headEnd));
  if (headEnd === bytes.length) head += '\r\n\r\n'; // header fields only: close the section
  const scanned = scanHeaderFields(head, 0, head.length);
  if (typeof scanned !== 'number') return fail('bad-part-header', scanned.reason, base + scanned.offset);
  const idx = takeFields();
  const lineError = fieldSyntaxError(head, idx);
  if (lineError !== undefined) return fail('bad-part-header', lineError.reason, base + lineError.offset);
  const fields: { name: string; value: string }[] = [];
  for (let i = 0; i < idx.length; i += FIELD_STRIDE) {
    fields.push({
      name: head.slice(idx[i + NAME_START]!, idx[i + NAME_END]!),
      value: unfold(head.slice(idx[i + VALUE_START]!, idx[i + VALUE_END]!)),
    });
  }
  const body = bytes.subarray(headEnd);
  return ok({
    fields,
    body,
    header(name: string): string | undefined {
      const key = headerKey(name);
      for (let i = 0; i < idx.length; i += FIELD_STRIDE) {
        if (nameMatches(head, idx[i + NAME_START]!, idx[i + NAME_END]!, key))
          return fields[i / FIELD_STRIDE]!.value;
      }
      return undefined;
    },
  });
}
