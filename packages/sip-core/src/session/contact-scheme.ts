/**
 * Whether our Contact in a response (and in the dialog it forms) must be a SIPS URI:
 * RFC 3261 section 12.1.1 asks for it when the request's Request-URI, else its top
 * Record-Route, else (no Record-Route) its Contact is SIPS. A request that reached us over
 * TLS with a `sip:` Request-URI gets a `sip:...;transport=tls` Contact instead, so a peer
 * that called `sip:` (many do not implement `sips:` at all) can reach us again over TLS.
 */
import type { SipRequest } from '../message/sip-message.js';
import type { Uri } from '../uri/types.js';

const isSips = (value: string | undefined): boolean => value !== undefined && /^[^<]*<?\s*sips:/i.test(value);

export function wantsSipsContact(request: SipRequest): boolean {
  if (/^sips:/i.test(request.requestUri)) return true;
  const rr = request.header('record-route');
  if (rr !== undefined) return isSips(rr);
  return isSips(request.header('contact'));
}

/**
 * Whether our Contact in a request we send must be a SIPS URI: RFC 3261 section 8.1.1.8
 * asks for it when the Request-URI or the top Route is SIPS; a `sip:` request over TLS
 * carries `sip:...;transport=tls`.
 */
export function sipsRequest(requestUri: Uri, topRoute: Uri | undefined): boolean {
  return requestUri.scheme === 'sips' || topRoute?.scheme === 'sips';
}
