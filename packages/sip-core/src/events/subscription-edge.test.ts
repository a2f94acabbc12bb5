import { afterEach, describe, expect, it } from 'vitest';
import { AuthSession } from '../auth/auth-session.js';
import { DigestVerifier } from '../auth/verifier.js';
import { createRequest, createResponse } from '../message/build.js';
import type { SipRequest } from '../message/sip-message.js';
import type { UnsolicitedNotify } from './event-agent.js';
import { makeNet, type Net, request, response } from './harness.test.util.js';
import type { NotifierSubscription } from './notifier-subscription.js';
import { messageSummaryPackage } from './packages/message-summary.js';
import type { Subscription } from './subscription.js';

const BODY = {
  messagesWaiting: true,
  counts: [{ context: 'voice-message', newMessages: 1, oldMessages: 0 }],
};
const OPTIONS = {
  event: 'message-summary',
  target: 'sip:alice@pbx.test',
  from: '<sip:alice@pbx.test>',
  expires: 600,
};

let net: Net;
afterEach(() => net?.close());

function setup(seed = 1) {
  net = makeNet(seed);
  const alice = net.ua('alice', '192.0.2.1');
  const pbx = net.ua('pbx', '192.0.2.9');
  const served: NotifierSubscription[] = [];
  pbx.agent.registerEventPackage(
    messageSummaryPackage({ summaryFor: () => BODY, onSubscription: (s) => served.push(s) }),
  );
  return { alice, pbx, served };
}

/** A NOTIFY for `subscribe` from another fork (its own tag and Contact), as a forking proxy would deliver it. */
function forkNotify(
  subscribe: SipRequest,
  tag: string,
  host: string,
  state = 'active;expires=300',
): SipRequest {
  return createRequest({
    method: 'NOTIFY',
    uri: subscribe.header('contact')!.replace(/^<|>$/g, ''),
    via: `SIP/2.0/UDP ${host}:5060;branch=z9hG4bK-fork-${tag}`,
    from: `<sip:alice@pbx.test>;tag=${tag}`,
    to: subscribe.header('from')!,
    callId: subscribe.callId!,
    cseq: 1,
    contact: `<sip:fork-${tag}@${host}:5060>`,
    headers: { Event: 'message-summary', 'Subscription-State': state },
  });
}

