import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRequest, createResponse } from '../message/build.js';
import { withHeader, withoutHeader } from '../message/copies.js';
import { parseMessage } from '../message/parse-message.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { testRequest, transactionPair } from '../testing/index.js';
import { buildCancel } from './ack-cancel.js';

const fixture = (name: string): SipRequest => {
  const bytes = readFileSync(new URL(`../../fixtures/rfc4475/${name}`, import.meta.url));
  const r = parseMessage(new Uint8Array(bytes));
  if (!r.ok || r.message.kind !== 'request') throw new Error(`${name} does not parse as a request`);
  return r.message;
};

function server() {
  const p = transactionPair();
  p.aliceLayer.close();
  const got: SipResponse[] = [];
  p.alice.onMessage((m) => {
    if (m.message.kind === 'response') got.push(m.message);
  });
  const send = (m: SipRequest) => {
    void p.alice.sendRequest(m, p.toBob);
    p.clock.advance(0);
  };
  return { ...p, got, send };
}

/** An RFC 2543 ACK: the INVITE's Via, Request-URI, From, Call-ID and CSeq number; To from the response. */
function legacyAck(invite: SipRequest, toValue: string): SipRequest {
  return createRequest({
    method: 'ACK',
    uri: invite.requestUri,
    via: invite.headers('via')[0]!,
    from: invite.header('from')!,
    to: toValue,
    callId: invite.callId!,
    cseq: invite.cseq!.seq,
  });
}

describe('server transaction matching (RFC 3261 17.2.3)', () => {
  it('matches RFC 2543 requests without a branch (RFC 4475 inv2543): retransmission, CANCEL, ACK', () => {
    const s = server();
    const invite = fixture('inv2543.dat');
    expect(invite.via?.[0]?.branch).toBeUndefined();
    s.send(invite);
    const tx = s.bobCore.last!;
    expect(tx.request.callId).toBe('inv2543.1717@ift.client.example.com');
    tx.respond(createResponse(tx.request, 180, undefined, { toTag: 'gw' }));
    s.send(invite);
    expect(s.got.map((r) => r.status)).toEqual([180, 180]);
    expect(s.bobCore.transactions).toHaveLength(1);

    s.send(buildCancel(invite));
    expect(s.bobCore.cancels).toHaveLength(1);
    expect(s.got.at(-1)).toMatchObject({ status: 200, to: { tag: 'gw' } });

    tx.respond(createResponse(tx.request, 487, undefined, { toTag: 'gw' }));
    const to = s.got.at(-1)!.header('to')!;
    // An ACK whose To tag is not the tag of the response matches nothing.
    s.send(legacyAck(invite, `${invite.header('to')};tag=other`));
    expect(tx.state).toBe('completed');
    expect(s.bobCore.strayAcks).toHaveLength(1);
    s.send(legacyAck(invite, to));
    expect(tx.state).toBe('confirmed');
    expect(s.bobCore.transactions).toHaveLength(1);
  });

  it.each([
    ['Call-ID', (r: SipRequest) => withHeader(r, 'Call-ID', 'other@x')],
    ['CSeq', (r: SipRequest) => withHeader(r, 'CSeq', '57 INVITE')],
    ['From tag', (r: SipRequest) => withHeader(r, 'From', `${r.header('from')};tag=f`)],
    ['To tag', (r: SipRequest) => withHeader(r, 'To', `${r.header('to')};tag=t`)],
    ['Request-URI', (r: SipRequest) => createRequestLike(r, 'sip:other@example.com')],
    ['top Via', (r: SipRequest) => withHeader(r, 'Via', 'SIP/2.0/UDP iftgw2.example.com')],
  ])('treats an RFC 2543 INVITE with another %s as a new transaction', (_name, change) => {
    const s = server();
    const invite = fixture('inv2543.dat');
    s.send(invite);
    s.send(change(invite));
    expect(s.bobCore.transactions).toHaveLength(2);
  });

  it('falls back to RFC 2543 matching for a bare magic cookie branch (RFC 4475 badbranch)', () => {
    const s = server();
    const options = fixture('badbranch.dat');
    expect(options.via?.[0]?.branch).toBe('z9hG4bK');
    s.send(options);
    s.send(options);
    expect(s.bobCore.transactions).toHaveLength(1);
    s.send(withHeader(options, 'CSeq', '9 OPTIONS'));
    expect(s.bobCore.transactions).toHaveLength(2);
  });

  it('matches RFC 3261 requests by branch, sent-by and method', () => {
    const s = server();
    const a = { address: '192.0.2.1', port: 5060 };
    const base = testRequest({ from: a, branch: 'z9hG4bK-same' });
    s.send(base);
    // Same branch from another sent-by: another client, another transaction.
    s.send(testRequest({ from: { address: '192.0.2.1', port: 5070 }, branch: 'z9hG4bK-same' }));
    // Same branch and sent-by, another method.
    s.send(testRequest({ from: a, branch: 'z9hG4bK-same', method: 'INFO' }));
    expect(s.bobCore.transactions).toHaveLength(3);
    // A retransmission with other Call-ID and tags still matches (only branch, sent-by, method count).
    s.send(withHeader(withHeader(base, 'Call-ID', 'changed'), 'From', '<sip:x@y>;tag=zz'));
    // sent-by without port equals the default port 5060; the host compares case-insensitively.
    s.send(withHeader(base, 'Via', 'SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-same'));
    expect(s.bobCore.transactions).toHaveLength(3);
  });

  it('drops a request without Via: nothing can answer it', () => {
    const s = server();
    s.send(withoutHeader(testRequest(), 'Via'));
    expect(s.bobCore.transactions).toEqual([]);
    expect(s.got).toEqual([]);
  });
});

