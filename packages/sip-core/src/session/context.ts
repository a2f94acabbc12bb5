/**
 * What a session needs from the stack (the session layer provides it), and
 * the sending of requests through the transaction layer with digest retry
 * (RFC 3261 22.2) and with failures turned into 408/503 (8.1.3.1, 17.1.1.2).
 */
import type { AuthSession } from '../auth/auth-session.js';
import type { DialogContext } from '../dialog/dialog.js';
import type { FieldInit } from '../message/assemble.js';
import { createResponse } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { Clock } from '../time/clock.js';
import type {
  ClientTransaction,
  ServerTransaction,
  TimerValues,
  TransactionLayerApi,
} from '../transaction/types.js';
import type { Destination } from '../transport/types.js';
import type { Uri } from '../uri/types.js';
import type { SessionRandom as RandomBytes } from './ids.js';
import type { SessionDialog } from './session-dialog.js';
import type { Body, ReliableProvisionalMode, SessionLogger } from './types.js';

/** Resolved session timer settings (RFC 4028). */
export interface SessionTimerSettings {
  readonly expires: number;
  readonly minSe: number;
  readonly refresher: 'uac' | 'uas' | undefined;
  readonly preferUpdate: boolean;
}

/** The side of a session that handles requests of its dialogs. */
export interface DialogOwner {
  /** Whether the owner takes requests of this method (others go to the dialog's next usage). */
  handles(method: string): boolean;
  /** A request in one of the owner's dialogs (not ACK). */
  receiveRequest(dialog: SessionDialog, tx: ServerTransaction): void;
  /** An ACK in one of the owner's dialogs (RFC 3261 13.3.1.4). */
  receiveAck(dialog: SessionDialog, ack: SipRequest): void;
  /** A 2xx to an INVITE that arrived after its transaction ended (retransmission or fork). */
  receiveStrayResponse(response: SipResponse): void;
}

/** The stack as a session sees it. */
export interface SessionContext {
  readonly transactions: TransactionLayerApi;
  readonly clock: Clock;
  readonly random: RandomBytes;
  readonly timers: TimerValues;
  readonly log: SessionLogger;
  readonly auth: AuthSession | undefined;
  readonly reliableProvisional: ReliableProvisionalMode;
  readonly sessionTimer: SessionTimerSettings;
  /** Methods for Allow (RFC 3261 20.5). */
  readonly allow: readonly string[];
  /** What the shared Dialog needs to build our requests over `protocol` (Contact, Via sent-by). */
  dialogContext(protocol: Destination['protocol'], sips?: boolean): DialogContext;
  /** A top Via for a new request to `destination`, with a fresh branch. */
  via(destination: Destination): string;
  /**
   * Our Contact for a dialog over `protocol`; over TLS `sips:` unless `sips` is false
   * (then `sip:...;transport=tls`, contact-scheme.ts).
   */
  contact(protocol: Destination['protocol'], sips?: boolean): string;
  /** Where to send a request whose next hop is `uri` (RFC 3263). */
  resolve(uri: Uri): Promise<Destination>;
  /** Routes requests, ACKs and stray 2xx of `dialog` to `owner` from now on. */
  attach(dialog: SessionDialog, owner: DialogOwner): void;
  detach(dialog: SessionDialog): void;
}

/** The outcome of a request: its final response (synthesized for a timeout or transport failure). */
export interface Outcome {
  readonly request: SipRequest;
  readonly response: SipResponse;
  /** True when the response is a 408/503 made here, not received. */
  readonly synthetic: boolean;
}

/** Hooks while a request is in progress. */
export interface TransactHooks {
  /** Each response the transaction passes up (provisional, final, 2xx retransmissions). */
  onResponse?(response: SipResponse, request: SipRequest): void;
  /** The client transaction (again after each auth retry), for CANCEL. */
  onTransaction?(tx: ClientTransaction): void;
  /** A new request replaced the last (auth retry). */
  onRetry?(request: SipRequest): void;
  /** Builds the request again for an authenticated retry (in-dialog: next CSeq from the dialog). */
  rebuild?(): SipRequest;
}

