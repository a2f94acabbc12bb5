/**
 * Parsing a whole message: framing by Content-Length (RFC 3261 section 18.3),
 * the start line and the header index. Syntax only: semantic checks are in
 * validate.ts. Never throws on input.
 */
import { type MessageError, messageError } from './errors.js';
import { findHeadEndBytes, type HeadError, type ScannedHead, scanHead } from './head.js';
import { type MessageParts, type SipMessage, SipRequest, SipResponse } from './sip-message.js';
import { decodeUtf8, encodeUtf8, utf8Length } from './utf8.js';

/** How the bytes arrived, which decides how Content-Length frames the body. */
export type TransportKind = 'datagram' | 'stream';

export interface ParseOptions {
  /**
   * `datagram` (default): the input is one datagram; trailing octets past
   * Content-Length are ignored and a missing Content-Length means the body is
   * the rest. `stream`: Content-Length is mandatory.
   */
  readonly transport?: TransportKind;
  /** Largest message accepted, in octets (default 262144); larger gives `too-large` (513). */
  readonly maxMessageSize?: number;
}

export type ParseMessageResult =
  | { readonly ok: true; readonly message: SipMessage }
  | { readonly ok: false; readonly error: MessageError };

export const DEFAULT_MAX_MESSAGE_SIZE = 262_144;

/** Octets of a datagram decoded at first; a head is nearly always shorter. */
const DECODE_WINDOW = 8192;

/**
 * Parses one SIP message from a datagram (or, with `transport: 'stream'`,
 * from a buffer that must hold exactly one framed message at its start).
 * Strings are taken as the text of the message; Content-Length still counts
 * the body's UTF-8 octets.
 */
export function parseMessage(data: Uint8Array | string, options?: ParseOptions): ParseMessageResult {
  const stream = options?.transport === 'stream';
  const max = options?.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  if (typeof data === 'string') return parseText(data, stream, max);
  const f = frameBytes(data, 0, data.length, stream, max);
  if (f.kind === 'message') return { ok: true, message: f.message };
  if (f.kind === 'error') return { ok: false, error: f.error };
  return {
    ok: false,
    error: messageError('incomplete', 'Incomplete message', data.length),
  };
}

/** Outcome of framing the message at the start of a byte range. */
export type Frame =
  | { readonly kind: 'message'; readonly message: SipMessage; readonly next: number }
  /** `next` is where the following message starts when framing survived the error, else -1. */
  | { readonly kind: 'error'; readonly error: MessageError; readonly next: number }
  /**
   * `needed`: the octets from `start` the message is known to take once its
   * head is complete; undefined while the head is incomplete; 0 when nothing
   * but line ends has arrived.
   */
  | { readonly kind: 'need-more'; readonly needed?: number };

const NEED_MORE: Frame = { kind: 'need-more' };
const ONLY_LINE_ENDS: Frame = { kind: 'need-more', needed: 0 };

/** Skips the CRLFs that may precede a message (RFC 3261 section 7.5). */
export function skipLineEnds(bytes: Uint8Array, pos: number, end: number): number {
  while (pos < end && (bytes[pos] === 0x0d || bytes[pos] === 0x0a)) pos++;
  return pos;
}

/**
 * Frames and parses the message that starts at `bytes[start]`. For a stream,
 * an incomplete message gives `need-more`; for a datagram, an error.
 */
