import { afterEach, describe, expect, it } from 'vitest';
import type { SipMessage } from '../message/sip-message.js';
import { isRequest } from '../testing/requests.js';
import { FakeHandler, type Network, sessionNetwork } from './session-harness.test.util.js';

let net: Network;
afterEach(() => net.close());

const is200Invite = (m: SipMessage): boolean =>
  m.kind === 'response' && m.status === 200 && m.cseq?.method === 'INVITE';

function call(n: Network, o: { offerless?: boolean } = {}) {
  const alice = n.agent('alice', '192.0.2.1');
  const bob = n.agent('bob', '192.0.2.2');
  const handler = new FakeHandler('alice');
  const session = alice.sessions.invite({
    handler,
    target: bob.uri,
    from: `<${alice.uri}>`,
    ...(o.offerless === true ? { offerless: true } : {}),
  });
  return { alice, bob, handler, session };
}

describe('InviteServerSession', () => {
  it('retransmits the 2xx at T1 doubling to T2 until the ACK (RFC 3261 13.3.1.4)', async () => {
    net = sessionNetwork();
    const { alice, bob, session } = call(net);
    bob.sessions.incoming.on((s) => void s.accept());
    // The first two ACKs are lost; each retransmitted 2xx is ACKed again.
    net.network.link(alice.transport, bob.transport).drop({ where: isRequest('ACK'), count: 2 });
    await net.clock.until(session.invite());
    await net.clock.run(10_000);
    const times = net.network
      .records((r) => r.from === bob.transport.key && is200Invite(r.message))
      .map((r) => r.at);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBe(500);
    expect(times[2]! - times[1]!).toBe(1000);
    const acks = net.sent(alice, isRequest('ACK'));
    expect(acks).toHaveLength(3);
    // The same ACK each time (13.2.2.4): same branch.
    expect(new Set(acks.map((a) => a.via?.[0]?.branch)).size).toBe(1);
    expect(bob.incoming[0]!.state).toBe('established');
  });

  it('gives up after 64*T1 without ACK and BYEs the dialog', async () => {
    net = sessionNetwork();
    const { alice, bob, session } = call(net);
    bob.sessions.incoming.on((s) => void s.accept());
    net.network.link(alice.transport, bob.transport).drop({ where: isRequest('ACK') });
    await net.clock.until(session.invite());
    const uas = bob.incoming[0]!;
    await net.clock.until(uas.ended(), 40_000);
    expect(uas.reason).toMatchObject({ cause: 'no-ack', by: 'stack' });
    const times = net.network
      .records((r) => r.from === bob.transport.key && is200Invite(r.message))
      .map((r) => r.at);
    // 0, .5, 1.5, 3.5, 7.5, 11.5 ... every 4 s (T2) up to 32 s.
    expect(times.slice(0, 6).map((t) => t - times[0]!)).toEqual([0, 500, 1500, 3500, 7500, 11500]);
    expect(times.at(-1)! - times[0]!).toBeLessThanOrEqual(32_000);
    await net.clock.run(1000);
    expect(session.reason).toMatchObject({ cause: 'bye', by: 'remote' });
  });

  it('offerless INVITE: our offer in the 2xx, the answer in the ACK', async () => {
    net = sessionNetwork();
    const { bob, session, handler } = call(net, { offerless: true });
    bob.sessions.incoming.on((s) => void s.accept());
    await net.clock.until(session.invite());
    await net.clock.run(100);
    expect(handler.calls).toEqual(['answer to offer bob 1']);
    expect(bob.handlers[0]!.answers).toEqual(['answer alice to offer bob 1']);
  });

  it('CANCEL: 487 to the INVITE, the session ends cancelled by the remote side', async () => {
    net = sessionNetwork();
    const { bob, session } = call(net);
    const cancelled: string[] = [];
    bob.sessions.incoming.on((s) => {
      s.cancelled.on(() => cancelled.push('cancel'));
      void s.progress();
    });
    const done = session.invite().catch(() => undefined);
    await net.clock.run(300);
    session.cancel();
    await net.clock.until(done);
    expect(cancelled).toEqual(['cancel']);
    expect(bob.incoming[0]!.reason).toMatchObject({ cause: 'cancelled', by: 'remote', status: 487 });
    expect(bob.handlers[0]!.closed).toBe(true);
  });

  it('an INVITE whose Expires passes unanswered gets 487 (RFC 3261 13.3.1)', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2');
    bob.sessions.incoming.on((s) => void s.progress());
    net.network.link(alice.transport, bob.transport).drop({ where: isRequest('CANCEL') });
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: bob.uri,
      from: `<${alice.uri}>`,
      expires: 10,
    });
    const error = await net.clock.until(call.invite().catch((e: unknown) => e));
    expect(net.sent(alice, isRequest('INVITE'))[0]!.get('expires')).toBe(10);
    expect(error).toMatchObject({ status: 487 });
    // alice cancelled at 10 s (the CANCEL was lost); bob's own Expires timer answered 487.
    expect(net.sent(alice, isRequest('CANCEL'))).not.toHaveLength(0);
    expect(bob.incoming[0]!.reason).toMatchObject({ cause: 'cancelled', by: 'stack', status: 487 });
    expect(Math.round(net.clock.now() / 1000)).toBeLessThan(12);
  });

  it('a long ringing repeats the 180 every minute (RFC 3261 13.3.1.1)', async () => {
    net = sessionNetwork();
    const { bob, session } = call(net);
    bob.sessions.incoming.on((s) => {
      void s.progress().then(() => net.clock.setTimer(150_000, () => void s.accept()));
    });
    await net.clock.until(session.invite(), 200_000);
    const ringing = net.network
      .records(
        (r) => r.from === bob.transport.key && r.message.kind === 'response' && r.message.status === 180,
      )
      .map((r) => Math.round(r.at / 1000));
    expect(ringing).toEqual([0, 60, 120]);
  });

  it('an answered session cannot be answered or rejected again', async () => {
    net = sessionNetwork();
    const { bob, session } = call(net);
    bob.sessions.incoming.on((s) => void s.accept());
    await net.clock.until(session.invite());
    const uas = bob.incoming[0]!;
    expect(() => uas.reject(486)).toThrow(expect.objectContaining({ code: 'invalid-state' }));
    await expect(uas.accept()).rejects.toMatchObject({ code: 'invalid-state' });
  });

  it('a re-sent INVITE (lost 100/180) does not make a second session', async () => {
    net = sessionNetwork();
    const { alice, bob, session } = call(net);
    net.network.link(bob.transport, alice.transport).drop({ count: 2 });
    bob.sessions.incoming.on((s) => {
      void s.progress().then(() => net.clock.setTimer(2000, () => void s.accept()));
    });
    await net.clock.until(session.invite());
    expect(net.sent(alice, isRequest('INVITE')).length).toBeGreaterThan(1);
    expect(bob.incoming).toHaveLength(1);
  });

  it('a rejection after a 180 ends the early session on both sides', async () => {
    net = sessionNetwork();
    const { bob, session } = call(net);
    bob.sessions.incoming.on((s) => void s.progress());
    const done = session.invite().catch((e: unknown) => e);
    await net.clock.run(300);
    const uas = bob.incoming[0]!;
    expect(uas.state).toBe('early');
    uas.reject(480);
    await net.clock.until(done);
    expect(session.reason).toMatchObject({ status: 480, cause: 'rejected' });
    expect(uas.reason).toMatchObject({ status: 480, cause: 'rejected', by: 'local' });
  });
});

describe('SessionLayer.endAll', () => {
  it('BYEs established sessions, cancels and rejects unanswered ones', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2');
    const carol = net.agent('carol', '192.0.2.3');
    bob.sessions.incoming.on((s) => void s.accept());
    carol.sessions.incoming.on((s) => void s.progress());
    const toBob = alice.sessions.invite({
      handler: new FakeHandler('a'),
      target: bob.uri,
      from: `<${alice.uri}>`,
    });
    const toCarol = alice.sessions.invite({
      handler: new FakeHandler('a'),
      target: carol.uri,
      from: `<${alice.uri}>`,
    });
    await net.clock.until(toBob.invite());
    void toCarol.invite().catch(() => {});
    await net.clock.run(500);
    expect(alice.sessions.sessions).toHaveLength(2);
    await net.clock.until(alice.sessions.endAll());
    await net.clock.run(1000);
    expect(toBob.reason?.cause).toBe('bye');
    expect(toCarol.reason?.cause).toBe('cancelled');
    expect(alice.sessions.sessions).toHaveLength(0);
    expect(bob.sessions.sessions).toHaveLength(0);
  });
});
