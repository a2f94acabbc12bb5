import { afterEach, describe, expect, it } from 'vitest';
import { isRequest } from '../testing/requests.js';
import { FakeHandler, type Network, sessionNetwork } from './session-harness.test.util.js';

let net: Network;
afterEach(() => net.close());

describe('sessions over a lossy network', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'seed %i: 20%% loss, duplication and reordering both ways; INVITE/183/200/ACK, re-INVITE, UPDATE, BYE all complete',
    async (seed) => {
      net = sessionNetwork({ seed, latencyMs: 20 });
      const alice = net.agent('alice', '192.0.2.1', { reliableProvisional: 'preferred' });
      const bob = net.agent('bob', '192.0.2.2', { reliableProvisional: 'preferred' });
      for (const [a, b] of [
        [alice, bob],
        [bob, alice],
      ] as const) {
        net.network
          .link(a.transport, b.transport)
          .drop({ probability: 0.2, count: 1000 })
          .duplicate({ probability: 0.1, count: 1000 })
          .reorder({ probability: 0.1, count: 1000, maxHoldMs: 200 });
      }
      bob.sessions.incoming.on((s) => {
        void s
          .progress({ status: 183 })
          .then(() => s.accept())
          .catch(() => {});
      });
      const handler = new FakeHandler('alice');
      const caller = alice.sessions.invite({ handler, target: bob.uri, from: `<${alice.uri}>` });
      await net.clock.until(caller.invite(), 60_000);
      const callee = bob.incoming[0]!;
      await net.clock.until(callee.waitFor('established'), 60_000);
      await net.clock.until(caller.reinvite(), 60_000);
      await net.clock.until(callee.update(), 60_000);
      await net.clock.run(40_000);
      expect(callee.state).toBe('established');
      await net.clock.until(caller.bye(), 60_000);
      await net.clock.until(callee.ended(), 60_000);
      expect(callee.reason).toMatchObject({ cause: 'bye', by: 'remote' });
      expect(bob.incoming).toHaveLength(1);
      // Every INVITE 2xx was ACKed (no no-ack ending) and the media saw three exchanges.
      expect(handler.answers.at(-1)).toBe('answer bob to offer alice 2');
      expect(bob.handlers[0]!.answers).toEqual(['answer alice to offer bob 1']);
      expect(net.sent(alice, isRequest('BYE')).length).toBeGreaterThanOrEqual(1);
      expect(net.network.records((r) => r.outcome === 'dropped').length).toBeGreaterThan(0);
    },
  );

  it('a 488 when the callee cannot answer the offer', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2');
    const failures: unknown[] = [];
    bob.sessions.incoming.on((s) => {
      (s.handler as FakeHandler).refuse = true;
      s.accept().catch((e: unknown) => failures.push(e));
    });
    const caller = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: bob.uri,
      from: `<${alice.uri}>`,
    });
    await expect(net.clock.until(caller.invite())).rejects.toMatchObject({ status: 488 });
    expect(failures).toEqual([expect.objectContaining({ code: 'request-failed', status: 488 })]);
  });

  it('the callee updates the early dialog after a reliable 183 (RFC 3311 in early dialogs)', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1', { reliableProvisional: 'preferred' });
    const bob = net.agent('bob', '192.0.2.2', { reliableProvisional: 'preferred' });
    const handler = new FakeHandler('alice');
    const caller = alice.sessions.invite({ handler, target: bob.uri, from: `<${alice.uri}>` });
    bob.sessions.incoming.on((s) => void s.progress({ status: 183 }));
    const done = caller.invite();
    await net.clock.run(1000);
    const callee = bob.incoming[0]!;
    await net.clock.until(callee.update());
    expect(handler.calls).toContain('answer to offer bob 1');
    expect(bob.handlers[0]!.answers).toEqual(['answer alice to offer bob 1']);
    await net.clock.until(callee.accept());
    await net.clock.until(done);
    expect(caller.state).toBe('established');
  });
});
