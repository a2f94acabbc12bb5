/**
 * The two requests the transaction layer builds from an INVITE: the ACK for
 * a non-2xx final response (RFC 3261 17.1.1.3) and a CANCEL (section 9.1).
 * Both copy Request-URI, Call-ID, From, the CSeq number, the top Via only,
 * and the Route header fields of the INVITE.
 */
import type { FieldInit } from '../message/assemble.js';
import { createRequest } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';

function routes(invite: SipRequest): FieldInit[] {
  return invite.headers('route').map((value) => ({ name: 'Route', value }));
}

/** The first Via value of the INVITE (a line may hold several, comma-separated). */
function topVia(invite: SipRequest): string {
  const first = invite.headers('via')[0] ?? '';
  const top = invite.via?.[0];
  // When the first line holds one value (the usual case) keep it verbatim.
  if (top === undefined || !first.includes(',')) return first;
  return first.slice(0, firstComma(first)).trim();
}

/** The offset of the first comma outside quotes (Via parameters may be quoted strings). */
function firstComma(s: string): number {
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x5c && quoted) i++;
    else if (c === 0x2c && !quoted) return i;
  }
  return s.length;
}

function seqOf(invite: SipRequest): number {
  return invite.cseq?.seq ?? 0;
}

/**
 * The ACK for a 300-699 response to `invite` (RFC 3261 17.1.1.3): To taken
 * from the response (with its tag), everything else from the INVITE.
 */
export function buildNon2xxAck(invite: SipRequest, response: SipResponse): SipRequest {
  return createRequest({
    method: 'ACK',
    uri: invite.requestUri,
    via: topVia(invite),
    maxForwards: invite.maxForwards ?? 70,
    to: response.header('to') ?? invite.header('to') ?? '',
    from: invite.header('from') ?? '',
    callId: invite.callId ?? invite.header('call-id') ?? '',
    cseq: { seq: seqOf(invite), method: 'ACK' },
    headers: routes(invite),
  });
}

/**
 * A CANCEL for `invite` (RFC 3261 9.1): same Request-URI, Call-ID, To, From
 * and CSeq number, the INVITE's top Via (same branch), its Route set; with
 * a Reason header (RFC 3326) when one is given.
 */
export function buildCancel(invite: SipRequest, reason?: string): SipRequest {
  const headers = routes(invite);
  if (reason !== undefined) headers.push({ name: 'Reason', value: reason });
  return createRequest({
    method: 'CANCEL',
    uri: invite.requestUri,
    via: topVia(invite),
    maxForwards: 70,
    to: invite.header('to') ?? '',
    from: invite.header('from') ?? '',
    callId: invite.callId ?? invite.header('call-id') ?? '',
    cseq: { seq: seqOf(invite), method: 'CANCEL' },
    headers,
  });
}