describe('Subscription: NOTIFY before 2xx, forks, Timer N', () => {
  it('a NOTIFY that overtakes the 2xx creates the dialog (RFC 6665 4.1.2.4)', async () => {
    const { alice, pbx } = setup();
    net.network.link(pbx.transport, alice.transport).delay(400, { where: response('SUBSCRIBE') });
    const sub = alice.agent.subscribe(OPTIONS);
    await net.run(100);
    expect(net.sent(pbx, response('SUBSCRIBE', 200))).toHaveLength(1);
    expect(sub.state).toBe('active'); // from the NOTIFY; the 2xx is still on its way
    const dialog = sub.dialog;
    expect(dialog).toBeDefined();
    await net.run(600);
    expect(sub.dialog).toBe(dialog);
    expect(alice.dialogs.size).toBe(1);
    expect(sub.state).toBe('active');
  });

  it('forked NOTIFYs with other To tags each make their own subscription', async () => {
    const { alice, pbx } = setup();
    const carol = net.ua('carol', '192.0.2.3');
    const sub = alice.agent.subscribe(OPTIONS);
    const forks: Subscription[] = [];
    sub.fork.on((f) => forks.push(f));
    await net.run(100);
    const subscribe = net.sent(alice, request('SUBSCRIBE'))[0] as SipRequest;
    const statuses: number[] = [];
    carol.layer.sendRequest(
      forkNotify(subscribe, 'forkB', '192.0.2.3'),
      { protocol: 'udp', address: '192.0.2.1', port: 5060 },
      {
        onResponse: (r) => statuses.push(r.status),
      },
    );
    await net.run(100);
    expect(statuses).toEqual([200]);
    expect(forks).toHaveLength(1);
    const fork = forks[0]!;
    expect(fork.state).toBe('active');
    expect(fork.dialog?.id.remoteTag).toBe('forkB');
    expect(fork.dialog?.remoteTarget).toMatchObject({ user: 'fork-forkB', host: '192.0.2.3' });
    expect(sub.dialog?.id.remoteTag).not.toBe('forkB');
    expect(alice.dialogs.size).toBe(2);
    // Each refreshes in its own dialog: the fork towards carol.
    await net.run(270_000, 1000);
    const refreshes = net.sent(alice, request('SUBSCRIBE')) as SipRequest[];
    expect(refreshes.some((r) => r.to?.tag === 'forkB')).toBe(true);
    // Unsubscribing one leaves the other.
    void fork.unsubscribe();
    await net.run(40_000, 1000);
    expect(fork.state).toBe('terminated');
    expect(sub.state).toBe('active');
    void pbx;
  });

  it('no NOTIFY within 64*T1 after the 2xx ends the subscription (Timer N)', async () => {
    const { alice, pbx } = setup();
    net.network.link(pbx.transport, alice.transport).drop({ where: request('NOTIFY') });
    const sub = alice.agent.subscribe(OPTIONS);
    await net.run(1000);
    expect(sub.state).toBe('accepted');
    await net.run(31_000, 500);
    expect(sub.state).toBe('accepted');
    await net.run(1500, 100);
    expect(sub.end).toEqual({ reason: 'no-notify' });
    expect(alice.dialogs.size).toBe(0);
  });

  it('a NOTIFY without Subscription-State gets 400 and changes nothing', async () => {
    const { alice } = setup();
    const carol = net.ua('carol', '192.0.2.3');
    const sub = alice.agent.subscribe(OPTIONS);
    await net.run(100);
    const subscribe = net.sent(alice, request('SUBSCRIBE'))[0] as SipRequest;
    const statuses: number[] = [];
    const bad = forkNotify(subscribe, 'forkC', '192.0.2.3');
    const stripped = createRequest({
      method: 'NOTIFY',
      uri: bad.requestUri,
      via: bad.header('via')!,
      from: bad.header('from')!,
      to: bad.header('to')!,
      callId: bad.callId!,
      cseq: 1,
      headers: { Event: 'message-summary' },
    });
    carol.layer.sendRequest(
      stripped,
      { protocol: 'udp', address: '192.0.2.1', port: 5060 },
      { onResponse: (r) => statuses.push(r.status) },
    );
    await net.run(100);
    expect(statuses).toEqual([400]);
    expect(sub.state).toBe('active');
  });
});

describe('Subscription: CSeq order, vanished subscribers, throwing listeners', () => {
  it('a listener that throws changes nothing in the protocol', async () => {
    const { alice, served } = setup();
    const sub = alice.agent.subscribe(OPTIONS);
    sub.notify.on(() => {
      throw new Error('application bug');
    });
    sub.stateChange.on(() => {
      throw new Error('application bug');
    });
    await net.run(200);
    expect(sub.state).toBe('active');
    served[0]!.terminate('noresource');
    await net.run(200);
    expect(sub.end).toEqual({ reason: 'noresource' });
    expect(alice.dialogs.size).toBe(0);
  });

  it('a NOTIFY older than the last one gets 500 (RFC 3261 12.2.2)', async () => {
    const { alice } = setup();
    const carol = net.ua('carol', '192.0.2.3');
    const sub = alice.agent.subscribe(OPTIONS);
    await net.run(100);
    const subscribe = net.sent(alice, request('SUBSCRIBE'))[0] as SipRequest;
    const statuses: number[] = [];
    const send = (cseq: number, state: string) => {
      const base = forkNotify(subscribe, 'forkD', '192.0.2.3', state);
      const n = createRequest({
        method: 'NOTIFY',
        uri: base.requestUri,
        via: `SIP/2.0/UDP 192.0.2.3:5060;branch=z9hG4bK-order-${cseq}`,
        from: base.header('from')!,
        to: base.header('to')!,
        callId: base.callId!,
        cseq,
        contact: '<sip:fork-forkD@192.0.2.3:5060>',
        headers: { Event: 'message-summary', 'Subscription-State': state },
      });
      carol.layer.sendRequest(
        n,
        { protocol: 'udp', address: '192.0.2.1', port: 5060 },
        { onResponse: (r) => statuses.push(r.status) },
      );
    };
    const forks: string[] = [];
    sub.fork.on((f) => f.stateChange.on((st) => forks.push(st)));
    send(5, 'pending;expires=300');
    await net.run(100);
    send(4, 'active;expires=300');
    await net.run(100);
    expect(statuses).toEqual([200, 500]);
    expect(forks).toEqual(['pending']); // made by the first NOTIFY; the older one did not move it
  });

  it('the notifier drops a subscription whose NOTIFY gets 481 (RFC 6665 4.2.2)', async () => {
    const { alice, served } = setup();
    const sub = alice.agent.subscribe(OPTIONS);
    await net.run(40_000, 1000); // past the window for forked NOTIFYs
    // Alice forgets the subscription without telling anyone (a restart, say).
    alice.dialogs.remove(sub.dialog!);
    served[0]!.notify({
      body: 'Messages-Waiting: no\r\n',
      contentType: 'application/simple-message-summary',
    });
    await net.run(200);
    expect(served[0]!.end).toEqual({ reason: 'dialog-gone', status: 481 });
    expect(net.sent(alice, response('NOTIFY', 481))).toHaveLength(1);
  });
});

