/**
 * Transaction matching keys (RFC 3261 17.1.3 and 17.2.3). Client: branch
 * and CSeq method. Server: branch, sent-by and method, ACK counting as
 * INVITE. Requests whose branch lacks the magic cookie fall back to the
 * RFC 2543 rule: Request-URI, tags, Call-ID, CSeq and top Via.
 */

import type { Via } from '../headers/types.js';
import { formatVia } from '../headers/via.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';

export const BRANCH_MAGIC_COOKIE = 'z9hG4bK';

/** Whether a branch is an RFC 3261 one (the cookie alone does not identify anything: RFC 4475 3.2.1). */
export const isRfc3261Branch = (branch: string | undefined): branch is string =>
  branch !== undefined &&
  branch.length > BRANCH_MAGIC_COOKIE.length &&
  branch.startsWith(BRANCH_MAGIC_COOKIE);

const defaultPort = (transport: string): number => (transport === 'TLS' || transport === 'WSS' ? 5061 : 5060);

/** sent-by compared as host (case-insensitive) and port (default filled in). */
function sentBy(via: Via): string {
  return `${via.host.toLowerCase()}:${via.port ?? defaultPort(via.transport)}`;
}

/** The key of a client transaction from its request's top Via branch and method (17.1.3). */
export const clientKey = (branch: string, method: string): string => `${branch}\n${method}`;

/** The client key a response matches, or undefined when it has no top Via branch or CSeq. */
export function responseKey(response: SipResponse): string | undefined {
  const branch = response.via?.[0]?.branch;
  const method = response.cseq?.method;
  return branch === undefined || method === undefined ? undefined : clientKey(branch, method);
}

/** Server key of a request with an RFC 3261 branch; `method` is the one to match (ACK given as INVITE). */
export const serverKey = (branch: string, via: Via, method: string): string =>
  `${branch}\n${sentBy(via)}\n${method}`;

/**
 * The RFC 2543 key (17.2.3, last paragraph) without the To tag, which is
 * compared separately: for an ACK against the tag of the response sent,
 * otherwise against the tag of the original request.
 */
export function legacyKey(request: SipRequest, via: Via, method: string): string {
  const from = request.from?.tag ?? '';
  const seq = request.cseq?.seq ?? -1;
  return `${method}\n${request.requestUri}\n${from}\n${request.callId ?? ''}\n${seq}\n${formatVia(via)}`;
}

/** The To tag of a request, '' when absent. */
export const toTagOf = (request: SipRequest): string => request.to?.tag ?? '';