describe('client transaction matching (RFC 3261 17.1.3)', () => {
  /** Where alice sends responses to bob from, as a UDP source. */
  const toBob = (p: ReturnType<typeof transactionPair>) => ({
    protocol: 'udp' as const,
    remoteAddress: p.bob.address,
    remotePort: p.alice.port,
    localAddress: p.bob.address,
    localPort: p.bob.port,
    flowId: 'x',
  });

  it('hands responses that match no transaction to the core as stray responses', () => {
    const p = transactionPair();
    const r = testRequest({ from: { address: p.bob.address, port: p.bob.port } });
    void p.alice.sendResponse(createResponse(r, 200), toBob(p));
    void p.alice.sendResponse(withoutHeader(createResponse(r, 404), 'CSeq'), toBob(p));
    p.clock.advance(0);
    expect(p.bobCore.strayResponses.map((s) => s.response.status)).toEqual([200, 404]);
  });

  it('discards a response with a malformed header line (RFC 3261 18.1.2)', () => {
    const p = transactionPair();
    const r = testRequest({ from: { address: p.bob.address, port: p.bob.port } });
    const source = toBob(p);
    const text = createResponse(r, 404).toString();
    const [first, ...rest] = text.split('\r\n');
    for (const bad of ['Bad Name: x', 'Subject: a\rb']) {
      const parsed = parseMessage([first, bad, ...rest].join('\r\n'));
      if (!parsed.ok || parsed.message.kind !== 'response')
        throw new Error('the test response does not parse');
      void p.alice.sendResponse(parsed.message, source);
    }
    void p.alice.sendResponse(createResponse(r, 200), source);
    p.clock.advance(0);
    expect(p.bobCore.strayResponses.map((s) => s.response.status)).toEqual([200]);
  });

  it('keeps an INVITE and the CANCEL sharing its branch apart by CSeq method', () => {
    const p = transactionPair();
    const invite = p.aliceRequest({ method: 'INVITE' });
    const tx = p.aliceLayer.sendRequest(invite, p.toBob, { onResponse: () => {} });
    const cancel = buildCancel(invite);
    const ctx = p.aliceLayer.sendRequest(cancel, p.toBob, { onResponse: () => {} });
    expect(ctx.id).not.toBe(tx.id);
    expect(p.aliceLayer.size.clients).toBe(2);
  });
});

function createRequestLike(r: SipRequest, uri: string): SipRequest {
  const text = r.toString().replace(r.requestUri, uri);
  const parsed = parseMessage(text);
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('bad copy');
  return parsed.message;
}