export function frameBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  stream: boolean,
  max: number,
): Frame {
  const p = skipLineEnds(bytes, start, end);
  if (p >= end)
    return stream ? ONLY_LINE_ENDS : errorFrame(messageError('empty', 'Empty message', start), -1);
  let text: string;
  let scanned: ScannedHead | HeadError | undefined;
  let bodyStart: number;
  if (!stream) {
    // Fast path: decode the datagram once and scan it; when every octet of the
    // header section is ASCII, string offsets equal byte offsets.
    // A large datagram is decoded only as far as a head usually reaches.
    const window = end - p > DECODE_WINDOW ? p + DECODE_WINDOW : end;
    text = decodeUtf8(p === 0 && window === bytes.length ? bytes : bytes.subarray(p, window));
    scanned = scanHead(text);
    if (scanned === undefined && window === end) {
      const at = end - p > max ? p : end;
      return errorFrame(
        end - p > max
          ? messageError('too-large', 'Message Too Large', at)
          : messageError('incomplete', 'Incomplete message: no empty line after the header fields', at),
        -1,
      );
    }
    const k = scanned === undefined ? -2 : 'code' in scanned ? -1 : scanned.headEnd;
    if (k === -2 || (k >= 0 && !endsBlankLine(bytes, p + k))) {
      // A head longer than the window, or multi-octet characters before the
      // empty line: frame on the bytes.
      bodyStart = findHeadEndBytes(bytes, p, end);
      if (bodyStart < 0) {
        return errorFrame(
          end - p > max
            ? messageError('too-large', 'Message Too Large', p)
            : messageError('incomplete', 'Incomplete message: no empty line after the header fields', end),
          -1,
        );
      }
      text = decodeUtf8(bytes.subarray(p, bodyStart));
      scanned = scanHead(text);
    } else if (k >= 0) {
      bodyStart = p + k;
    } else {
      bodyStart = -1;
    }
  } else {
    bodyStart = findHeadEndBytes(bytes, p, end);
    if (bodyStart < 0) {
      if (end - p > max) return errorFrame(messageError('too-large', 'Message Too Large', p), -1);
      return NEED_MORE;
    }
    text = decodeUtf8(bytes.subarray(p, bodyStart));
    scanned = scanHead(text);
  }
  if (scanned === undefined) return errorFrame(messageError('incomplete', 'Incomplete message', end), -1);
  if ('code' in scanned) {
    const offset = p + utf8Length(text.slice(0, scanned.offset));
    const head = bodyStart >= 0 ? text : '';
    return errorFrame(
      messageError(scanned.code, scanned.reason, offset),
      stream ? skipBody(head, bodyStart, end) : -1,
    );
  }
  if (bodyStart - p > max) return errorFrame(messageError('too-large', 'Message Too Large', p), -1);
  let bodyEnd: number;
  const cl = scanned.contentLength;
  if (cl < 0) {
    if (stream) {
      return errorFrame(messageError('missing-content-length', 'Missing Content-Length', p), -1);
    }
    bodyEnd = end;
  } else {
    if (bodyStart - p + cl > max) return errorFrame(messageError('too-large', 'Message Too Large', p), -1);
    bodyEnd = bodyStart + cl;
    if (bodyEnd > end) {
      if (stream) return { kind: 'need-more', needed: bodyEnd - start };
      return errorFrame(
        messageError('body-too-short', 'Content-Length larger than the message body', end),
        -1,
      );
    }
  }
  // A datagram is usually exactly one message: keep it as the raw bytes rather
  // than making another view (a Buffer's subarray is not cheap).
  const raw = p === 0 && bodyEnd === bytes.length ? bytes : bytes.subarray(p, bodyEnd);
  const message = build(scanned, text, bytes, raw, bodyStart, bodyEnd);
  return { kind: 'message', message, next: bodyEnd };
}

/** Whether the octets just before `at` end an empty line (LF LF, or LF CR LF). */
function endsBlankLine(bytes: Uint8Array, at: number): boolean {
  if (bytes[at - 1] !== 0x0a) return false;
  const c = bytes[at - 2];
  return c === 0x0a || (c === 0x0d && bytes[at - 3] === 0x0a);
}

/** After a header syntax error on a stream: where the next message starts, if CL still frames it. */
function skipBody(head: string, bodyStart: number, end: number): number {
  const m = /^(?:content-length|l)[ \t]*:[ \t]*(\d{1,15})[ \t]*\r?$/im.exec(head);
  if (m === null) return -1;
  const next = bodyStart + Number(m[1]);
  return next <= end ? next : -1;
}

const errorFrame = (error: MessageError, next: number): Frame => ({ kind: 'error', error, next });

function parseText(text: string, stream: boolean, max: number): ParseMessageResult {
  let p = 0;
  while (p < text.length && (text.charCodeAt(p) === 0x0d || text.charCodeAt(p) === 0x0a)) p++;
  if (p >= text.length) return { ok: false, error: messageError('empty', 'Empty message', 0) };
  const t = p === 0 ? text : text.slice(p);
  const scanned = scanHead(t);
  if (scanned === undefined) {
    return {
      ok: false,
      error: messageError(
        'incomplete',
        'Incomplete message: no empty line after the header fields',
        text.length,
      ),
    };
  }
  if ('code' in scanned) {
    return { ok: false, error: messageError(scanned.code, scanned.reason, p + scanned.offset) };
  }
  const bodyStart = scanned.headEnd;
  if (bodyStart > max) return { ok: false, error: messageError('too-large', 'Message Too Large', p) };
  const rest = bodyStart < t.length ? encodeUtf8(t.slice(bodyStart)) : EMPTY;
  const cl = scanned.contentLength;
  let body = rest;
  if (cl < 0) {
    if (stream)
      return { ok: false, error: messageError('missing-content-length', 'Missing Content-Length', p) };
  } else {
    if (bodyStart + cl > max) return { ok: false, error: messageError('too-large', 'Message Too Large', p) };
    if (cl > rest.length) {
      return {
        ok: false,
        error: messageError('body-too-short', 'Content-Length larger than the message body', text.length),
      };
    }
    if (cl < rest.length) body = rest.subarray(0, cl);
  }
  return { ok: true, message: build(scanned, t, body, undefined) };
}

const EMPTY = new Uint8Array(0);

/**
 * @internal Makes the message object from a scanned head at the start of
 * `source`. The body is `body`, or its range `[bodyStart, bodyEnd)` when given
 * (viewed lazily).
 */
export function build(
  s: ScannedHead,
  source: string,
  body: Uint8Array,
  raw: Uint8Array | undefined,
  bodyStart = -1,
  bodyEnd = 0,
): SipMessage {
  const parts: MessageParts = {
    source,
    headEnd: s.headEnd,
    startLineEnd: s.startLineEnd,
    fields: s.fields,
    body,
    bodyStart,
    bodyEnd,
    raw,
  };
  return s.line.kind === 'request' ? new SipRequest(s.line, parts) : new SipResponse(s.line, parts);
}
