import { afterEach, describe, expect, it } from 'vitest';
import type { SipRequest } from '../message/sip-message.js';
import { makeNet, type Net, request } from './harness.test.util.js';
import type { EventPackage } from './notifier.js';
import type { NotifierSubscription } from './notifier-subscription.js';
import type { SubscriptionNotify } from './subscription-types.js';

let net: Net;
afterEach(() => net?.close());

/** A package with plain text bodies, to show the framework knows nothing of bodies. */
function textPackage(event: string, served: NotifierSubscription[]): EventPackage {
  return {
    event,
    accept: ['text/plain'],
    initialState: (s) => ({ body: `${event} ${s.id ?? '-'} initial`, contentType: 'text/plain' }),
    onSubscription: (s) => served.push(s),
  };
}

describe('Subscriptions over a lossy network', () => {
  it.each([1, 2, 3, 4, 5])(
    'subscribe, 3 refreshes, state changes and unsubscribe with 20 percent loss both ways (seed %i)',
    async (seed) => {
      net = makeNet(seed);
      const alice = net.ua('alice', '192.0.2.1');
      const bob = net.ua('bob', '192.0.2.2');
      const served: NotifierSubscription[] = [];
      bob.agent.registerEventPackage(textPackage('dialog', served));
      net.network.link('*', '*').drop({ probability: 0.2 });
      const sub = alice.agent.subscribe({
        event: 'dialog',
        target: 'sip:bob@bob.test',
        from: `<${alice.aor}>`,
        expires: 120,
      });
      const bodies: string[] = [];
      sub.notify.on((n) => bodies.push(new TextDecoder().decode(n.body)));
      await net.run(40_000, 100);
      expect(sub.state).toBe('active');
      for (let i = 0; i < 3; i++) {
        served[0]!.notify({ body: `change ${i}`, contentType: 'text/plain' });
        await net.run(100_000, 250);
        expect(sub.state).toBe('active');
      }
      expect(bodies).toContain('change 2');
      expect(net.sent(alice, request('SUBSCRIBE')).length).toBeGreaterThanOrEqual(4);
      const end = sub.unsubscribe();
      await net.run(40_000, 100);
      const e = await end;
      // The final NOTIFY may be lost for good; then Timer N ends it.
      expect(['timeout', 'unsubscribed']).toContain(e.reason);
      expect(served[0]!.state).toBe('terminated');
      expect(alice.dialogs.size).toBe(0);
      expect(bob.dialogs.size).toBe(0);
      expect(served).toHaveLength(1);
      expect(net.network.records((r) => r.outcome === 'dropped').length).toBeGreaterThan(0);
    },
  );
});

describe('Event id (RFC 6665 7.2.1): several subscriptions in one dialog', () => {
  it('routes NOTIFYs and refreshes by id; the dialog ends with the last one', async () => {
    net = makeNet(9);
    const alice = net.ua('alice', '192.0.2.1');
    const bob = net.ua('bob', '192.0.2.2');
    const served: NotifierSubscription[] = [];
    bob.agent.registerEventPackage(textPackage('dialog', served));
    const a = alice.agent.subscribe({
      event: 'dialog',
      id: 'a',
      target: 'sip:bob@bob.test',
      from: `<${alice.aor}>`,
      expires: 100,
    });
    await net.run(200);
    const b = alice.agent.subscribe({ event: 'dialog', id: 'b', dialog: a.dialog!, expires: 100 });
    const seenA: SubscriptionNotify[] = [];
    const seenB: SubscriptionNotify[] = [];
    a.notify.on((n) => seenA.push(n));
    b.notify.on((n) => seenB.push(n));
    await net.run(200);
    expect(b.state).toBe('active');
    expect(served.map((s) => s.id)).toEqual(['a', 'b']);
    expect(served[0]!.dialog).toBe(served[1]!.dialog);
    expect(new TextDecoder().decode(seenB[0]!.body)).toBe('dialog b initial');
    served[0]!.notify({ body: 'for a', contentType: 'text/plain' });
    await net.run(200);
    expect(seenA.map((n) => new TextDecoder().decode(n.body))).toEqual(['for a']);
    expect(seenB).toHaveLength(1);
    // Both refresh in the one dialog, each under its id.
    await net.run(70_000, 500);
    const refreshes = (net.sent(alice, request('SUBSCRIBE')) as SipRequest[])
      .slice(2)
      .map((r) => r.header('event'));
    expect(refreshes.sort()).toEqual(['dialog;id=a', 'dialog;id=b']);
    expect(served.every((s) => s.state === 'active')).toBe(true);
    await Promise.all([a.unsubscribe(), net.run(1000)]);
    expect(alice.dialogs.size).toBe(1);
    expect(bob.dialogs.size).toBe(1);
    expect(b.state).toBe('active');
    await Promise.all([b.unsubscribe(), net.run(1000)]);
    expect(alice.dialogs.size).toBe(0);
    expect(bob.dialogs.size).toBe(0);
  });
});
