/**
 * Request builders and message predicates for tests: real messages built by
 * createRequest, with a fresh RFC 3261 branch unless one is given.
 */
import type { HeadersInit } from '../message/assemble.js';
import { createRequest } from '../message/build.js';
import type { SipMessage, SipRequest } from '../message/sip-message.js';
import type { TransportProtocol } from '../transport/types.js';
import type { MessagePredicate } from './link-controls.js';

let branchCounter = 0;

/** A fresh branch with the RFC 3261 magic cookie (section 8.1.1.7), unique within the process. */
export function testBranch(): string {
  branchCounter++;
  return `z9hG4bK-test-${branchCounter.toString(16).padStart(6, '0')}`;
}

/** Where a test request comes from: an endpoint or any address and port. */
export interface RequestOrigin {
  readonly address: string;
  readonly port: number;
}

export interface TestRequestOptions {
  readonly method?: string;
  readonly uri?: string;
  /** Sender whose address goes into Via sent-by and From (default 127.0.0.1:5060). */
  readonly from?: RequestOrigin;
  readonly protocol?: TransportProtocol;
  /** Top Via branch; default a fresh magic-cookie branch. `null` leaves the branch out (RFC 2543 style). */
  readonly branch?: string | null;
  readonly callId?: string;
  readonly cseq?: number;
  readonly fromTag?: string;
  readonly toTag?: string;
  readonly rport?: boolean;
  readonly headers?: HeadersInit;
  readonly body?: string;
  readonly contentType?: string;
}

let callCounter = 0;

/** A well-formed request (RFC 3261 8.1.1) for tests; every field can be overridden. */
export function testRequest(options: TestRequestOptions = {}): SipRequest {
  const method = options.method ?? 'OPTIONS';
  const origin = options.from ?? { address: '127.0.0.1', port: 5060 };
  const host = origin.address.includes(':') ? `[${origin.address}]` : origin.address;
  const protocol = (options.protocol ?? 'udp').toUpperCase();
  const branch = options.branch === undefined ? testBranch() : options.branch;
  const params = `${branch === null ? '' : `;branch=${branch}`}${options.rport === true ? ';rport' : ''}`;
  callCounter++;
  const toTag = options.toTag === undefined ? '' : `;tag=${options.toTag}`;
  return createRequest({
    method,
    uri: options.uri ?? 'sip:bob@example.com',
    via: `SIP/2.0/${protocol} ${host}:${origin.port}${params}`,
    from: `<sip:alice@example.com>;tag=${options.fromTag ?? `ft${callCounter}`}`,
    to: `<sip:bob@example.com>${toTag}`,
    callId: options.callId ?? `call-${callCounter}@test.invalid`,
    cseq: options.cseq ?? 1,
    contact: method === 'INVITE' ? `<sip:alice@${host}:${origin.port}>` : undefined,
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
  });
}

/** Matches requests of a method (any request when omitted). */
export const isRequest =
  (method?: string): MessagePredicate =>
  (m: SipMessage) =>
    m.kind === 'request' && (method === undefined || m.method === method);

/** Matches responses with a status in [low, high] (one status when `high` is omitted), any response when both are omitted. */
export const isResponse =
  (low?: number, high: number | undefined = low): MessagePredicate =>
  (m: SipMessage) =>
    m.kind === 'response' && (low === undefined || (m.status >= low && m.status <= (high ?? low)));
