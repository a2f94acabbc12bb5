import { afterEach, describe, expect, it } from 'vitest';
import type { SipMessage } from '../message/sip-message.js';
import { isRequest } from '../testing/requests.js';
import { FakeHandler, type Network, sessionNetwork } from './session-harness.test.util.js';
import type { SessionTimerOptions } from './types.js';

let net: Network;
afterEach(() => net.close());

const invite200 = (m: SipMessage): boolean =>
  m.kind === 'response' && m.status === 200 && m.cseq?.method === 'INVITE';

async function call(n: Network, a: SessionTimerOptions, b: SessionTimerOptions) {
  const alice = n.agent('alice', '192.0.2.1', { sessionTimer: a });
  const bob = n.agent('bob', '192.0.2.2', { sessionTimer: b });
  const caller = alice.sessions.invite({
    handler: new FakeHandler('alice'),
    target: bob.uri,
    from: `<${alice.uri}>`,
  });
  bob.sessions.incoming.on((s) => void s.accept());
  await n.clock.until(caller.invite());
  await n.clock.run(50);
  return { alice, bob, caller, callee: bob.incoming[0]! };
}

describe('session timers (RFC 4028)', () => {
  it('negotiates Session-Expires and the refresher; the UAC refreshes by UPDATE at half the interval', async () => {
    net = sessionNetwork();
    const { alice, bob, caller, callee } = await call(net, { expires: 90 }, {});
    const invite = net.sent(alice, isRequest('INVITE'))[0]!;
    expect(invite.get('session-expires')?.deltaSeconds).toBe(90);
    expect(invite.get('min-se')).toBe(90);
    const ok = net.sent(bob, invite200)[0]!;
    expect(ok.get('session-expires')).toMatchObject({ deltaSeconds: 90, refresher: 'uac' });
    expect(ok.header('require')).toBe('timer');
    expect(caller.sessionTimer).toEqual({ interval: 90, weRefresh: true });
    expect(callee.sessionTimer).toEqual({ interval: 90, weRefresh: false });
    const start = net.clock.now();
    await net.clock.run(200_000);
    const updates = net.network
      .records((r) => r.from === alice.transport.key && isRequest('UPDATE')(r.message))
      .map((r) => Math.round((r.at - start) / 1000));
    expect(updates.slice(0, 4)).toEqual([45, 90, 135, 180]);
    expect(caller.state).toBe('established');
    expect(callee.state).toBe('established');
  });

  it('refreshes by re-INVITE when UPDATE is not preferred', async () => {
    net = sessionNetwork();
    const { alice, caller } = await call(net, { expires: 120, preferUpdate: false }, {});
    await net.clock.run(61_000);
    const reinvites = net.sent(alice, isRequest('INVITE'));
    expect(reinvites).toHaveLength(2);
    expect(reinvites[1]!.to?.tag).toBeDefined();
    expect(reinvites[1]!.get('session-expires')).toMatchObject({ deltaSeconds: 120, refresher: 'uac' });
    expect(caller.sessionTimer).toEqual({ interval: 120, weRefresh: true });
  });

  it('without refreshes the other side sends BYE at Session-Expires minus min(32, SE/3)', async () => {
    net = sessionNetwork();
    const { alice, bob, callee, caller } = await call(net, { expires: 90 }, {});
    const answeredAt = net.sent(bob, invite200).length > 0 ? net.clock.now() - 50 : 0;
    // alice's refreshes never arrive
    net.network
      .link(alice.transport, bob.transport)
      .drop({ where: (m) => m.kind === 'request' && m.method === 'UPDATE' });
    await net.clock.until(callee.ended(), 120_000);
    expect(callee.reason).toMatchObject({ cause: 'session-expired', by: 'local' });
    const bye = net.network.records((r) => r.from === bob.transport.key && isRequest('BYE')(r.message))[0]!;
    expect(Math.round((bye.at - answeredAt) / 1000)).toBe(60);
    expect(bye.message.header('reason')).toContain('408');
    await net.clock.run(1000);
    expect(caller.state).toBe('terminated');
    expect(caller.reason).toMatchObject({
      cause: 'bye',
      by: 'remote',
      text: 'SIP 408 Session timer expired',
    });
  });

  it('422 Session Interval Too Small: the UAC retries with the Min-SE of the response', async () => {
    net = sessionNetwork();
    const { alice, bob, caller } = await call(net, { expires: 90 }, { minSe: 300 });
    const invites = net.sent(alice, isRequest('INVITE'));
    expect(invites).toHaveLength(2);
    expect(net.sent(bob, (m) => m.kind === 'response' && m.status === 422)[0]!.get('min-se')).toBe(300);
    expect(invites[1]!.get('session-expires')?.deltaSeconds).toBe(300);
    expect(invites[1]!.get('min-se')).toBe(300);
    expect(invites[1]!.cseq!.seq).toBe(invites[0]!.cseq!.seq + 1);
    expect(caller.sessionTimer).toEqual({ interval: 300, weRefresh: true });
  });

  it('a UAS asked for no timer may start one and refresh itself (refresher=uas)', async () => {
    net = sessionNetwork();
    const { bob, caller, callee } = await call(net, { expires: 0 }, { expires: 100 });
    const ok = net.sent(bob, invite200)[0]!;
    expect(ok.get('session-expires')).toMatchObject({ deltaSeconds: 100, refresher: 'uas' });
    expect(caller.sessionTimer).toEqual({ interval: 100, weRefresh: false });
    expect(callee.sessionTimer).toEqual({ interval: 100, weRefresh: true });
    await net.clock.run(51_000);
    expect(net.sent(bob, isRequest('UPDATE'))).toHaveLength(1);
    expect(caller.state).toBe('established');
  });

  it('no Session-Expires anywhere: no timer', async () => {
    net = sessionNetwork();
    const { caller, callee } = await call(net, { expires: 0 }, { expires: 0 });
    expect(caller.sessionTimer).toBeUndefined();
    expect(callee.sessionTimer).toBeUndefined();
  });
});
