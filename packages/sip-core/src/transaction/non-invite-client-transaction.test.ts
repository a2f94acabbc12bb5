import { describe, expect, it } from 'vitest';
import { createResponse } from '../message/build.js';
import { isRequest, isResponse, RecordingClientUser, transactionPair } from '../testing/index.js';
import type { TransactionError } from './errors.js';

const flush = () => new Promise<void>((r) => setTimeout(r, 0));

describe('non-INVITE client transaction (RFC 3261 17.1.2)', () => {
  // Timer E: T1, doubling to T2, then T2 (17.1.2.2); Timer F: 64*T1.
  it.each([
    {
      timers: {},
      sends: [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500],
      f: 32000,
    },
    { timers: { t1: 100, t2: 400 }, sends: [0, 100, 300, 700, 1100, 1500, 1900, 2300, 2700, 3100], f: 6400 },
    { timers: { t1: 1000, t2: 1000, t4: 1000 }, sends: [0, 1000, 2000, 3000], f: 64000 },
  ])(
    'retransmits on $timers with Timer E, gives up at Timer F when nothing answers',
    ({ timers, sends, f }) => {
      const p = transactionPair({ timers });
      p.network.link(p.alice, p.bob).drop({ where: isRequest() });
      const user = new RecordingClientUser(p.clock);
      const tx = p.aliceLayer.sendRequest(p.aliceRequest(), p.toBob, user);
      expect(tx.state).toBe('trying');
      p.clock.advance(f - 1);
      expect(p.sendTimes(p.alice, isRequest('OPTIONS')).slice(0, sends.length)).toEqual(sends);
      expect(user.failures).toEqual([]);
      p.clock.advance(1);
      expect(user.failures).toEqual([{ kind: 'timeout' }]);
      expect(user.terminatedAt).toBe(f);
      expect(tx.state).toBe('terminated');
      expect(p.aliceLayer.size.clients).toBe(0);
      p.close();
    },
  );

  it('over TCP sends once and times out at 64*T1', () => {
    const p = transactionPair({ protocol: 'tcp' });
    p.network.link(p.alice, p.bob).drop({ where: isRequest() });
    const user = new RecordingClientUser(p.clock);
    p.aliceLayer.sendRequest(p.aliceRequest(), p.toBob, user);
    p.clock.advance(40000);
    expect(p.sendTimes(p.alice, isRequest())).toEqual([0]);
    expect(user.terminatedAt).toBe(32000);
    expect(user.failures).toEqual([{ kind: 'timeout' }]);
  });

  it('after a provisional response retransmits every T2 (Proceeding)', () => {
    const p = transactionPair({
      bobResponds: (tx) => tx.respond(createResponse(tx.request, 100)),
    });
    p.network.link(p.bob, p.alice).drop({ count: 1 }); // first 100 lost
    const user = new RecordingClientUser(p.clock);
    const tx = p.aliceLayer.sendRequest(p.aliceRequest(), p.toBob, user);
    p.clock.advance(600);
    // 500: retransmission; the server resends its 100, which now arrives. Timer E,
    // already set to 1000 in Trying, fires at 1500; from then on it is T2.
    expect(tx.state).toBe('proceeding');
    expect(user.statuses).toEqual([100]);
    p.clock.advance(20000);
    expect(p.sendTimes(p.alice, isRequest()).slice(0, 5)).toEqual([0, 500, 1500, 5500, 9500]);
  });

  it('passes the final response up once, absorbs retransmissions, ends after Timer K = T4', () => {
    const p = transactionPair({ bobResponds: (tx) => tx.respond(createResponse(tx.request, 200)) });
    p.network.link(p.bob, p.alice).duplicate({ copies: 2 });
    const user = new RecordingClientUser(p.clock);
    const tx = p.aliceLayer.sendRequest(p.aliceRequest({ method: 'MESSAGE' }), p.toBob, user);
    p.clock.advance(0);
    expect(user.statuses).toEqual([200]);
    expect(tx.state).toBe('completed');
    // A late request retransmission makes the server resend; still one response up.
    p.clock.advance(4999);
    expect(user.statuses).toEqual([200]);
    expect(user.terminated).toBe(false);
    p.clock.advance(1);
    expect(user.terminatedAt).toBe(5000);
    expect(p.aliceCore.strayResponses).toHaveLength(0);
  });

  it('over TCP ends right after the final response (Timer K = 0)', () => {
    const p = transactionPair({
      protocol: 'tcp',
      bobResponds: (tx) => tx.respond(createResponse(tx.request, 404)),
    });
    const user = new RecordingClientUser(p.clock);
    p.aliceLayer.sendRequest(p.aliceRequest(), p.toBob, user);
    p.clock.advance(0);
    p.clock.advance(0);
    expect(user.statuses).toEqual([404]);
    expect(user.terminatedAt).toBe(0);
  });

  it('reports a transport error (8.1.3.1, 17.1.4) and terminates', async () => {
    const p = transactionPair();
    p.network.link(p.alice, p.bob).fail({ code: 'connection-failed' });
    const user = new RecordingClientUser(p.clock);
    const tx = p.aliceLayer.sendRequest(p.aliceRequest(), p.toBob, user);
    await flush();
    expect(user.failures).toHaveLength(1);
    expect(user.failures[0]).toMatchObject({ kind: 'transport', error: { code: 'connection-failed' } });
    expect(tx.state).toBe('terminated');
    expect(user.terminated).toBe(true);
  });

  it('reports a transport error on a retransmission too', async () => {
    const p = transactionPair();
    p.network.link(p.alice, p.bob).drop({ count: 1 });
    const user = new RecordingClientUser(p.clock);
    p.aliceLayer.sendRequest(p.aliceRequest(), p.toBob, user);
    p.network.link(p.alice, p.bob).fail({ count: 1 });
    p.clock.advance(500);
    await flush();
    expect(user.failures.map((f) => f.kind)).toEqual(['transport']);
  });

  it('completes every transaction exactly once under 30% loss each way and reordering', () => {
    const p = transactionPair({ seed: 42, bobResponds: (tx) => tx.respond(createResponse(tx.request, 200)) });
    p.network.link(p.alice, p.bob).drop({ probability: 0.3 }).reorder({ probability: 0.2 });
    p.network.link(p.bob, p.alice).drop({ probability: 0.3 }).duplicate({ probability: 0.2 });
    const users = Array.from({ length: 50 }, () => new RecordingClientUser(p.clock));
    for (const u of users) p.aliceLayer.sendRequest(p.aliceRequest(), p.toBob, u);
    p.clock.advance(40000);
    const outcomes = users.map((u) => (u.failures.length > 0 ? 'timeout' : u.statuses.join()));
    expect(outcomes.filter((o) => o === '200').length).toBe(50);
    expect(p.aliceLayer.size.clients).toBe(0);
    expect(p.bobLayer.size.servers).toBe(0);
    expect(p.bobCore.transactions).toHaveLength(50);
    expect(p.network.records((r) => isResponse(200)(r.message)).length).toBeGreaterThan(50);
  });

  it('refuses requests it cannot run', () => {
    const p = transactionPair();
    const user = new RecordingClientUser();
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as TransactionError).code;
      }
      return undefined;
    };
    expect(code(() => p.aliceLayer.sendRequest(p.aliceRequest({ branch: 'abc' }), p.toBob, user))).toBe(
      'bad-branch',
    );
    expect(code(() => p.aliceLayer.sendRequest(p.aliceRequest({ branch: 'z9hG4bK' }), p.toBob, user))).toBe(
      'bad-branch',
    );
    expect(code(() => p.aliceLayer.sendRequest(p.aliceRequest({ method: 'ACK' }), p.toBob, user))).toBe(
      'ack',
    );
    const r = p.aliceRequest();
    const tx = p.aliceLayer.sendRequest(r, p.toBob, user);
    expect(code(() => p.aliceLayer.sendRequest(r, p.toBob, user))).toBe('duplicate');
    expect(code(() => tx.cancel())).toBe('not-invite');
    p.aliceLayer.close();
    expect(code(() => p.aliceLayer.sendRequest(p.aliceRequest(), p.toBob, user))).toBe('closed');
  });
});
