import { afterEach, describe, expect, it } from 'vitest';
import type { SipMessage } from '../message/sip-message.js';
import { isRequest } from '../testing/requests.js';
import { glareRetryDelay } from './retransmit.js';
import { body, FakeHandler, type Network, sessionNetwork } from './session-harness.test.util.js';

let net: Network;
afterEach(() => net.close());

const status =
  (code: number, method: string) =>
  (m: SipMessage): boolean =>
    m.kind === 'response' && m.status === code && m.cseq?.method === method;

async function established(n: Network, o: { reliable?: boolean } = {}) {
  const mode = o.reliable === true ? 'preferred' : 'supported';
  const alice = n.agent('alice', '192.0.2.1', { reliableProvisional: mode });
  const bob = n.agent('bob', '192.0.2.2', { reliableProvisional: mode });
  const handler = new FakeHandler('alice');
  const caller = alice.sessions.invite({ handler, target: bob.uri, from: `<${alice.uri}>` });
  bob.sessions.incoming.on((s) => void s.accept());
  await n.clock.until(caller.invite());
  await n.clock.run(100);
  const callee = bob.incoming[0]!;
  return { alice, bob, handler, caller, callee, bobHandler: bob.handlers[0]! };
}

describe('re-INVITE (RFC 3261 14)', () => {
  it('either side renegotiates; the offer and answer reach both handlers', async () => {
    net = sessionNetwork();
    const { caller, callee, handler, bobHandler } = await established(net);
    await net.clock.until(caller.reinvite());
    expect(handler.answers.at(-1)).toBe('answer bob to offer alice 2');
    await net.clock.until(callee.reinvite());
    expect(bobHandler.answers).toEqual(['answer alice to offer bob 1']);
    expect(caller.state).toBe('established');
    expect(callee.state).toBe('established');
  });

  it('a refused offer gets 488; the offerer rolls back and the session goes on', async () => {
    net = sessionNetwork();
    const { caller, handler, bobHandler } = await established(net);
    bobHandler.refuse = true;
    await expect(net.clock.until(caller.reinvite())).rejects.toMatchObject({
      code: 'request-failed',
      status: 488,
    });
    expect(handler.calls.at(-1)).toBe('rollback');
    expect(caller.state).toBe('established');
    bobHandler.refuse = false;
    await net.clock.until(caller.reinvite());
  });

  it('glare: both get 491, both retry after the randomised wait of 14.1 and both succeed', async () => {
    net = sessionNetwork({ latencyMs: 100 });
    const { alice, bob, caller, callee, handler, bobHandler } = await established(net);
    const start = net.clock.now();
    const a = caller.reinvite();
    const b = callee.reinvite();
    await net.clock.until(Promise.all([a, b]), 20_000);
    expect(net.sent(alice, status(491, 'INVITE'))).toHaveLength(1);
    expect(net.sent(bob, status(491, 'INVITE'))).toHaveLength(1);
    const invites = (from: typeof alice) =>
      net.network.records(
        (r) => r.from === from.transport.key && isRequest('INVITE')(r.message) && r.at >= start,
      );
    const aliceInvites = invites(alice);
    const bobInvites = invites(bob);
    expect(aliceInvites).toHaveLength(2);
    expect(bobInvites).toHaveLength(2);
    // The Call-ID owner (alice, the dialog's UAC) waits 2.1 to 4 s after her 491; bob 0 to 2 s.
    const aliceWait = aliceInvites[1]!.at - aliceInvites[0]!.at;
    expect(aliceWait).toBeGreaterThanOrEqual(2100);
    expect(aliceWait).toBeLessThanOrEqual(4300);
    const bobWait = bobInvites[1]!.at - bobInvites[0]!.at;
    expect(bobWait).toBeLessThanOrEqual(2300);
    expect(handler.calls.filter((c) => c === 'rollback')).toHaveLength(1);
    expect(bobHandler.calls.filter((c) => c === 'rollback')).toHaveLength(1);
    expect(handler.answers.at(-1)).toBe('answer bob to offer alice 3');
    expect(bobHandler.answers.at(-1)).toBe('answer alice to offer bob 2');
  });

  it('re-INVITE crossing an UPDATE (RFC 5407 3.1.2): both 491, the re-INVITE is retried and succeeds', async () => {
    net = sessionNetwork({ latencyMs: 100 });
    const { alice, bob, caller, callee, handler } = await established(net);
    const a = caller.reinvite();
    const b = callee.update().catch((e: unknown) => e);
    const [, updateError] = await net.clock.until(Promise.all([a, b]), 20_000);
    expect(updateError).toMatchObject({ status: 491 });
    expect(net.sent(alice, status(491, 'UPDATE'))).toHaveLength(1);
    expect(net.sent(bob, status(491, 'INVITE'))).toHaveLength(1);
    expect(handler.answers.at(-1)).toBe('answer bob to offer alice 3');
    await net.clock.run(1000); // the ACK of the retried re-INVITE reaches bob
    expect(caller.canRenegotiate && callee.canRenegotiate).toBe(true);
  });

  it('glare delays stay in their ranges, in 10 ms steps', () => {
    let seed = 7;
    const random = (n: number): Uint8Array => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        out[i] = seed >>> 24;
      }
      return out;
    };
    for (let i = 0; i < 500; i++) {
      const owner = glareRetryDelay(true, random);
      const other = glareRetryDelay(false, random);
      expect(owner).toBeGreaterThanOrEqual(2100);
      expect(owner).toBeLessThanOrEqual(4000);
      expect(other).toBeGreaterThanOrEqual(0);
      expect(other).toBeLessThanOrEqual(2000);
      expect(owner % 10).toBe(0);
      expect(other % 10).toBe(0);
    }
  });

  it('the re-INVITE 2xx is retransmitted until its ACK and the lost ACK is sent again', async () => {
    net = sessionNetwork();
    const { alice, bob, caller } = await established(net);
    net.network.link(alice.transport, bob.transport).drop({ where: isRequest('ACK'), count: 1 });
    await net.clock.until(caller.reinvite());
    await net.clock.run(5000);
    const oks = net.sent(bob, status(200, 'INVITE'));
    // initial 2xx, the re-INVITE's 2xx and one retransmission of it
    expect(oks).toHaveLength(3);
    expect(net.sent(alice, isRequest('ACK'))).toHaveLength(3);
  });
});

