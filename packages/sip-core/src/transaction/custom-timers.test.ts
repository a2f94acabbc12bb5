import { describe, expect, it } from 'vitest';
import { createResponse } from '../message/build.js';
import { isRequest, isResponse, RecordingClientUser, transactionPair } from '../testing/index.js';

const flush = () => new Promise<void>((r) => setTimeout(r, 0));

/** Timers that depend on T4 (K, I) and transport errors on the less common paths. */
describe('T4-based timers and late transport errors', () => {
  it.each([
    { t4: 5000, k: 5000 },
    { t4: 1000, k: 1000 },
    { t4: 2500, k: 2500 },
  ])('non-INVITE client leaves Completed after Timer K = T4 ($t4)', ({ t4, k }) => {
    const p = transactionPair({
      timers: { t4 },
      bobResponds: (tx) => tx.respond(createResponse(tx.request, 200)),
    });
    const user = new RecordingClientUser(p.clock);
    p.aliceLayer.sendRequest(p.aliceRequest(), p.toBob, user);
    p.clock.advance(k - 1);
    expect(user.terminated).toBe(false);
    p.clock.advance(1);
    expect(user.terminatedAt).toBe(k);
  });

  it.each([
    { t4: 5000, i: 5000 },
    { t4: 750, i: 750 },
  ])('INVITE server leaves Confirmed after Timer I = T4 ($t4)', ({ t4, i }) => {
    const p = transactionPair({
      timers: { t4 },
      bobResponds: (tx) => tx.respond(createResponse(tx.request, 480, undefined, { toTag: 'b' })),
    });
    p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, new RecordingClientUser());
    p.clock.advance(0);
    const tx = p.bobCore.last!;
    expect(tx.state).toBe('confirmed');
    const ends: string[] = [];
    tx.onTerminated((r) => ends.push(r));
    p.clock.advance(i - 1);
    expect(ends).toEqual([]);
    p.clock.advance(1);
    expect(ends).toEqual(['normal']);
  });

  it('INVITE client reports a transport error when its ACK cannot be sent (17.1.1.2)', async () => {
    const p = transactionPair({
      bobResponds: (tx) => tx.respond(createResponse(tx.request, 486, undefined, { toTag: 'b' })),
    });
    p.network.link(p.alice, p.bob).fail({ where: isRequest('ACK') });
    const user = new RecordingClientUser(p.clock);
    const tx = p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, user);
    p.clock.advance(0);
    await flush();
    expect(user.statuses).toEqual([486]);
    expect(user.failures.map((f) => f.kind)).toEqual(['transport']);
    expect(tx.state).toBe('terminated');
  });

  it('non-INVITE server ends with transport-error when its response cannot be sent (17.2.4)', async () => {
    const p = transactionPair();
    p.network.link(p.bob, p.alice).fail({ where: isResponse(200) });
    p.aliceLayer.sendRequest(p.aliceRequest(), p.toBob, new RecordingClientUser());
    p.clock.advance(0);
    const tx = p.bobCore.last!;
    const ends: string[] = [];
    tx.onTerminated((r) => ends.push(r));
    tx.respond(createResponse(tx.request, 200));
    await flush();
    expect(ends).toEqual(['transport-error']);
    expect(p.bobLayer.size.servers).toBe(0);
  });

  it.each([
    { t1: 500, end: 32000 },
    { t1: 100, end: 6400 },
  ])('ends Accepted on both sides after 64*T1 (Timers L and M) with T1 = $t1', ({ t1, end }) => {
    const p = transactionPair({
      timers: { t1 },
      bobResponds: (tx) => tx.respond(createResponse(tx.request, 200, undefined, { toTag: 'b' })),
    });
    const user = new RecordingClientUser(p.clock);
    const client = p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, user);
    p.clock.advance(0);
    const server = p.bobCore.last!;
    expect([client.state, server.state]).toEqual(['accepted', 'accepted']);
    p.clock.advance(end - 1);
    expect([client.state, server.state]).toEqual(['accepted', 'accepted']);
    p.clock.advance(1);
    expect([client.state, server.state]).toEqual(['terminated', 'terminated']);
    expect(user.terminatedAt).toBe(end);
  });
});