describe('Subscription: termination reasons (RFC 6665 4.1.3)', () => {
  it('deactivated: subscribes again at once, with a new dialog', async () => {
    const { alice, served } = setup();
    const sub = alice.agent.subscribe(OPTIONS);
    const states: string[] = [];
    sub.stateChange.on((s) => states.push(s));
    await net.run(100);
    const first = sub.dialog!.id.callId;
    served[0]!.terminate('deactivated');
    await net.run(300);
    expect(states).toEqual(['active', 'waiting', 'subscribing', 'active']);
    expect(served).toHaveLength(2);
    expect(sub.dialog!.id.callId).not.toBe(first);
    expect(alice.dialogs.size).toBe(1);
  });

  it('probation: waits retry-after seconds before subscribing again', async () => {
    const { alice, served } = setup();
    const sub = alice.agent.subscribe(OPTIONS);
    await net.run(100);
    served[0]!.terminate('probation', { retryAfter: 30 });
    await net.run(29_000, 500);
    expect(sub.state).toBe('waiting');
    expect(net.sent(alice, request('SUBSCRIBE'))).toHaveLength(1);
    await net.run(2000);
    expect(net.sent(alice, request('SUBSCRIBE'))).toHaveLength(2);
    expect(sub.state).toBe('active');
  });

  it.each(['rejected', 'noresource', 'invariant', 'giveup'])('%s: ends for good', async (reason) => {
    const { alice, served } = setup();
    const sub = alice.agent.subscribe(OPTIONS);
    await net.run(100);
    served[0]!.terminate(reason);
    await net.run(60_000, 1000);
    expect(sub.end).toEqual({ reason });
    expect(net.sent(alice, request('SUBSCRIBE'))).toHaveLength(1);
    expect(alice.dialogs.size).toBe(0);
  });

  it('a notifier that deactivates again and again gets three new subscriptions a minute, then we stop', async () => {
    const { alice, pbx } = setup();
    pbx.agent.registerEventPackage({
      ...messageSummaryPackage({ summaryFor: () => BODY }),
      onSubscription: (s) => s.terminate('deactivated'),
    });
    const sub = alice.agent.subscribe(OPTIONS);
    await net.run(2000);
    expect(sub.end).toEqual({ reason: 'deactivated' });
    expect(net.sent(alice, request('SUBSCRIBE'))).toHaveLength(4);
  });

  it('a fetch (Expires: 0) gets one NOTIFY and ends without subscribing again', async () => {
    const { alice, served } = setup();
    const sub = alice.agent.subscribe({ ...OPTIONS, expires: 0 });
    const bodies: string[] = [];
    sub.notify.on((n) => bodies.push(new TextDecoder().decode(n.body)));
    await net.run(1000);
    expect(sub.end).toEqual({ reason: 'timeout' });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain('Messages-Waiting: yes');
    expect(served[0]!.end).toEqual({ reason: 'timeout' });
    expect(net.sent(alice, request('SUBSCRIBE'))).toHaveLength(1);
  });

  it('resubscribe: false leaves deactivated subscriptions ended', async () => {
    const { alice, served } = setup();
    const sub = alice.agent.subscribe({ ...OPTIONS, resubscribe: false });
    await net.run(100);
    served[0]!.terminate('deactivated');
    await net.run(300);
    expect(sub.end).toEqual({ reason: 'deactivated' });
  });

  it('unsubscribe before the 2xx waits for the dialog, then sends Expires: 0', async () => {
    const { alice, pbx } = setup();
    net.network.link(pbx.transport, alice.transport).delay(300, { where: response('SUBSCRIBE') });
    net.network.link(pbx.transport, alice.transport).delay(300, { where: request('NOTIFY'), count: 1 });
    const sub = alice.agent.subscribe(OPTIONS);
    await net.run(20);
    const end = sub.unsubscribe();
    await net.run(1000);
    expect(await end).toEqual({ reason: 'timeout' });
    expect(net.sent(alice, request('SUBSCRIBE')).map((s) => s.header('expires'))).toEqual(['600', '0']);
  });
});

