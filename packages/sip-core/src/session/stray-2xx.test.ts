import { afterEach, describe, expect, it } from 'vitest';
import { withHeader } from '../message/copies.js';
import type { SipMessage, SipResponse } from '../message/sip-message.js';
import { isRequest } from '../testing/requests.js';
import type { Source } from '../transport/types.js';
import { FakeHandler, type Network, sessionNetwork } from './session-harness.test.util.js';

let net: Network;
afterEach(() => net.close());

const invite200 = (m: SipMessage): boolean =>
  m.kind === 'response' && m.status === 200 && m.cseq?.method === 'INVITE';

const toAlice: Source = {
  protocol: 'udp',
  remoteAddress: '192.0.2.1',
  remotePort: 5060,
  localAddress: '192.0.2.2',
  localPort: 5060,
  flowId: 'test',
};

describe('2xx after the INVITE transaction ended (RFC 3261 13.2.2.4, RFC 6026)', () => {
  it('a late retransmission of the 2xx gets the same ACK again', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2');
    bob.sessions.incoming.on((s) => void s.accept());
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: bob.uri,
      from: `<${alice.uri}>`,
    });
    await net.clock.until(call.invite());
    await net.clock.run(40_000); // Timer M (64*T1) is over: the transaction is gone
    const ok = net.sent(bob, invite200)[0] as SipResponse;
    await bob.transport.sendResponse(ok, toAlice);
    await net.clock.run(100);
    const acks = net.sent(alice, isRequest('ACK'));
    expect(acks).toHaveLength(2);
    expect(acks[1]!.via?.[0]?.branch).toBe(acks[0]!.via?.[0]?.branch);
    expect(call.state).toBe('established');
  });

  it('a 2xx from a fork never seen before is ACKed and BYEd, the call goes on', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2');
    bob.sessions.incoming.on((s) => void s.accept());
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: bob.uri,
      from: `<${alice.uri}>`,
    });
    await net.clock.until(call.invite());
    await net.clock.run(40_000);
    const ok = net.sent(bob, invite200)[0] as SipResponse;
    const to = ok.header('to')!.replace(/;tag=[^;]+/, ';tag=otherfork');
    await bob.transport.sendResponse(withHeader(ok, 'To', to), toAlice);
    await net.clock.run(1000);
    const late = net.network.records((r) => r.from === alice.transport.key && r.at > 40_000);
    const methods = late.map((r) =>
      r.message.kind === 'request' ? `${r.message.method} ${r.message.to?.tag}` : '',
    );
    expect(methods).toEqual(['ACK otherfork', 'BYE otherfork']);
    expect(call.state).toBe('established');
  });
});
