import { describe, expect, it } from 'vitest';
import { createResponse } from '../message/build.js';
import type { SipRequest } from '../message/sip-message.js';
import { isRequest, isResponse, RecordingClientUser, transactionPair } from '../testing/index.js';
import type { ServerTransaction } from './types.js';

const flush = () => new Promise<void>((r) => setTimeout(r, 0));
const sentRequests = (p: ReturnType<typeof transactionPair>, method: string) =>
  p.network
    .records((r) => r.from === p.alice.key && isRequest(method)(r.message))
    .map((r) => r.message as SipRequest);

describe('INVITE client transaction (RFC 3261 17.1.1, RFC 6026 7.2)', () => {
  it.each([
    // Timer A: T1, doubling without a cap; Timer B: 64*T1 (17.1.1.2).
    { timers: {}, sends: [0, 500, 1500, 3500, 7500, 15500, 31500], b: 32000 },
    { timers: { t1: 200 }, sends: [0, 200, 600, 1400, 3000, 6200, 12600], b: 12800 },
  ])('retransmits with Timer A on $timers and times out at Timer B', ({ timers, sends, b }) => {
    const p = transactionPair({ timers });
    p.network.link(p.alice, p.bob).drop({ where: isRequest() });
    const user = new RecordingClientUser(p.clock);
    const tx = p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, user);
    expect(tx.state).toBe('calling');
    p.clock.advance(b - 1);
    expect(p.sendTimes(p.alice, isRequest('INVITE'))).toEqual(sends);
    expect(user.terminated).toBe(false);
    p.clock.advance(1);
    expect(user.failures).toEqual([{ kind: 'timeout' }]);
    expect(user.terminatedAt).toBe(b);
  });

  it('over TCP sends once (no Timer A) and still times out at Timer B', () => {
    const p = transactionPair({ protocol: 'tcp' });
    p.network.link(p.alice, p.bob).drop({ where: isRequest() });
    const user = new RecordingClientUser(p.clock);
    p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, user);
    p.clock.advance(32000);
    expect(p.sendTimes(p.alice, isRequest('INVITE'))).toEqual([0]);
    expect(user.terminatedAt).toBe(32000);
  });

  it('stops retransmitting on a provisional response and waits in Proceeding past Timer B', () => {
    const p = transactionPair({ bobResponds: (tx) => tx.respond(createResponse(tx.request, 180)) });
    const user = new RecordingClientUser(p.clock);
    const tx = p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, user);
    p.clock.advance(100_000);
    expect(tx.state).toBe('proceeding');
    expect(user.statuses).toEqual([180]);
    expect(p.sendTimes(p.alice, isRequest('INVITE'))).toEqual([0]);
    expect(user.failures).toEqual([]);
  });

  it('ACKs a non-2xx final response as 17.1.1.3 says, and re-ACKs its retransmissions', () => {
    let server: ServerTransaction | undefined;
    const p = transactionPair({
      bobResponds: (tx) => {
        server = tx;
        tx.respond(createResponse(tx.request, 486, undefined, { toTag: 'bob-1' }));
      },
    });
    // The first ACK is lost: bob's transaction retransmits 486 (Timer G) and gets a new ACK.
    p.network.link(p.alice, p.bob).drop({ where: isRequest('ACK'), count: 1 });
    const user = new RecordingClientUser(p.clock);
    const invite = p.aliceRequest({
      method: 'INVITE',
      headers: [
        { name: 'Route', value: '<sip:proxy1.example.com;lr>' },
        { name: 'Route', value: '<sip:proxy2.example.com;lr>' },
        { name: 'Subject', value: 'not copied' },
      ],
    });
    const tx = p.aliceLayer.sendRequest(invite, p.toBob, user);
    p.clock.advance(0);
    expect(tx.state).toBe('completed');
    expect(user.statuses).toEqual([486]);
    p.clock.advance(1000);
    expect(server?.state).toBe('confirmed');
    expect(user.statuses).toEqual([486]);
    const acks = sentRequests(p, 'ACK');
    expect(acks).toHaveLength(2);
    const ack = acks[0]!;
    expect(ack.requestUri).toBe(invite.requestUri);
    expect(ack.callId).toBe(invite.callId);
    expect(ack.header('from')).toBe(invite.header('from'));
    expect(ack.to?.tag).toBe('bob-1');
    expect(ack.cseq).toEqual({ seq: invite.cseq!.seq, method: 'ACK' });
    expect(ack.headers('via')).toEqual([invite.headers('via')[0]]);
    expect(ack.headers('route')).toEqual(invite.headers('route'));
    expect(ack.header('subject')).toBeUndefined();
    expect(acks[1]!.toString()).toBe(ack.toString());
  });

  it.each([
    { protocol: 'udp' as const, end: 32000 },
    { protocol: 'tcp' as const, end: 0 },
  ])('leaves Completed after Timer D over $protocol', ({ protocol, end }) => {
    const p = transactionPair({ protocol, bobResponds: (tx) => tx.respond(createResponse(tx.request, 503)) });
    const user = new RecordingClientUser(p.clock);
    p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, user);
    p.clock.advance(0);
    if (end > 0) {
      p.clock.advance(end - 1);
      expect(user.terminated).toBe(false);
      p.clock.advance(1);
    }
    expect(user.terminatedAt).toBe(end);
    expect(user.failures).toEqual([]);
  });

  it('passes 2xx up, goes to Accepted, passes further 2xx (forks) up until Timer M', () => {
    const p = transactionPair();
    const user = new RecordingClientUser(p.clock);
    const invite = p.aliceRequest({ method: 'INVITE' });
    const tx = p.aliceLayer.sendRequest(invite, p.toBob, user);
    p.clock.advance(0);
    const server = p.bobCore.last!;
    server.respond(createResponse(server.request, 200, undefined, { toTag: 'fork-a' }));
    p.clock.advance(0);
    expect(tx.state).toBe('accepted');
    // Another fork answers (a proxy would forward it with the same top Via).
    const fork = createResponse(server.request, 200, undefined, { toTag: 'fork-b' });
    void p.bob.sendResponse(fork, server.source);
    // And a retransmission of the first one (the TU's job on the server side, 13.3.1.4).
    server.respond(createResponse(server.request, 200, undefined, { toTag: 'fork-a' }));
    p.clock.advance(0);
    expect(user.responses.map((r) => r.to?.tag)).toEqual(['fork-a', 'fork-b', 'fork-a']);
    // The transaction never ACKs a 2xx itself.
    expect(sentRequests(p, 'ACK')).toEqual([]);
    p.clock.advance(31999);
    expect(tx.state).toBe('accepted');
    p.clock.advance(1);
    expect(tx.state).toBe('terminated');
    expect(user.terminatedAt).toBe(32000);
    // After Timer M a late 2xx is a stray response for the core.
    void p.bob.sendResponse(fork, server.source);
    p.clock.advance(0);
    expect(user.responses).toHaveLength(3);
    expect(p.aliceCore.strayResponses.map((s) => s.response.status)).toEqual([200]);
  });

  it('ignores a provisional response that arrives after the 2xx (reordering)', () => {
    const p = transactionPair({
      bobResponds: (tx) => {
        tx.respond(createResponse(tx.request, 180, undefined, { toTag: 't' }));
        tx.respond(createResponse(tx.request, 200, undefined, { toTag: 't' }));
      },
    });
    p.network.link(p.bob, p.alice).reorder({ where: isResponse(180) });
    const user = new RecordingClientUser(p.clock);
    const tx = p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, user);
    p.clock.advance(0);
    expect(user.statuses).toEqual([200]);
    expect(tx.state).toBe('accepted');
  });

  it('reports a transport error on the INVITE', async () => {
    const p = transactionPair();
    p.network.link(p.alice, p.bob).fail();
    const user = new RecordingClientUser(p.clock);
    const tx = p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, user);
    await flush();
    expect(user.failures.map((f) => f.kind)).toEqual(['transport']);
    expect(tx.state).toBe('terminated');
  });

  it('survives 40% loss both ways: every call ends with exactly one final response', () => {
    const p = transactionPair({
      seed: 3,
      bobResponds: (tx) => tx.respond(createResponse(tx.request, 480)),
    });
    p.network.link(p.alice, p.bob).drop({ probability: 0.4 }).duplicate({ probability: 0.2 });
    p.network.link(p.bob, p.alice).drop({ probability: 0.4 }).reorder({ probability: 0.2 });
    const users = Array.from({ length: 30 }, () => new RecordingClientUser(p.clock));
    for (const u of users) p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, u);
    p.clock.advance(60_000);
    for (const u of users) expect(u.failures.length > 0 ? 'timeout' : u.statuses.join()).toBe('480');
    expect(p.aliceLayer.size.clients).toBe(0);
    expect(p.bobLayer.size.servers).toBe(0);
  });
});