describe('EventAgent: unsolicited NOTIFY and authentication', () => {
  it('hands an out-of-dialog NOTIFY to the delegate (Asterisk MWI without SUBSCRIBE)', async () => {
    net = makeNet(5);
    const seen: UnsolicitedNotify[] = [];
    let accept = true;
    const phone = net.ua('phone', '192.0.2.1', {
      delegate: {
        onUnsolicitedNotify: (n) => {
          seen.push(n);
          return accept;
        },
      },
    });
    const pbx = net.ua('pbx', '192.0.2.9');
    const body =
      'Messages-Waiting: yes\r\nMessage-Account: sip:*97@192.0.2.9\r\nVoice-Message: 1/0 (0/0)\r\n';
    const send = (): Promise<number> =>
      new Promise((resolve) => {
        pbx.layer.sendRequest(
          createRequest({
            method: 'NOTIFY',
            uri: 'sip:phone@192.0.2.1',
            via: `SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bK-mwi-${seen.length}`,
            from: '<sip:asterisk@192.0.2.9>;tag=as1',
            to: '<sip:phone@192.0.2.1>',
            callId: `mwi-${seen.length}@192.0.2.9`,
            cseq: 102,
            headers: { Event: 'message-summary', 'Subscription-State': 'active' },
            body,
            contentType: 'application/simple-message-summary',
          }),
          { protocol: 'udp', address: '192.0.2.1', port: 5060 },
          { onResponse: (r) => r.status >= 200 && resolve(r.status) },
        );
      });
    const first = send();
    await net.run(100);
    expect(await first).toBe(200);
    expect(seen[0]).toMatchObject({
      event: 'message-summary',
      contentType: 'application/simple-message-summary',
    });
    expect(new TextDecoder().decode(seen[0]!.body)).toBe(body);
    accept = false;
    const second = send();
    await net.run(100);
    expect(await second).toBe(481);
    void phone;
  });

  it('answers a 401 on SUBSCRIBE with digest credentials', async () => {
    net = makeNet(6);
    const auth = new AuthSession({ store: { credentials: [{ username: 'alice', password: 'secret' }] } });
    const alice = net.ua('alice', '192.0.2.1', { auth });
    const pbx = net.ua('pbx', '192.0.2.9', { detached: true });
    pbx.agent.registerEventPackage(messageSummaryPackage({ summaryFor: () => BODY }));
    const verifier = new DigestVerifier({
      realm: 'pbx.test',
      passwords: new Map([['alice', 'secret']]),
      clock: net.clock,
    });
    pbx.layer.onRequest((tx) => {
      const req = tx.request;
      if (req.method === 'SUBSCRIBE' && req.to?.tag === undefined && !verifier.verify(req).ok) {
        tx.respond(
          createResponse(req, 401, undefined, { headers: { 'WWW-Authenticate': verifier.challenges() } }),
        );
        return;
      }
      const dialog = req.to?.tag === undefined ? undefined : pbx.dialogs.matchRequest(req);
      if (dialog?.usages.some((u) => u.onRequest(tx, dialog))) return;
      pbx.agent.handleRequest(tx, dialog);
    });
    const sub = alice.agent.subscribe(OPTIONS);
    await net.run(300);
    expect(sub.state).toBe('active');
    const subs = net.sent(alice, request('SUBSCRIBE')) as SipRequest[];
    expect(subs).toHaveLength(2);
    expect(subs[1]!.header('authorization')).toMatch(/^Digest /);
    expect(net.sent(pbx, response('SUBSCRIBE', 401))).toHaveLength(1);
  });
});
