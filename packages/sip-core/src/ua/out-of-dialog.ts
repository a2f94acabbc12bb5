/**
 * Requests outside a dialog (RFC 3261 8.1): built with a fresh Call-ID,
 * From tag and CSeq, routed through the pre-loaded route set (8.1.2,
 * loose or strict), sent to the next hop's destinations in RFC 3263 order
 * with failover on timeout, transport failure or 503 (RFC 3263 4.3), and
 * retried with credentials on 401/407 (RFC 3261 22.2).
 */
import type { AuthSession } from '../auth/auth-session.js';
import type { DestinationResolver, LocalAddressOf } from '../dialog/dialog.js';
import { initialCSeq, makeBranch, makeCallId, makeTag, type RandomBytes } from '../dialog/random.js';
import { formatNameAddr } from '../headers/index.js';
import type { NameAddr } from '../headers/types.js';
import { type FieldInit, type HeadersInit, toFields } from '../message/assemble.js';
import { createRequest } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { routeRequest } from '../resolve/next-hop.js';
import type { ClientFailure, TransactionLayerApi } from '../transaction/types.js';
import type { Destination } from '../transport/types.js';
import { formatUri } from '../uri/index.js';
import type { Uri } from '../uri/types.js';
import { UserAgentError } from './errors.js';

/** What sending needs from the user agent. */
export interface OutOfDialogContext {
  readonly transactions: TransactionLayerApi;
  readonly localAddress: LocalAddressOf;
  readonly resolve: DestinationResolver;
  readonly random: RandomBytes;
  readonly auth: AuthSession | undefined;
  /** Our Contact for a protocol, or undefined to leave it out. */
  readonly contact: (protocol: Destination['protocol']) => string | undefined;
  readonly userAgent: string | undefined;
}

export interface OutOfDialogRequest {
  readonly method: string;
  readonly target: Uri;
  /** From without tag (a tag is added). */
  readonly from: string;
  /** To; default the target. */
  readonly to?: string;
  readonly routeSet: readonly NameAddr[];
  readonly headers?: HeadersInit;
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
}

/** Methods that carry no Contact of ours (RFC 3428 for MESSAGE; PUBLISH has none to give). */
const NO_CONTACT = new Set(['MESSAGE', 'PUBLISH', 'CANCEL', 'ACK']);

type Attempt = { kind: 'response'; response: SipResponse } | { kind: 'failure'; failure: ClientFailure };

function attempt(ctx: OutOfDialogContext, request: SipRequest, destination: Destination): Promise<Attempt> {
  return new Promise((resolve) => {
    try {
      ctx.transactions.sendRequest(request, destination, {
        onResponse: (response) => {
          if (response.status >= 200) resolve({ kind: 'response', response });
        },
        onFailure: (failure) => resolve({ kind: 'failure', failure }),
      });
    } catch (error) {
      resolve({ kind: 'failure', failure: { kind: 'transport', error: error as Error } });
    }
  });
}

/** Sends a request outside any dialog; resolves with its final response. */
export async function sendOutOfDialog(
  ctx: OutOfDialogContext,
  init: OutOfDialogRequest,
): Promise<SipResponse> {
  const routing = routeRequest(init.target, init.routeSet);
  const destinations = await ctx.resolve(routing.nextHop);
  if (destinations.length === 0)
    throw new UserAgentError('no-destination', `no destination for ${formatUri(routing.nextHop)}`);
  const fixed = {
    callId: makeCallId(ctx.random),
    cseq: initialCSeq(ctx.random),
    from: `${init.from};tag=${makeTag(ctx.random)}`,
  };
  const build = (destination: Destination): SipRequest => {
    const local = ctx.localAddress(destination.protocol);
    if (local === undefined)
      throw new UserAgentError('transport', `no local address for ${destination.protocol}`);
    const headers: FieldInit[] = routing.route.map((r) => ({ name: 'Route', value: formatNameAddr(r) }));
    if (ctx.userAgent !== undefined) headers.push({ name: 'User-Agent', value: ctx.userAgent });
    headers.push(...toFields(init.headers));
    const contact = NO_CONTACT.has(init.method) ? undefined : ctx.contact(destination.protocol);
    return createRequest({
      method: init.method,
      uri: formatUri(routing.requestUri),
      via: `SIP/2.0/${destination.protocol.toUpperCase()} ${local.host}:${local.port};branch=${makeBranch(ctx.random)};rport`,
      from: fixed.from,
      to: init.to ?? `<${formatUri(init.target)}>`,
      callId: fixed.callId,
      cseq: fixed.cseq,
      ...(contact === undefined ? {} : { contact }),
      headers,
      ...(init.body === undefined ? {} : { body: init.body }),
      ...(init.contentType === undefined ? {} : { contentType: init.contentType }),
    });
  };
  let lastFailure: ClientFailure | undefined;
  for (const destination of destinations) {
    let request = build(destination);
    if (ctx.auth !== undefined) request = ctx.auth.authorize(request);
    for (;;) {
      const outcome = await attempt(ctx, request, destination);
      if (outcome.kind === 'failure') {
        lastFailure = outcome.failure;
        break;
      }
      const response = outcome.response;
      ctx.auth?.observe(response);
      if ((response.status === 401 || response.status === 407) && ctx.auth !== undefined) {
        try {
          request = await ctx.auth.retry(request, response);
          continue;
        } catch {
          return response; // no credentials, or refused (the AuthSession's loop guard)
        }
      }
      // RFC 3263 4.3: a 503 moves on to the next destination; the last 503 is the answer.
      if (response.status === 503 && destination !== destinations[destinations.length - 1]) break;
      return response;
    }
  }
  if (lastFailure?.kind === 'timeout')
    throw new UserAgentError('timeout', `${init.method}: no final response`);
  throw new UserAgentError(
    'transport',
    `${init.method}: ${lastFailure?.kind === 'transport' ? lastFailure.error.message : 'not sent'}`,
  );
}
