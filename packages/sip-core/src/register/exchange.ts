/**
 * One REGISTER exchange: resolve the next hop, send, answer 401/407 through
 * the AuthSession, and fail over to the next destination on a timeout, a
 * transport error or a 503 (RFC 3263 section 4.3).
 */
import type { AuthSession } from '../auth/auth-session.js';
import { AuthError } from '../auth/errors.js';
import type { AuthLogger, RandomBytes } from '../auth/logger.js';
import { newBranch } from '../auth/request-copy.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { TransactionLayerApi } from '../transaction/types.js';
import type { Destination, LocalAddress, TransportProtocol } from '../transport/types.js';
import type { Uri } from '../uri/types.js';
import { transact } from './transact.js';
import type { RegistrationFailure, ResolveTarget } from './types.js';

/** What an exchange needs from its registration. */
export interface ExchangeContext {
  readonly transactions: TransactionLayerApi;
  readonly resolveTarget: ResolveTarget;
  readonly localAddress: (protocol: TransportProtocol) => LocalAddress | undefined;
  readonly auth: AuthSession;
  readonly random: RandomBytes;
  readonly logger: AuthLogger;
  /** The URI to resolve: the outbound proxy or the registrar. */
  readonly target: Uri;
  /** The next CSeq number; the exchange advances it. */
  cseq: number;
  /** Where the last exchange got a final answer: tried first next time, so refreshes stay with that server. */
  preferred?: Destination;
}

const sameDestination = (a: Destination, b: Destination): boolean =>
  a.protocol === b.protocol && a.address === b.address && a.port === b.port;

/** The resolved destinations with the preferred one moved to the front, when it is among them. */
function ordered(list: readonly Destination[], preferred: Destination | undefined): readonly Destination[] {
  if (preferred === undefined) return list;
  const i = list.findIndex((d) => sameDestination(d, preferred));
  return i <= 0 ? list : [list[i]!, ...list.slice(0, i), ...list.slice(i + 1)];
}

export type ExchangeResult =
  | { readonly ok: true; readonly response: SipResponse; readonly request: SipRequest }
  | { readonly ok: false; readonly failure: RegistrationFailure; readonly response?: SipResponse };

/** Builds the request for one attempt from a Via value, the CSeq and our local address. */
export type BuildRegister = (via: string, cseq: number, local: LocalAddress) => SipRequest;

const hostPort = (l: LocalAddress): string => `${l.host}:${l.port}`;

/** Runs one exchange; never rejects. */
export async function exchange(ctx: ExchangeContext, build: BuildRegister): Promise<ExchangeResult> {
  let destinations: readonly Destination[];
  try {
    destinations = await ctx.resolveTarget(ctx.target);
  } catch (error) {
    ctx.logger.warn(`register: resolving the registrar failed: ${String(error)}`);
    return { ok: false, failure: { kind: 'no-destination' } };
  }
  let last: ExchangeResult = { ok: false, failure: { kind: 'no-destination' } };
  for (const dest of ordered(destinations, ctx.preferred)) {
    const local = ctx.localAddress(dest.protocol);
    if (local === undefined) continue;
    const via = `SIP/2.0/${dest.protocol.toUpperCase()} ${hostPort(local)};branch=${newBranch(ctx.random)};rport`;
    let request = ctx.auth.authorize(build(via, ctx.cseq, local));
    ctx.cseq = (request.cseq?.seq ?? ctx.cseq) + 1;
    for (;;) {
      const outcome = await transact(ctx.transactions, request, dest);
      if (outcome.kind === 'failure') {
        const f = outcome.failure;
        last = {
          ok: false,
          failure:
            f.kind === 'timeout' ? { kind: 'timeout' } : { kind: 'transport', message: f.error.message },
        };
        ctx.logger.info(
          `register: ${f.kind} towards ${dest.address}:${dest.port}, trying the next destination`,
        );
        break;
      }
      const response = outcome.response;
      if (response.status === 401 || response.status === 407) {
        try {
          request = await ctx.auth.retry(request, response);
          ctx.cseq = (request.cseq?.seq ?? ctx.cseq) + 1;
          continue;
        } catch (error) {
          // A failing credential callback counts as giving no credentials.
          const code = error instanceof AuthError ? error.code : 'no-credentials';
          ctx.logger.warn(`register: authentication failed (${code})`);
          return { ok: false, failure: { kind: 'auth', code, status: response.status }, response };
        }
      }
      if (response.status === 503) {
        last = { ok: false, failure: statusFailure(response), response };
        break;
      }
      ctx.auth.observe(response);
      ctx.preferred = dest;
      if (response.status >= 300) return { ok: false, failure: statusFailure(response), response };
      return { ok: true, response, request };
    }
  }
  return last;
}

export const statusFailure = (r: SipResponse): RegistrationFailure => ({
  kind: 'status',
  status: r.status,
  phrase: r.reason,
});