/** Authenticated retries of one request at most (the AuthSession also stops refused realms). */
const MAX_AUTH_ROUNDS = 3;

/**
 * Sends `request` in a client transaction; on 401/407 answers the challenge
 * once per realm through the AuthSession and sends again. Resolves with the
 * first final response of the last attempt.
 */
export async function transact(
  ctx: SessionContext,
  request: SipRequest,
  destination: Destination,
  hooks: TransactHooks = {},
): Promise<Outcome> {
  let current = ctx.auth === undefined ? request : ctx.auth.authorize(request);
  for (let round = 0; ; round++) {
    const outcome = await once(ctx, current, destination, hooks);
    const status = outcome.response.status;
    if (outcome.synthetic || (status !== 401 && status !== 407) || ctx.auth === undefined) return outcome;
    if (round >= MAX_AUTH_ROUNDS) return outcome;
    let next: SipRequest;
    try {
      next = await ctx.auth.retry(current, outcome.response);
    } catch (error) {
      ctx.log.info(`session: ${current.method} not authorized: ${(error as Error).message}`);
      return outcome;
    }
    // In a dialog the dialog makes the retry (its CSeq), with the credentials just learned.
    if (hooks.rebuild !== undefined) next = ctx.auth.authorize(hooks.rebuild());
    hooks.onRetry?.(next);
    current = next;
  }
}

function once(
  ctx: SessionContext,
  request: SipRequest,
  destination: Destination,
  hooks: TransactHooks,
): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    let done = false;
    const finish = (response: SipResponse, synthetic: boolean): void => {
      if (done) return;
      done = true;
      resolve({ request, response, synthetic });
    };
    try {
      const tx = ctx.transactions.sendRequest(request, destination, {
        onResponse(response) {
          hooks.onResponse?.(response, request);
          if (response.status >= 200) finish(response, false);
        },
        onFailure(failure) {
          // RFC 3261 8.1.3.1 / 17.1.1.2: a timeout is a 408, a transport failure a 503.
          finish(
            failure.kind === 'timeout'
              ? createResponse(request, 408, 'Request Timeout')
              : createResponse(request, 503, 'Transport Failure'),
            true,
          );
        },
      });
      hooks.onTransaction?.(tx);
    } catch (error) {
      ctx.log.warn(`session: cannot send ${request.method}: ${(error as Error).message}`);
      finish(createResponse(request, 503, 'Transport Failure'), true);
    }
  });
}

/**
 * Sends a request in `dialog` (RFC 3261 12.2.1.1). An authenticated retry
 * is built again by the dialog (next CSeq, new branch) with credentials, so
 * the dialog's CSeq stays in step (22.2).
 */
export async function sendInDialog(
  ctx: SessionContext,
  dialog: SessionDialog,
  init: {
    method: string;
    headers?: readonly FieldInit[];
    body?: Body;
    cseq?: number;
  },
  hooks: TransactHooks = {},
): Promise<Outcome> {
  let destination: Destination;
  try {
    destination = await ctx.resolve(dialog.nextHop());
  } catch (error) {
    ctx.log.warn(`session: cannot resolve next hop of ${init.method}: ${(error as Error).message}`);
    destination = { protocol: 'udp', address: '0.0.0.0', port: 0 };
    const request = build(ctx, dialog, init, destination);
    return { request, response: createResponse(request, 503, 'Not Resolved'), synthetic: true };
  }
  const rebuild = (): SipRequest => build(ctx, dialog, init, destination);
  return transact(ctx, rebuild(), destination, init.cseq === undefined ? { ...hooks, rebuild } : hooks);
}

function build(
  ctx: SessionContext,
  dialog: SessionDialog,
  init: { method: string; headers?: readonly FieldInit[]; body?: Body; cseq?: number },
  destination: Destination,
): SipRequest {
  return dialog.request({
    method: init.method,
    protocol: destination.protocol,
    ...(init.cseq === undefined ? {} : { cseq: init.cseq }),
    headers: [...(init.headers ?? []), { name: 'Allow', value: ctx.allow.join(', ') }],
    ...(init.body === undefined ? {} : { body: init.body.body, contentType: init.body.contentType }),
  });
}
