/**
 * One non-INVITE request to its final response: the next hop resolved
 * (RFC 3263), destinations tried in order on transport failure or 503
 * (RFC 3263 section 4.3), 401/407 answered through the AuthSession
 * (RFC 3261 22.2), a timeout or transport failure turned into the 408 or 503
 * the TU acts on (RFC 3261 8.1.3.1).
 */
import { createResponse } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { ClientFailure } from '../transaction/types.js';
import type { Destination } from '../transport/types.js';
import { hasUriParam, isSipUri } from '../uri/format.js';
import type { Uri } from '../uri/types.js';
import type { EventsContext } from './context.js';

/** The final exchange of a request: what was last sent and what came back. */
export interface Exchange {
  /** The request last sent (after authentication retries: a higher CSeq). */
  readonly request: SipRequest;
  readonly response: SipResponse;
  /** True when the response was made locally for a timeout or transport failure. */
  readonly local: boolean;
}

/** Options of {@link sendRequest}. */
export interface SendOptions {
  /** Skip resolution: send to these. */
  readonly destinations?: readonly Destination[];
  /** Builds the request again for a retry (in-dialog requests: next CSeq of the dialog). */
  readonly rebuild?: () => SipRequest;
  /** Told of each request before it is sent (the first and every retry). */
  readonly onAttempt?: (request: SipRequest) => void;
}

/** Authentication retries per request before the challenge is passed up. */
const MAX_AUTH_ROUNDS = 3;

/** The URI whose destinations carry the request: a loose-routing first Route, else the Request-URI. */
export function nextHopOf(request: SipRequest): Uri | undefined {
  const route = request.get('route')?.[0];
  if (route !== undefined && isSipUri(route.uri) && hasUriParam(route.uri, 'lr')) return route.uri;
  return request.uri ?? undefined;
}

function once(
  ctx: EventsContext,
  request: SipRequest,
  to: Destination,
): Promise<SipResponse | ClientFailure> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: SipResponse | ClientFailure): void => {
      if (!done) {
        done = true;
        resolve(r);
      }
    };
    try {
      ctx.transactions.sendRequest(request, to, {
        onResponse: (response) => {
          if (response.status >= 200) finish(response);
        },
        onFailure: finish,
      });
    } catch (error) {
      finish({ kind: 'transport', error: error instanceof Error ? error : new Error(String(error)) });
    }
  });
}

/** Sends to each destination in turn until one answers with something else than 503 (RFC 3263 4.3). */
async function toFirstAnswer(
  ctx: EventsContext,
  request: SipRequest,
  destinations: readonly Destination[],
): Promise<Exchange> {
  let last: Exchange = { request, response: createResponse(request, 503, 'No Destination'), local: true };
  for (const to of destinations) {
    const r = await once(ctx, request, to);
    if ('status' in r) {
      last = { request, response: r, local: false };
      if (r.status !== 503) return last;
    } else {
      const status = r.kind === 'timeout' ? 408 : 503;
      last = { request, response: createResponse(request, status), local: true };
      if (r.kind === 'timeout') return last;
    }
  }
  return last;
}

/**
 * Sends `request` (authorized first when the context has an AuthSession) and
 * resolves with the final exchange; never rejects for protocol outcomes.
 */
export async function sendRequest(
  ctx: EventsContext,
  request: SipRequest,
  options: SendOptions = {},
): Promise<Exchange> {
  const destinations = options.destinations;
  let req = ctx.auth?.authorize(request) ?? request;
  for (let round = 0; ; round++) {
    let dests = destinations;
    if (dests === undefined) {
      const hop = nextHopOf(req);
      dests = hop === undefined ? [] : await ctx.resolve(hop).catch(() => []);
    }
    options.onAttempt?.(req);
    const exchange = await toFirstAnswer(ctx, req, dests);
    const status = exchange.response.status;
    if ((status === 401 || status === 407) && ctx.auth !== undefined && round < MAX_AUTH_ROUNDS) {
      try {
        const next = await ctx.auth.retry(req, exchange.response);
        // In a dialog the CSeq must come from the dialog (RFC 3261 12.2.1.1): build anew, credentials added.
        req = options.rebuild === undefined ? next : ctx.auth.authorize(options.rebuild());
        continue;
      } catch (error) {
        ctx.logger?.info(`${req.method}: ${status} not answered (${(error as Error).message})`);
        return exchange;
      }
    }
    if (status >= 200 && status < 300) ctx.auth?.observe(exchange.response);
    return exchange;
  }
}
