import { afterEach, describe, expect, it } from 'vitest';
import { createRequest } from '../message/build.js';
import { UaCore } from '../ua/ua-core.js';
import { makeNet, type Net, request, type TestUa } from './harness.test.util.js';
import type { IncomingRefer } from './incoming-refer.js';
import { messageSummaryPackage } from './packages/message-summary.js';

let net: Net;
afterEach(() => net?.close());

const BODY = { messagesWaiting: false, counts: [] };

/** A UA whose requests go through the UA core, with the agent plugged in by attachTo. */
function withCore(ua: TestUa): UaCore {
  const core = new UaCore({ transactions: ua.layer, dialogs: ua.dialogs, clock: net.clock });
  ua.agent.attachTo(core);
  return core;
}

describe('EventAgent behind the UA core', () => {
  it('subscribes, takes a NOTIFY that overtakes the 2xx through the router, and unsubscribes', async () => {
    net = makeNet(11);
    const alice = net.ua('alice', '192.0.2.1', { detached: true });
    const pbx = net.ua('pbx', '192.0.2.9', { detached: true });
    const aliceCore = withCore(alice);
    withCore(pbx);
    pbx.agent.registerEventPackage(messageSummaryPackage({ summaryFor: () => BODY }));
    expect(aliceCore.allowList()).toEqual(expect.arrayContaining(['SUBSCRIBE', 'NOTIFY', 'REFER']));
    net.network.link(pbx.transport, alice.transport).delay(300, { where: (m) => m.kind === 'response' });
    const sub = alice.agent.subscribe({
      event: 'message-summary',
      target: 'sip:alice@pbx.test',
      from: '<sip:alice@pbx.test>',
    });
    await net.run(100);
    expect(sub.state).toBe('active');
    await net.run(500);
    const end = sub.unsubscribe();
    await net.run(1000);
    expect(await end).toEqual({ reason: 'timeout' });
    expect(alice.dialogs.size + pbx.dialogs.size).toBe(0);
  });

  it('REFER out of dialog reaches the delegate; 481 for a NOTIFY of no subscription', async () => {
    net = makeNet(12);
    const refers: IncomingRefer[] = [];
    const alice = net.ua('alice', '192.0.2.1', { detached: true });
    const bob = net.ua('bob', '192.0.2.2', {
      detached: true,
      delegate: {
        onRefer: (r) => {
          refers.push(r);
          r.accept();
          r.complete(200);
        },
      },
    });
    withCore(alice);
    withCore(bob);
    const referral = alice.agent.refer(
      { target: 'sip:bob@bob.test', from: `<${alice.aor}>` },
      'sip:carol@carol.test',
    );
    await net.run(300);
    expect(refers).toHaveLength(1);
    expect(await referral.outcome).toMatchObject({ kind: 'final', status: { status: 200 } });

    const statuses: number[] = [];
    alice.layer.sendRequest(
      createRequest({
        method: 'NOTIFY',
        uri: 'sip:bob@192.0.2.2',
        via: 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-stray',
        from: '<sip:alice@alice.test>;tag=x1',
        to: '<sip:bob@bob.test>;tag=nope',
        callId: 'stray@test',
        cseq: 5,
        headers: { Event: 'message-summary', 'Subscription-State': 'active' },
      }),
      { protocol: 'udp', address: '192.0.2.2', port: 5060 },
      { onResponse: (r) => statuses.push(r.status) },
    );
    await net.run(100);
    expect(statuses).toEqual([481]);
    expect(net.sent(bob, request('NOTIFY'))).toHaveLength(2);
  });
});
