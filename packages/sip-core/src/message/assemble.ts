/**
 * Canonical serialization of messages we make: long header names, one field
 * per line as `Name: value`, CRLF line ends, and a Content-Length computed
 * from the body (RFC 3261 sections 7.3 and 20.14).
 */
import { isToken } from './chars.js';
import { scanHead } from './head.js';
import { canonicalHeaderName, headerKey } from './header-names.js';
import { build } from './parse-message.js';
import type { SipMessage } from './sip-message.js';
import { encodeUtf8 } from './utf8.js';

/** A header field to put in a built message. */
export interface FieldInit {
  readonly name: string;
  readonly value: string;
}

/**
 * Extra header fields for a builder: a list of fields (order and repeats
 * kept), or a record whose array values make one line each.
 */
export type HeadersInit =
  | readonly FieldInit[]
  | Readonly<Record<string, string | number | readonly string[]>>;

/** Normalizes HeadersInit to a list of fields. */
export function toFields(init: HeadersInit | undefined): FieldInit[] {
  if (init === undefined) return [];
  if (Array.isArray(init)) return [...(init as readonly FieldInit[])];
  const out: FieldInit[] = [];
  for (const [name, v] of Object.entries(
    init as Readonly<Record<string, string | number | readonly string[]>>,
  )) {
    if (Array.isArray(v)) for (const one of v as readonly string[]) out.push({ name, value: one });
    else out.push({ name, value: String(v) });
  }
  return out;
}

/** The body as bytes (strings are UTF-8). */
export const bodyBytes = (body: Uint8Array | string | undefined): Uint8Array =>
  body === undefined ? new Uint8Array(0) : typeof body === 'string' ? encodeUtf8(body) : body;

/**
 * Builds a message from its start line, fields and body. Throws a TypeError
 * for values no message can carry (a bad name, a line break in a value):
 * these are programming errors, never network input. Fields in `received`
 * are lines of a parsed message copied over: they are passed on as they came
 * (validation judges them), as long as they cannot break the framing.
 */
export function assemble(
  startLine: string,
  fields: readonly FieldInit[],
  body: Uint8Array,
  received?: ReadonlySet<FieldInit>,
): SipMessage {
  if (/[\r\n]/.test(startLine)) throw new TypeError('line break in start line');
  let text = `${startLine}\r\n`;
  for (const f of fields) {
    const copied = received?.has(f) === true;
    if (!(copied ? /^[^\s:][^:\n]*$/.test(f.name) : isToken(f.name)))
      throw new TypeError(`bad header name: ${JSON.stringify(f.name)}`);
    if (copied ? /\n/.test(f.value) : /[\r\n]/.test(f.value))
      throw new TypeError(`line break in the value of ${f.name}`);
    if (headerKey(f.name) === 'content-length') continue;
    text += `${canonicalHeaderName(f.name)}: ${f.value.trim()}\r\n`;
  }
  text += `Content-Length: ${body.length}\r\n\r\n`;
  const scanned = scanHead(text);
  if (scanned === undefined || 'code' in scanned) {
    throw new TypeError(`cannot build message: ${scanned?.reason ?? 'incomplete'}`);
  }
  return build(scanned, text, body, undefined);
}
