import { describe, expect, it } from 'vitest';
import { createResponse } from '../message/build.js';
import { RecordingClientUser, transactionPair } from '../testing/index.js';
import type { ServerTransaction } from './types.js';

/**
 * Whole-machine invariants under random loss, duplication, delay and
 * reordering (seeded, so every failure reproduces): each request reaches
 * the server TU at most once, each client transaction ends with exactly one
 * non-2xx final response or a timeout, and nothing is left behind.
 */
describe.each([1, 2, 3, 4, 5, 6, 7, 8])('lossy network, seed %i', (seed) => {
  it.each(['udp', 'tcp'] as const)('keeps the transaction invariants over %s', (protocol) => {
    const statusOf = (tx: ServerTransaction): number => {
      const n = Number(tx.request.header('x-answer'));
      return Number.isFinite(n) ? n : 200;
    };
    const p = transactionPair({
      seed,
      protocol,
      bobResponds: (tx) => {
        if (tx.request.method === 'INVITE') {
          // Answer some at once, some after a while (100 Trying in between).
          p.clock.setTimer(seed * 37, () => {
            tx.respond(createResponse(tx.request, 180, undefined, { toTag: 'b' }));
            const final = createResponse(tx.request, statusOf(tx), undefined, { toTag: 'b' });
            tx.respond(final);
            if (final.status < 300) retransmit2xx(tx, final);
          });
        } else tx.respond(createResponse(tx.request, statusOf(tx), undefined, { toTag: 'b' }));
      },
    });
    /** The UAS core's job (13.3.1.4): 2xx again at T1, doubling to T2, for 64*T1 (no ACK tracking here). */
    const retransmit2xx = (tx: ServerTransaction, ok: ReturnType<typeof createResponse>) => {
      let interval = 500;
      let elapsed = 0;
      const again = () => {
        elapsed += interval;
        if (elapsed >= 32000) return;
        tx.respond(ok);
        interval = Math.min(2 * interval, 4000);
        p.clock.setTimer(interval, again);
      };
      if (protocol === 'udp') p.clock.setTimer(interval, again);
    };
    // Over TCP nothing is lost or duplicated; delay and reordering still happen.
    const lossy = protocol === 'udp';
    for (const [from, to] of [
      [p.alice, p.bob],
      [p.bob, p.alice],
    ] as const) {
      const link = p.network.link(from, to);
      if (lossy) link.drop({ probability: 0.25 }).duplicate({ probability: 0.15, copies: 2 });
      link.delay(300, { probability: 0.2 }).reorder({ probability: 0.1, maxHoldMs: 200 });
    }
    const calls = Array.from({ length: 40 }, (_, i) => {
      const method = i % 2 === 0 ? 'INVITE' : 'MESSAGE';
      const answer = [200, 486, 404, 603][i % 4]!;
      const request = p.aliceRequest({ method, headers: [{ name: 'X-Answer', value: String(answer) }] });
      const user = new RecordingClientUser(p.clock);
      p.aliceLayer.sendRequest(request, p.toBob, user);
      return { method, answer, user, branch: request.via![0]!.branch! };
    });
    p.clock.runAll();

    const seen = new Map<string, number>();
    for (const tx of p.bobCore.transactions) {
      const b = tx.request.via![0]!.branch!;
      seen.set(b, (seen.get(b) ?? 0) + 1);
    }
    for (const count of seen.values()) expect(count).toBe(1);
    if (!lossy) expect(seen.size).toBe(calls.length);

    let answered = 0;
    for (const c of calls) {
      const finals = c.user.statuses.filter((s) => s >= 200);
      expect(c.user.terminated).toBe(true);
      if (c.user.failures.length > 0) {
        expect(c.user.failures).toEqual([{ kind: 'timeout' }]);
        expect(finals.every((s) => s === c.answer)).toBe(true);
        continue;
      }
      answered++;
      if (c.method === 'INVITE' && c.answer === 200) expect(finals.every((s) => s === 200)).toBe(true);
      else expect(finals).toEqual([c.answer]);
      // Provisional responses only before the final one.
      expect(c.user.statuses.slice(c.user.statuses.indexOf(c.answer)).every((s) => s >= 200)).toBe(true);
    }
    // At 25% loss each way almost every transaction completes thanks to retransmissions.
    expect(answered).toBeGreaterThanOrEqual(lossy ? 34 : 40);
    expect(p.aliceLayer.size).toEqual({ clients: 0, servers: 0 });
    expect(p.bobLayer.size).toEqual({ clients: 0, servers: 0 });
    expect(p.clock.pending).toBe(0);
  });
});
