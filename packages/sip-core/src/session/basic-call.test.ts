import { afterEach, describe, expect, it } from 'vitest';
import type { SipMessage } from '../message/sip-message.js';
import { isRequest, isResponse } from '../testing/requests.js';
import { FakeHandler, type Network, sessionNetwork } from './session-harness.test.util.js';
import type { SessionStateName } from './types.js';

let net: Network;
afterEach(() => net.close());

const isAck = isRequest('ACK');
const is200Invite = (m: SipMessage): boolean =>
  m.kind === 'response' && m.status === 200 && m.cseq?.method === 'INVITE';

describe('basic call', () => {
  it('INVITE, 180, 200, ACK, BYE with offer/answer through the handlers', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2');
    bob.sessions.incoming.on((s) => {
      void s.progress().then(() => net.clock.setTimer(1000, () => void s.accept()));
    });
    const handler = new FakeHandler('alice');
    const call = alice.sessions.invite({ handler, target: bob.uri, from: `<${alice.uri}>` });
    const states: SessionStateName[] = [];
    call.stateChange.on((e) => states.push(e.state));
    await net.clock.until(call.invite());
    expect(call.state).toBe('established');
    expect(states).toEqual(['early', 'established']);
    expect(handler.answers).toEqual(['answer bob to offer alice 1']);
    const uas = bob.incoming[0]!;
    await net.clock.run(100);
    expect(uas.state).toBe('established');
    expect(net.sent(alice, isAck)).toHaveLength(1);
    // The 2xx was not retransmitted once the ACK arrived.
    await net.clock.run(10_000);
    expect(net.sent(bob, is200Invite)).toHaveLength(1);
    const bye = call.bye();
    await net.clock.until(bye);
    expect(call.state).toBe('terminated');
    expect(call.reason).toMatchObject({ cause: 'bye', by: 'local' });
    await net.clock.run(100);
    expect(uas.reason).toMatchObject({ cause: 'bye', by: 'remote' });
    expect(bob.handlers[0]!.closed).toBe(true);
    expect(handler.closed).toBe(true);
    expect(
      net.sent(bob, isResponse(200)).filter((m) => m.kind === 'response' && m.cseq?.method === 'BYE'),
    ).toHaveLength(1);
  });
});

describe('basic call over TCP', () => {
  it('runs every request of the dialog over TCP (Contact with transport=tcp)', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2');
    bob.sessions.incoming.on((s) => void s.progress().then(() => s.accept()));
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: 'sip:bob@192.0.2.2;transport=tcp',
      from: `<${alice.uri}>`,
    });
    await net.clock.until(call.invite());
    await net.clock.until(call.reinvite());
    await net.clock.until(call.bye());
    const protocols = new Set(net.network.records(() => true).map((r) => r.protocol));
    expect([...protocols]).toEqual(['tcp']);
    const invite = net.sent(alice, isRequest('INVITE'))[0]!;
    expect(invite.header('contact')).toBe('<sip:alice@192.0.2.1:5060;transport=tcp>');
    expect(invite.header('via')).toMatch(/^SIP\/2\.0\/TCP /);
    expect(bob.incoming[0]!.reason?.cause).toBe('bye');
  });
});
