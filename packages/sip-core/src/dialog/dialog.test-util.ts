/** Messages and contexts for the dialog tests. */
import { parseNameAddr } from '../headers/index.js';
import type { NameAddr } from '../headers/types.js';
import { parseMessage } from '../message/parse-message.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { DialogContext } from './dialog.js';

/** Parses a message written with \n line ends (made CRLF here). */
export function msg(text: string): SipRequest | SipResponse {
  const r = parseMessage(`${text.trim().split('\n').join('\r\n')}\r\n\r\n`);
  if (!r.ok) throw new Error(`test message does not parse: ${r.error.reason}`);
  return r.message;
}

export const req = (text: string): SipRequest => msg(text) as SipRequest;
export const res = (text: string): SipResponse => msg(text) as SipResponse;

export function nameAddr(text: string): NameAddr {
  const r = parseNameAddr(text);
  if (!r.ok) throw new Error(r.error.reason);
  return r.value;
}

/** Counting bytes, so branches and CSeqs are deterministic. */
export function countingRandom(): (n: number) => Uint8Array {
  let k = 0;
  return (n) => Uint8Array.from({ length: n }, () => k++ & 255);
}

export const context = (over: Partial<DialogContext> = {}): DialogContext => ({
  localContact: nameAddr('<sip:alice@127.0.0.1:5070>'),
  localAddress: (protocol) => ({ protocol, host: '127.0.0.1', port: protocol === 'udp' ? 5070 : 5071 }),
  random: countingRandom(),
  ...over,
});

/** Alice's INVITE to Bob, and pieces of Bob's answers. */
export const INVITE = `INVITE sip:bob@example.com SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKinv1
Max-Forwards: 70
From: "Alice" <sip:alice@example.com>;tag=a1
To: <sip:bob@example.com>
Call-ID: c1@example.com
CSeq: 10 INVITE
Contact: <sip:alice@127.0.0.1:5070>
Record-Route: <sip:p2.example.com;lr>, <sip:p1.example.com;lr>
Content-Length: 0`;

export const answer = (status: string, toTag: string, extra = ''): SipResponse =>
  res(`SIP/2.0 ${status}
Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKinv1
From: "Alice" <sip:alice@example.com>;tag=a1
To: <sip:bob@example.com>;tag=${toTag}
Call-ID: c1@example.com
CSeq: 10 INVITE
${extra}Content-Length: 0`);
