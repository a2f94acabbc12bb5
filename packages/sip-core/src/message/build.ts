/**
 * Builders for outgoing requests (RFC 3261 section 8.1.1) and responses
 * (section 8.2.6). They produce ordinary immutable messages, serialized
 * canonically.
 */
import { formatCSeq, formatFromTo, formatNameAddr, formatVia } from '../headers/index.js';
import type { CSeq, FromTo, NameAddr, Via } from '../headers/types.js';
import { formatUri } from '../uri/index.js';
import type { Uri } from '../uri/types.js';
import { assemble, bodyBytes, type FieldInit, type HeadersInit, toFields } from './assemble.js';
import { reasonPhrase } from './reason-phrases.js';
import type { SipMessage, SipRequest, SipResponse } from './sip-message.js';

/** What createRequest needs. Typed values are serialized; strings are used as written. */
export interface RequestInit {
  readonly method: string;
  readonly uri: string | Uri;
  readonly from: string | FromTo;
  readonly to: string | FromTo;
  readonly callId: string;
  /** The sequence number (the method is `method`), or a whole CSeq. */
  readonly cseq: number | CSeq;
  /** Via values, top first; each becomes one header line. */
  readonly via: string | Via | readonly (string | Via)[];
  readonly contact?: string | NameAddr | readonly (string | NameAddr)[];
  /** Max-Forwards (default 70, RFC 3261 section 8.1.1.6). */
  readonly maxForwards?: number;
  /** Further header fields, after the ones above, in order. */
  readonly headers?: HeadersInit;
  readonly body?: Uint8Array | string;
  /** Content-Type of the body; required when there is a body. */
  readonly contentType?: string;
}

const SIP_VERSION = 'SIP/2.0';

/** Builds a request; throws a TypeError for a value no SIP message can carry. */
export function createRequest(init: RequestInit): SipRequest {
  const fields: FieldInit[] = [];
  const vias = Array.isArray(init.via) ? (init.via as readonly (string | Via)[]) : [init.via as string | Via];
  for (const v of vias) fields.push({ name: 'Via', value: typeof v === 'string' ? v : formatVia(v) });
  fields.push({ name: 'Max-Forwards', value: String(init.maxForwards ?? 70) });
  fields.push({ name: 'To', value: typeof init.to === 'string' ? init.to : formatFromTo(init.to) });
  fields.push({ name: 'From', value: typeof init.from === 'string' ? init.from : formatFromTo(init.from) });
  fields.push({ name: 'Call-ID', value: init.callId });
  const cseq = typeof init.cseq === 'number' ? { seq: init.cseq, method: init.method } : init.cseq;
  fields.push({ name: 'CSeq', value: formatCSeq(cseq) });
  if (init.contact !== undefined) fields.push({ name: 'Contact', value: formatContactList(init.contact) });
  fields.push(...toFields(init.headers));
  const body = bodyBytes(init.body);
  if (init.contentType !== undefined) fields.push({ name: 'Content-Type', value: init.contentType });
  else if (body.length > 0) throw new TypeError('a body needs a contentType');
  const uri = typeof init.uri === 'string' ? init.uri : formatUri(init.uri);
  return assemble(`${init.method} ${uri} ${SIP_VERSION}`, fields, body) as SipRequest;
}

/** Options of createResponse. */
export interface ResponseOptions {
  /**
   * Tag for the To header field (section 8.2.6.2), used when the request's To
   * has none and the status is not 100. Dialog-forming UASs pass the same tag
   * in every response of the dialog.
   */
  readonly toTag?: string;
  /** Makes a tag when `toTag` is not given (default: 64 random bits in hex, from crypto). */
  readonly generateTag?: () => string;
  readonly headers?: HeadersInit;
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
}

/**
 * Builds the response to a request as RFC 3261 section 8.2.6 says: every
 * Via in order, From, To (with a tag added unless the status is 100 or it
 * has one), Call-ID and CSeq copied; a 100 also copies Timestamp (8.2.6.1).
 */
export function createResponse(
  request: SipRequest,
  status: number,
  reason?: string,
  options: ResponseOptions = {},
): SipResponse {
  if (!Number.isInteger(status) || status < 100 || status > 699) throw new RangeError(`bad status ${status}`);
  const fields: FieldInit[] = [];
  for (const v of request.headers('via')) fields.push({ name: 'Via', value: v });
  const from = request.header('from');
  if (from !== undefined) fields.push({ name: 'From', value: from });
  const to = request.header('to');
  if (to !== undefined) {
    const needsTag = status !== 100 && !hasTag(request, to);
    const tag = needsTag ? (options.toTag ?? (options.generateTag ?? randomTag)()) : undefined;
    fields.push({ name: 'To', value: tag === undefined ? to : `${to};tag=${tag}` });
  }
  for (const name of ['call-id', 'cseq']) {
    const v = request.header(name);
    if (v !== undefined) fields.push({ name, value: v });
  }
  if (status === 100) {
    const ts = request.header('timestamp');
    if (ts !== undefined) fields.push({ name: 'Timestamp', value: ts });
  }
  fields.push(...toFields(options.headers));
  const body = bodyBytes(options.body);
  if (options.contentType !== undefined) fields.push({ name: 'Content-Type', value: options.contentType });
  else if (body.length > 0) throw new TypeError('a body needs a contentType');
  const phrase = reason ?? reasonPhrase(status);
  return assemble(`${SIP_VERSION} ${status} ${phrase}`, fields, body) as SipResponse;
}

function hasTag(request: SipMessage, rawTo: string): boolean {
  const to = request.to;
  if (to !== undefined) return to.tag !== undefined;
  return /;\s*tag\s*=/i.test(rawTo);
}

/** 64 random bits as 16 hex digits (section 19.3 asks for at least 32). */
export function randomTag(): string {
  const b = new Uint8Array(8);
  globalThis.crypto.getRandomValues(b);
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

function formatContactList(contact: string | NameAddr | readonly (string | NameAddr)[]): string {
  const list = Array.isArray(contact)
    ? (contact as readonly (string | NameAddr)[])
    : [contact as string | NameAddr];
  return list.map((c) => (typeof c === 'string' ? c : formatNameAddr(c))).join(', ');
}
