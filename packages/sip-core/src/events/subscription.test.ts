import { afterEach, describe, expect, it } from 'vitest';
import type { SipRequest } from '../message/sip-message.js';
import { makeNet, type Net, request, response } from './harness.test.util.js';
import type { NotifierSubscription } from './notifier-subscription.js';
import {
  type MessageSummary,
  messageSummaryBody,
  messageSummaryPackage,
  parseMessageSummary,
} from './packages/message-summary.js';
import type { SubscriptionEnd } from './subscription-end.js';
import type { SubscriptionNotify } from './subscription-types.js';

const MAILBOX: MessageSummary = {
  messagesWaiting: true,
  account: 'sip:*97@pbx.test',
  counts: [{ context: 'voice-message', newMessages: 2, oldMessages: 8, newUrgent: 0, oldUrgent: 2 }],
};

let net: Net;
afterEach(() => net?.close());

function setup(seed = 1, pkg: Partial<Parameters<typeof messageSummaryPackage>[0]> = {}) {
  net = makeNet(seed);
  const alice = net.ua('alice', '192.0.2.1');
  const pbx = net.ua('pbx', '192.0.2.9');
  const served: NotifierSubscription[] = [];
  pbx.agent.registerEventPackage(
    messageSummaryPackage({
      summaryFor: () => MAILBOX,
      onSubscription: (s) => served.push(s),
      ...pkg,
    }),
  );
  return { alice, pbx, served };
}

function collect(sub: {
  notify: { on(l: (n: SubscriptionNotify) => void): unknown };
  ended: { on(l: (e: SubscriptionEnd) => void): unknown };
}) {
  const notifies: SubscriptionNotify[] = [];
  const ends: SubscriptionEnd[] = [];
  sub.notify.on((n) => notifies.push(n));
  sub.ended.on((e) => ends.push(e));
  return { notifies, ends };
}

const subscribeOptions = {
  event: 'message-summary',
  target: 'sip:alice@pbx.test',
  from: '<sip:alice@pbx.test>',
  accept: ['application/simple-message-summary'],
  expires: 600,
};

