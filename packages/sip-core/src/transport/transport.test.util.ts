/** Helpers of the transport tests (not exported from the package). */
import { readFileSync } from 'node:fs';
import { createRequest } from '../message/build.js';
import type { SipRequest } from '../message/sip-message.js';
import type { SipTransportLayer } from './sip-transport-layer.js';
import type { Incoming, LocalAddress, TransportProtocol, Unparseable } from './types.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/tls/${name}`, import.meta.url), 'utf8');

/** The test CA and the server certificate it signed (localhost, 127.0.0.1, ::1). */
export const TLS = { ca: fixture('ca.pem'), cert: fixture('server.pem'), key: fixture('server.key') };

/** Resolves with the next message the layer hands up, or rejects after `ms`. */
export function nextMessage(layer: SipTransportLayer, ms = 3000): Promise<Incoming> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      off();
      reject(new Error('no message in time'));
    }, ms);
    const off = layer.onMessage((m) => {
      clearTimeout(t);
      off();
      resolve(m);
    });
  });
}

/** Resolves with the next unparseable report, or rejects after `ms`. */
export function nextUnparseable(layer: SipTransportLayer, ms = 3000): Promise<Unparseable> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      off();
      reject(new Error('no report in time'));
    }, ms);
    const off = layer.onUnparseable((m) => {
      clearTimeout(t);
      off();
      resolve(m);
    });
  });
}

let n = 0;

/** An OPTIONS request whose Via names `via` (or a given sent-by text) over `protocol`. */
export function options(
  via: LocalAddress | string,
  protocol: TransportProtocol,
  extra: { rport?: boolean; body?: string; target?: string } = {},
): SipRequest {
  const sentBy = typeof via === 'string' ? via : `${via.host}:${via.port}`;
  n++;
  return createRequest({
    method: 'OPTIONS',
    uri: extra.target ?? 'sip:bob@example.com',
    from: `<sip:alice@example.com>;tag=a${n}`,
    to: '<sip:bob@example.com>',
    callId: `call-${n}-${Date.now()}`,
    cseq: n,
    via: `SIP/2.0/${protocol.toUpperCase()} ${sentBy};branch=z9hG4bKtest${n}${extra.rport ? ';rport' : ''}`,
    ...(extra.body !== undefined ? { body: extra.body, contentType: 'text/plain' } : {}),
  });
}

/** Waits until `cond` holds, polling, for at most `ms`. */
export async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