describe('UPDATE (RFC 3311)', () => {
  it('in a confirmed dialog, from either side', async () => {
    net = sessionNetwork();
    const { caller, callee, handler, bobHandler } = await established(net);
    const events: string[] = [];
    caller.renegotiated.on((e) => events.push(`alice ${e.by} ${e.method}`));
    await net.clock.until(callee.update());
    expect(bobHandler.answers).toEqual(['answer alice to offer bob 1']);
    await net.clock.until(caller.update());
    expect(handler.answers.at(-1)).toBe('answer bob to offer alice 2');
    expect(events).toEqual(['alice remote UPDATE', 'alice local UPDATE']);
  });

  it('in an early dialog, after the reliable 183 settled the first offer', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1', { reliableProvisional: 'preferred' });
    const bob = net.agent('bob', '192.0.2.2', { reliableProvisional: 'preferred' });
    const handler = new FakeHandler('alice');
    const caller = alice.sessions.invite({ handler, target: bob.uri, from: `<${alice.uri}>` });
    bob.sessions.incoming.on((s) => {
      void s.progress({ status: 183 }).then(() => net.clock.setTimer(5000, () => void s.accept()));
    });
    const done = caller.invite();
    await net.clock.run(1000);
    expect(caller.state).toBe('early');
    await net.clock.until(caller.update());
    expect(handler.answers).toEqual(['answer bob to offer alice 1', 'answer bob to offer alice 2']);
    const update = net.sent(alice, isRequest('UPDATE'))[0]!;
    expect(update.to?.tag).toBe(bob.incoming[0]!.dialogId?.localTag);
    await net.clock.until(done);
    expect(caller.state).toBe('established');
  });

  it('UPDATE glare: both get 491 and the offers are rolled back', async () => {
    net = sessionNetwork({ latencyMs: 100 });
    const { caller, callee, handler, bobHandler } = await established(net);
    const a = caller.update().catch((e: unknown) => e);
    const b = callee.update().catch((e: unknown) => e);
    const [ea, eb] = await net.clock.until(Promise.all([a, b]));
    expect(ea).toMatchObject({ status: 491 });
    expect(eb).toMatchObject({ status: 491 });
    expect(handler.calls.at(-1)).toBe('rollback');
    expect(bobHandler.calls.at(-1)).toBe('rollback');
    expect(caller.canRenegotiate).toBe(true);
  });

  it('an UPDATE without a body is a refresh: 200 without a body', async () => {
    net = sessionNetwork();
    const { alice, bob, caller } = await established(net);
    await net.clock.until(caller.update({ offer: false }));
    const ok = net.sent(bob, status(200, 'UPDATE'))[0]!;
    expect(ok.body.length).toBe(0);
    expect(net.sent(alice, isRequest('UPDATE'))[0]!.body.length).toBe(0);
  });
});

describe('other in-dialog requests', () => {
  it('INFO reaches the application, which answers it', async () => {
    net = sessionNetwork();
    const { caller, callee } = await established(net);
    const seen: string[] = [];
    callee.incomingRequest.on((r) => {
      seen.push(`${r.request.method} ${r.request.bodyText}`);
      r.respond(200);
    });
    const response = await net.clock.until(
      caller.info({ contentType: 'application/dtmf-relay', body: new TextEncoder().encode('Signal=5') }),
    );
    expect(response.status).toBe(200);
    expect(seen).toEqual(['INFO Signal=5']);
  });

  it('INFO in the early dialog, before the answer', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2');
    const seen: string[] = [];
    bob.sessions.incoming.on((s) => {
      s.incomingRequest.on((r) => {
        seen.push(r.request.method);
        r.respond(200);
      });
      void s.progress();
    });
    const caller = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: bob.uri,
      from: `<${alice.uri}>`,
    });
    void caller.invite().catch(() => {});
    await net.clock.run(500);
    expect(caller.state).toBe('early');
    const response = await net.clock.until(caller.info(body('early')));
    expect(response.status).toBe(200);
    expect(seen).toEqual(['INFO']);
    caller.cancel();
    await net.clock.run(1000);
    expect(caller.reason?.cause).toBe('cancelled');
  });

  it('without a listener a request gets 405 with Allow', async () => {
    net = sessionNetwork();
    const { caller } = await established(net);
    const response = await net.clock.until(caller.sendRequest('MESSAGE', { body: body('hi') }));
    expect(response.status).toBe(405);
    expect(response.header('allow')).toContain('INVITE');
  });

  it('a request for a dialog that is gone gets 481 and ends the session (12.2.1.2)', async () => {
    net = sessionNetwork();
    const { caller, callee } = await established(net);
    // bob forgets the dialog without telling alice.
    callee.stateChange.on(() => {});
    (callee as unknown as { ctx: { detach(d: unknown): void }; dialog: unknown }).ctx.detach(
      (callee as unknown as { dialog: unknown }).dialog,
    );
    const response = await net.clock.until(caller.info(body('x')));
    expect(response.status).toBe(481);
    expect(caller.reason).toMatchObject({ cause: 'dialog-gone', status: 481 });
  });
});