describe('Subscription (RFC 6665) over the loop network', () => {
  it('subscribes, gets the immediate NOTIFY with the mailbox, refreshes before expiry and unsubscribes', async () => {
    const { alice, pbx, served } = setup();
    const sub = alice.agent.subscribe(subscribeOptions);
    const { notifies, ends } = collect(sub);
    await net.run(200);
    expect(sub.state).toBe('active');
    expect(served).toHaveLength(1);
    expect(notifies).toHaveLength(1);
    const n = notifies[0]!;
    expect(n.state.state).toBe('active');
    expect(n.state.expires).toBe(600);
    expect(n.contentType).toBe('application/simple-message-summary');
    const parsed = parseMessageSummary(n.body);
    expect(parsed.ok && parsed.value).toEqual(MAILBOX);
    const subscribe = net.sent(alice, request('SUBSCRIBE'))[0] as SipRequest;
    expect(subscribe.header('event')).toBe('message-summary');
    expect(subscribe.header('expires')).toBe('600');
    expect(subscribe.header('accept')).toBe('application/simple-message-summary');
    const ok = net.sent(pbx, response('SUBSCRIBE', 200))[0]!;
    expect(ok.header('allow-events')).toBe('message-summary');
    expect(ok.header('expires')).toBe('600');

    // Refresh: 600 s minus 64*T1 and a second = 567 s.
    await net.run(566_000, 1000);
    expect(net.sent(alice, request('SUBSCRIBE'))).toHaveLength(1);
    await net.run(2000);
    const subs = net.sent(alice, request('SUBSCRIBE')) as SipRequest[];
    expect(subs).toHaveLength(2);
    expect(subs[1]!.to?.tag).toBe(sub.dialog?.id.remoteTag);
    expect(subs[1]!.cseq!.seq).toBe(subs[0]!.cseq!.seq + 1);
    expect(notifies).toHaveLength(2); // 4.2.1.2: a NOTIFY after each refresh
    expect(served[0]!.remaining).toBeGreaterThan(595);

    // A change of state at the notifier.
    served[0]!.notify(
      messageSummaryBody({
        ...MAILBOX,
        counts: [{ context: 'voice-message', newMessages: 3, oldMessages: 8 }],
      }),
    );
    await net.run(200);
    expect(notifies).toHaveLength(3);
    const third = parseMessageSummary(notifies[2]!.body);
    expect(third.ok && third.value.counts[0]!.newMessages).toBe(3);

    const end = sub.unsubscribe();
    await net.run(500);
    expect(await end).toEqual({ reason: 'timeout' });
    const last = net.sent(alice, request('SUBSCRIBE')).at(-1)!;
    expect(last.header('expires')).toBe('0');
    expect(notifies.at(-1)!.state.state).toBe('terminated');
    expect(sub.state).toBe('terminated');
    expect(ends).toHaveLength(1);
    expect(served[0]!.state).toBe('terminated');
    expect(alice.dialogs.size).toBe(0);
    expect(pbx.dialogs.size).toBe(0);
  });

  it('the notifier ends an unrefreshed subscription with terminated;reason=timeout', async () => {
    const { alice, pbx, served } = setup();
    const sub = alice.agent.subscribe({ ...subscribeOptions, expires: 60 });
    const { ends } = collect(sub);
    await net.run(200);
    // Lose every refresh SUBSCRIBE and its retransmissions.
    net.network.link(alice.transport, pbx.transport).drop({ where: request('SUBSCRIBE') });
    await net.run(60_000, 500);
    expect(net.sent(pbx, request('NOTIFY')).at(-1)!.header('subscription-state')).toBe(
      'terminated;reason=timeout',
    );
    await net.run(1000);
    expect(served[0]!.end).toEqual({ reason: 'timeout' });
    // Alice's own expiry (4.1.2.2) came first: the refresh never got through.
    expect(ends).toEqual([{ reason: 'expired' }]);
    expect(net.sent(alice, response('NOTIFY', 481))).toHaveLength(1);
    expect(alice.dialogs.size + pbx.dialogs.size).toBe(0);
  });

  it('answers 489 with Allow-Events for an unknown package', async () => {
    const { alice, pbx } = setup();
    const sub = alice.agent.subscribe({ ...subscribeOptions, event: 'presence' });
    const { ends } = collect(sub);
    await net.run(200);
    expect(ends).toEqual([{ reason: 'failed', status: 489 }]);
    const r = net.sent(pbx, response('SUBSCRIBE', 489))[0]!;
    expect(r.header('allow-events')).toBe('message-summary');
  });

  it('answers 406 when the Accept list has none of the package types', async () => {
    const { alice } = setup();
    const sub = alice.agent.subscribe({ ...subscribeOptions, accept: ['application/xml'] });
    const { ends } = collect(sub);
    await net.run(200);
    expect(ends).toEqual([{ reason: 'failed', status: 406 }]);
  });

  it('retries with Min-Expires after 423', async () => {
    const { alice } = setup(1, {});
    net.close();
    net = makeNet(2);
    const a = net.ua('alice', '192.0.2.1');
    const p = net.ua('pbx', '192.0.2.9');
    p.agent.registerEventPackage({
      ...messageSummaryPackage({ summaryFor: () => MAILBOX }),
      minExpires: 300,
    });
    void alice;
    const sub = a.agent.subscribe({ ...subscribeOptions, expires: 60 });
    await net.run(300);
    const subs = net.sent(a, request('SUBSCRIBE')) as SipRequest[];
    expect(subs.map((s) => s.header('expires'))).toEqual(['60', '300']);
    expect(subs[1]!.cseq!.seq).toBe(subs[0]!.cseq!.seq + 1);
    expect(sub.state).toBe('active');
  });

  it('a pending subscription becomes active when authorized later', async () => {
    const { alice, served } = setup(1, { authorize: () => 'pending' });
    const sub = alice.agent.subscribe(subscribeOptions);
    const { notifies } = collect(sub);
    await net.run(200);
    expect(sub.state).toBe('pending');
    served[0]!.notify(undefined, 'active');
    await net.run(200);
    expect(sub.state).toBe('active');
    expect(notifies.map((n) => n.state.state)).toEqual(['pending', 'active']);
  });

  it('a rejected SUBSCRIBE ends with its status', async () => {
    const { alice } = setup(1, { authorize: () => ({ reject: 403 }) });
    const sub = alice.agent.subscribe(subscribeOptions);
    const { ends } = collect(sub);
    await net.run(200);
    expect(ends).toEqual([{ reason: 'failed', status: 403 }]);
    expect(sub.state).toBe('terminated');
  });
});
