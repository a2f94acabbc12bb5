/**
 * Building and sending responses of a session's server transactions, with
 * the headers a UA adds to them (Contact for dialog-forming and target
 * refresh 2xx, RFC 3261 12.1.1 and 12.2.2; Allow and Supported, 20.5, 20.37).
 */
import type { FieldInit } from '../message/assemble.js';
import { createResponse } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { ServerTransaction } from '../transaction/types.js';
import { wantsSipsContact } from './contact-scheme.js';
import type { SessionContext } from './context.js';
import type { Body } from './types.js';

export interface ResponseInit {
  readonly reason?: string;
  readonly body?: Body;
  readonly headers?: readonly FieldInit[];
  /** Our To tag (dialog-forming responses). */
  readonly toTag?: string;
  /** Add Contact (1xx/2xx to INVITE, 2xx to UPDATE). */
  readonly contact?: boolean;
}

/** Option tags we put into Supported (RFC 3261 20.37). */
export function supportedTags(ctx: SessionContext): string {
  const tags = ['timer'];
  if (ctx.reliableProvisional !== 'disabled') tags.unshift('100rel');
  return tags.join(', ');
}

/** A response to `request` with the session's usual headers. */
export function buildResponse(
  ctx: SessionContext,
  request: SipRequest,
  status: number,
  init: ResponseInit = {},
): SipResponse {
  const headers: FieldInit[] = [];
  if (init.contact === true)
    headers.push({ name: 'Contact', value: ctx.contact(viaProtocol(request), wantsSipsContact(request)) });
  if ((status >= 200 && status < 300) || status === 405 || (status > 100 && status < 200)) {
    headers.push({ name: 'Allow', value: ctx.allow.join(', ') });
  }
  if (request.method === 'INVITE' && status < 300 && status > 100)
    headers.push({ name: 'Supported', value: supportedTags(ctx) });
  headers.push(...(init.headers ?? []));
  // RFC 3261 12.1.1: a response that establishes a dialog copies every Record-Route
  // value of the request, in order, so the caller learns the route set (proxies stay in the path).
  if (status > 100 && status < 300 && request.to?.tag === undefined) {
    for (const value of request.headers('record-route')) headers.push({ name: 'Record-Route', value });
  }
  return createResponse(request, status, init.reason, {
    ...(init.toTag === undefined ? {} : { toTag: init.toTag }),
    headers,
    ...(init.body === undefined ? {} : { body: init.body.body, contentType: init.body.contentType }),
  });
}

/** Sends a response, ignoring a transaction that ended meanwhile. */
export function respond(
  ctx: SessionContext,
  tx: ServerTransaction,
  status: number,
  init: ResponseInit = {},
): SipResponse {
  const response = buildResponse(ctx, tx.request, status, init);
  send(ctx, tx, response);
  return response;
}

export function send(ctx: SessionContext, tx: ServerTransaction, response: SipResponse): void {
  try {
    tx.respond(response);
  } catch (error) {
    ctx.log.debug(`session: response ${response.status} not sent: ${(error as Error).message}`);
  }
}

/** The transport protocol of the request's top Via, for our Contact. */
function viaProtocol(request: SipRequest): 'udp' | 'tcp' | 'tls' | 'ws' | 'wss' {
  const t = request.via?.[0]?.transport.toLowerCase();
  return t === 'tcp' || t === 'tls' || t === 'ws' || t === 'wss' ? t : 'udp';
}
