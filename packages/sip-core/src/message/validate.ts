/**
 * Validation: the checks a parsed message must pass before a transaction
 * layer or UA core acts on it (RFC 3261 sections 8.1.1, 8.2 and 18.1.2;
 * RFC 4475 section 3.3). Parsing only checked syntax of the framing, the
 * start line and the header lines; here the values that matter are parsed
 * and the semantics checked. Responses 420, 415, 416 and 505 are decisions of
 * the UA core, which can use `versionSupported` and the typed headers.
 */
import { isSipUri } from '../uri/index.js';
import { canonicalHeaderName } from './header-names.js';
import type { SipMessage, SipRequest, SipResponse } from './sip-message.js';
import type { TypedHeaderKey } from './typed-headers.js';

/** Outcome of validating a request: fine, or the response to answer it with. */
export type RequestValidation =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly status: 400;
      readonly reason: string;
      readonly header: string | undefined;
    };

/** Outcome of validating a response: fine, or why it must be discarded (section 18.1.2). */
export type ResponseValidation =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly header: string | undefined };

/** Header fields every request and response carries (section 8.1.1). */
const MANDATORY: readonly TypedHeaderKey[] = ['via', 'from', 'to', 'call-id', 'cseq'];

/** Header fields that may appear on one line only, with one value (RFC 4475 section 3.3.8). */
const SINGLE: readonly TypedHeaderKey[] = [
  'from',
  'to',
  'call-id',
  'cseq',
  'max-forwards',
  'content-length',
  'expires',
];

/**
 * Header fields whose values must parse for the message to be processed:
 * those the transaction layer and the UA core read before answering.
 */
const MUST_PARSE: readonly TypedHeaderKey[] = [
  'via',
  'from',
  'to',
  'call-id',
  'cseq',
  'max-forwards',
  'contact',
  'content-type',
  'content-length',
  'expires',
  'route',
  'record-route',
  'require',
  'proxy-require',
  // Date matters little, but a Date we cannot read is a syntax error (RFC 4475 section 3.1.2.12).
  'date',
];

type Failure = { readonly reason: string; readonly header: string | undefined };

function common(msg: SipMessage): Failure | undefined {
  // The parser checks the structure of header lines; names and bare CRs are checked here.
  const line = msg.headerLineError();
  if (line !== undefined) return { reason: line, header: undefined };
  for (const key of MANDATORY) {
    if (!msg.hasHeader(key))
      return { reason: `Missing ${canonicalHeaderName(key)} header field`, header: key };
  }
  for (const key of SINGLE) {
    if (msg.headers(key).length > 1)
      return { reason: `More than one ${canonicalHeaderName(key)} header field`, header: key };
  }
  for (const key of MUST_PARSE) {
    const error = msg.headerError(key);
    if (error !== undefined)
      return { reason: `Malformed ${canonicalHeaderName(key)}: ${error.reason}`, header: key };
  }
  if ((msg.via?.length ?? 0) === 0) return { reason: 'Missing Via header field', header: 'via' };
  return undefined;
}

/**
 * Validates a request (RFC 3261 sections 8.1.1 and 8.2; RFC 4475): the
 * Request-URI parses and carries no headers (section 19.1.1), the mandatory
 * header fields are present once each and parse, and the CSeq method is the
 * request's method (section 8.1.1.5).
 */
export function validateRequest(req: SipRequest): RequestValidation {
  const u = req.uriResult;
  if (!u.ok) return bad(`Malformed Request-URI: ${u.error.reason}`, undefined);
  if (isSipUri(u.value) && u.value.headers.length > 0)
    return bad('Request-URI must not carry headers', undefined);
  const f = common(req);
  if (f !== undefined) return bad(f.reason, f.header);
  if (req.cseq!.method !== req.method) return bad('CSeq method does not match the Request-Line', 'cseq');
  return { ok: true };
}

/** Validates a received response; a failed one is discarded (section 18.1.2). */
export function validateResponse(res: SipResponse): ResponseValidation {
  const f = common(res);
  return f === undefined ? { ok: true } : { ok: false, reason: f.reason, header: f.header };
}

/** Validates either kind of message. */
export function validateMessage(msg: SipMessage): RequestValidation | ResponseValidation {
  return msg.kind === 'request' ? validateRequest(msg) : validateResponse(msg);
}

/** Whether the message speaks SIP/2.0; a UAS answers other versions with 505 (section 8.2.2... 21.5.6). */
export function versionSupported(msg: SipMessage): boolean {
  return msg.version.toUpperCase() === 'SIP/2.0';
}

const bad = (reason: string, header: string | undefined): RequestValidation => ({
  ok: false,
  status: 400,
  reason,
  header,
});
