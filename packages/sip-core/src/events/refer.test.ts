import { afterEach, describe, expect, it } from 'vitest';
import { AuthSession } from '../auth/auth-session.js';
import { DigestVerifier } from '../auth/verifier.js';
import { Dialog } from '../dialog/dialog.js';
import { parseFromTo } from '../headers/name-addr.js';
import { createRequest, createResponse } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { formatUri } from '../uri/format.js';
import { parseUri } from '../uri/parse.js';
import { Emitter } from '../util/emitter.js';
import { makeNet, type Net, request, response, type TestUa } from './harness.test.util.js';
import type { IncomingRefer } from './incoming-refer.js';
import type { SipfragStatus } from './packages/sipfrag.js';
import { replacesForDialog } from './replaces.js';

let net: Net;
afterEach(() => net?.close());

const must = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error('parse');
  return r.value;
};

/** An established (INVITE-like) dialog between two UAs, with the agents' usage on both sides. */
function callBetween(a: TestUa, b: TestUa, callId = 'call-1@test'): [Dialog, Dialog] {
  const aFrom = must(parseFromTo(`<${a.aor}>;tag=ta`));
  const bTo = must(parseFromTo(`<${b.aor}>;tag=tb`));
  const da = new Dialog(
    {
      id: { callId, localTag: 'ta', remoteTag: 'tb' },
      role: 'uac',
      state: 'confirmed',
      local: aFrom,
      remote: bTo,
      remoteTarget: must(parseUri(`sip:${b.name}@${b.transport.address}:5060`)),
      routeSet: [],
      localSeq: 100,
      remoteSeq: undefined,
      secure: false,
    },
    a.ctx.dialogContext,
  );
  const db = new Dialog(
    {
      id: { callId, localTag: 'tb', remoteTag: 'ta' },
      role: 'uas',
      state: 'confirmed',
      local: bTo,
      remote: aFrom,
      remoteTarget: must(parseUri(`sip:${a.name}@${a.transport.address}:5060`)),
      routeSet: [],
      localSeq: undefined,
      remoteSeq: 100,
      secure: false,
    },
    b.ctx.dialogContext,
  );
  a.dialogs.add(da);
  b.dialogs.add(db);
  da.addUsage(a.agent.dialogUsage);
  db.addUsage(b.agent.dialogUsage);
  return [da, db];
}

function setup(onRefer: (r: IncomingRefer) => void, seed = 1) {
  net = makeNet(seed);
  const alice = net.ua('alice', '192.0.2.1');
  const bob = net.ua('bob', '192.0.2.2', { delegate: { onRefer } });
  return { alice, bob };
}

describe('REFER (RFC 3515) with its implicit subscription', () => {
  it('in a dialog: 202, NOTIFY 100 Trying, 180, then 200 OK and terminated;reason=noresource', async () => {
    const offers: IncomingRefer[] = [];
    const { alice, bob } = setup((r) => {
      offers.push(r);
      r.accept();
    });
    const [da] = callBetween(alice, bob);
    const referral = alice.agent.refer(da, '<sip:carol@carol.test>', { referredBy: `<${alice.aor}>` });
    const progress: SipfragStatus[] = [];
    referral.progress.on((p) => progress.push(p));
    await net.run(200);
    expect(offers).toHaveLength(1);
    const r = offers[0]!;
    expect(r.referTo.uri).toMatchObject({ user: 'carol', host: 'carol.test' });
    expect(r.referredBy?.uri).toMatchObject({ user: 'alice', host: 'alice.test' });
    expect(r.replaces).toBeUndefined();
    expect(progress.map((p) => p.status)).toEqual([100]);
    r.progress(180);
    await net.run(200);
    r.complete(200);
    await net.run(200);
    expect(await referral.outcome).toMatchObject({ kind: 'final', status: { status: 200, reason: 'OK' } });
    expect(progress.map((p) => p.status)).toEqual([100, 180, 200]);

    const refer = net.sent(alice, request('REFER'))[0] as SipRequest;
    expect(refer.header('refer-to')).toBe('<sip:carol@carol.test>');
    expect(net.sent(bob, response('REFER', 202))).toHaveLength(1);
    const notifies = net.sent(bob, request('NOTIFY')) as SipRequest[];
    expect(notifies.map((n) => n.header('event'))).toEqual(Array(3).fill(`refer;id=${refer.cseq!.seq}`));
    expect(notifies.map((n) => n.header('subscription-state')?.split(';')[0])).toEqual([
      'active',
      'active',
      'terminated',
    ]);
    expect(notifies[2]!.header('subscription-state')).toBe('terminated;reason=noresource');
    expect(notifies.map((n) => n.header('content-type'))).toEqual(Array(3).fill('message/sipfrag'));
    expect(notifies[0]!.bodyText).toBe('SIP/2.0 100 Trying\r\n');
    expect(referral.subscription.state).toBe('terminated');
    // The INVITE dialog is not ours: it stays.
    expect(da.state).toBe('confirmed');
    expect(alice.dialogs.size).toBe(1);
  });

  it('out of dialog: the REFER makes its own dialog, which ends with the subscription', async () => {
    const { alice, bob } = setup((r) => {
      r.accept();
      r.complete(200);
    });
    const referral = alice.agent.refer(
      { target: 'sip:bob@bob.test', from: `<${alice.aor}>` },
      'sip:carol@carol.test',
    );
    await net.run(300);
    expect(await referral.outcome).toMatchObject({ kind: 'final', status: { status: 200 } });
    expect(alice.dialogs.size).toBe(0);
    expect(bob.dialogs.size).toBe(0);
  });

  it('a declined REFER gives 603 and no subscription', async () => {
    const { alice, bob } = setup((r) => r.reject());
    const [da] = callBetween(alice, bob);
    const referral = alice.agent.refer(da, 'sip:carol@carol.test');
    await net.run(200);
    expect(await referral.outcome).toEqual({ kind: 'rejected', status: 603 });
    expect(net.sent(bob, request('NOTIFY'))).toHaveLength(0);
  });

  it('norefersub (RFC 4488): Refer-Sub: false both ways and no NOTIFY', async () => {
    const offers: IncomingRefer[] = [];
    const { alice, bob } = setup((r) => {
      offers.push(r);
      r.accept();
    });
    const [da] = callBetween(alice, bob);
    const referral = alice.agent.refer(da, 'sip:carol@carol.test', { norefersub: true });
    await net.run(200);
    expect(offers[0]!.norefersub).toBe(true);
    const outcome = await referral.outcome;
    expect(outcome.kind).toBe('accepted-no-subscription');
    const refer = net.sent(alice, request('REFER'))[0]!;
    expect(refer.header('refer-sub')).toBe('false');
    expect(refer.header('supported')).toBe('norefersub');
    expect(net.sent(bob, response('REFER', 202))[0]!.header('refer-sub')).toBe('false');
    expect(net.sent(bob, request('NOTIFY'))).toHaveLength(0);
    expect(() => offers[0]!.complete(200)).not.toThrow(); // nothing to notify
  });

  it('a referee that ignores norefersub still reports, and the referrer follows', async () => {
    net = makeNet(3);
    const alice = net.ua('alice', '192.0.2.1');
    const bob = net.ua('bob', '192.0.2.2', {
      refer: { norefersub: false },
      delegate: {
        onRefer: (r) => {
          r.accept();
          r.complete(486, 'Busy Here');
        },
      },
    });
    const [da] = callBetween(alice, bob);
    const referral = alice.agent.refer(da, 'sip:carol@carol.test', { norefersub: true });
    await net.run(300);
    expect(await referral.outcome).toMatchObject({
      kind: 'final',
      status: { status: 486, reason: 'Busy Here' },
    });
  });

  it('attended transfer: Replaces travels in Refer-To and reaches the referee parsed', async () => {
    const offers: IncomingRefer[] = [];
    const { alice, bob } = setup((r) => {
      offers.push(r);
      r.accept();
    });
    const [da] = callBetween(alice, bob);
    // Alice's consultation call with carol (tags a-c / c-a).
    const consult = new Dialog(
      {
        id: { callId: 'consult@test', localTag: 'a-c', remoteTag: 'c-a' },
        role: 'uac',
        state: 'confirmed',
        local: must(parseFromTo(`<${alice.aor}>;tag=a-c`)),
        remote: must(parseFromTo('<sip:carol@carol.test>;tag=c-a')),
        remoteTarget: must(parseUri('sip:carol@192.0.2.3')),
        routeSet: [],
        localSeq: 1,
        remoteSeq: undefined,
        secure: false,
      },
      alice.ctx.dialogContext,
    );
    alice.agent.refer(da, 'sip:carol@carol.test', { replaces: replacesForDialog(consult) });
    await net.run(200);
    expect(offers[0]!.replaces).toMatchObject({
      callId: 'consult@test',
      toTag: 'c-a',
      fromTag: 'a-c',
      earlyOnly: false,
    });
    expect(net.sent(alice, request('REFER'))[0]!.header('refer-to')).toBe(
      '<sip:carol@carol.test?Replaces=consult%40test%3Bto-tag%3Dc-a%3Bfrom-tag%3Da-c>',
    );
  });

  it('603 without a delegate; a SUBSCRIBE for refer outside a REFER gets 489', async () => {
    net = makeNet(4);
    const alice = net.ua('alice', '192.0.2.1');
    const bob = net.ua('bob', '192.0.2.2');
    const [da] = callBetween(alice, bob);
    const referral = alice.agent.refer(da, 'sip:carol@carol.test');
    await net.run(200);
    expect(await referral.outcome).toEqual({ kind: 'rejected', status: 603 });
    const sub = alice.agent.subscribe({ event: 'refer', dialog: da, expires: 60 }); // not how refer is used: gets a 489 from bob
    await net.run(200);
    expect(sub.end).toEqual({ reason: 'failed', status: 489 });
  });

  it('survives loss: REFER, 202 and NOTIFYs dropped once each', async () => {
    const { alice, bob } = setup((r) => {
      r.accept();
      r.complete(200);
    }, 7);
    const [da] = callBetween(alice, bob);
    net.network.link(alice.transport, bob.transport).drop({ count: 1, where: request('REFER') });
    net.network.link(bob.transport, alice.transport).drop({ count: 1, where: response('REFER') });
    net.network.link(bob.transport, alice.transport).drop({ count: 2, where: request('NOTIFY') });
    const referral = alice.agent.refer(da, 'sip:carol@carol.test');
    await net.run(10_000, 50);
    expect(await referral.outcome).toMatchObject({ kind: 'final', status: { status: 200 } });
    expect(referral.lastStatus?.status).toBe(200);
  });

  it('a 407 on an in-dialog REFER is answered with the next CSeq of the dialog, and the id follows it', async () => {
    net = makeNet(8);
    const auth = new AuthSession({ store: { credentials: [{ username: 'alice', password: 'pw' }] } });
    const alice = net.ua('alice', '192.0.2.1', { auth });
    const bob = net.ua('bob', '192.0.2.2', {
      detached: true,
      delegate: {
        onRefer: (r) => {
          r.accept();
          r.complete(200);
        },
      },
    });
    const verifier = new DigestVerifier({
      realm: 'proxy.test',
      kind: 'proxy',
      passwords: new Map([['alice', 'pw']]),
      clock: net.clock,
    });
    bob.layer.onRequest((tx) => {
      const req = tx.request;
      if (req.method === 'REFER' && !verifier.verify(req).ok) {
        tx.respond(
          createResponse(req, 407, undefined, { headers: { 'Proxy-Authenticate': verifier.challenges() } }),
        );
        return;
      }
      const dialog = bob.dialogs.matchRequest(req);
      if (dialog?.usages.some((u) => u.onRequest(tx, dialog)) === true) return;
      tx.respond(createResponse(req, 481));
    });
    const [da] = callBetween(alice, bob);
    const referral = alice.agent.refer(da, 'sip:carol@carol.test');
    await net.run(500);
    expect(await referral.outcome).toMatchObject({ kind: 'final', status: { status: 200 } });
    const refers = net.sent(alice, request('REFER')) as SipRequest[];
    expect(refers.map((r) => r.cseq!.seq)).toEqual([101, 102]);
    expect(refers[1]!.header('proxy-authorization')).toMatch(/^Digest /);
    expect(referral.subscription.id).toBe('102');
    expect(net.sent(bob, request('NOTIFY')).map((n) => n.header('event'))).toEqual([
      'refer;id=102',
      'refer;id=102',
    ]);
    expect(da.localSeq).toBe(102);
  });

  it('triggered(): the target without URI headers, Replaces unescaped, Referred-By copied; follow() reports the call', async () => {
    const offers: IncomingRefer[] = [];
    const { alice, bob } = setup((r) => {
      offers.push(r);
      r.accept();
    });
    const [da] = callBetween(alice, bob);
    const referral = alice.agent.refer(
      da,
      '<sip:carol@carol.test;transport=tcp?Replaces=c%40h%3Bto-tag%3D1%3Bfrom-tag%3D2&Priority=urgent>',
      { referredBy: '"Alice" <sip:alice@alice.test>' },
    );
    const seen: number[] = [];
    referral.progress.on((p) => seen.push(p.status));
    await net.run(200);
    const t = offers[0]!.triggered();
    expect(formatUri(t.target)).toBe('sip:carol@carol.test;transport=tcp');
    expect(t.headers).toEqual([
      ['Replaces', 'c@h;to-tag=1;from-tag=2'],
      ['Priority', 'urgent'],
      ['Referred-By', '"Alice" <sip:alice@alice.test>'],
    ]);
    // A stand-in for the INVITE session of the triggered call.
    const progress = new Emitter<SipResponse>();
    let fail: (e: unknown) => void = () => {};
    offers[0]!.follow(progress, new Promise((_, reject) => (fail = reject)));
    const invite = createRequest({
      method: 'INVITE',
      uri: 'sip:carol@carol.test',
      via: 'SIP/2.0/UDP 192.0.2.2;branch=z9hG4bKx',
      from: '<sip:bob@bob.test>;tag=x',
      to: '<sip:carol@carol.test>',
      callId: 'x@test',
      cseq: 1,
    });
    progress.emit(createResponse(invite, 100));
    progress.emit(createResponse(invite, 180));
    await net.run(200);
    fail(Object.assign(new Error('busy'), { status: 486 }));
    await net.run(200);
    expect(seen).toEqual([100, 180, 486]);
    expect(await referral.outcome).toMatchObject({ kind: 'final', status: { status: 486 } });
  });

  it('the call dialog ending ends the refer subscription on both sides', async () => {
    const offers: IncomingRefer[] = [];
    const { alice, bob } = setup((r) => {
      offers.push(r);
      r.accept();
    });
    const [da, db] = callBetween(alice, bob);
    const referral = alice.agent.refer(da, 'sip:carol@carol.test');
    await net.run(200);
    expect(referral.subscription.state).toBe('active');
    // BYE on the call (the session layer would do this).
    da.terminate();
    db.terminate();
    await net.run(100);
    expect(await referral.outcome).toEqual({ kind: 'ended', end: { reason: 'dialog-gone' } });
    expect(offers[0]!.subscription?.end).toEqual({ reason: 'dialog-gone' });
    expect(() => offers[0]!.complete(200)).not.toThrow();
    await net.run(100);
    expect(net.sent(bob, request('NOTIFY'))).toHaveLength(1);
  });

  it('a REFER handler that throws before deciding gets 500; a package hook that throws still gives a NOTIFY', async () => {
    const { alice, bob } = setup(() => {
      throw new Error('application bug');
    });
    const [da] = callBetween(alice, bob);
    const referral = alice.agent.refer(da, 'sip:carol@carol.test');
    await net.run(200);
    expect(await referral.outcome).toEqual({ kind: 'rejected', status: 500 });
    bob.agent.registerEventPackage({
      event: 'dialog',
      accept: ['application/dialog-info+xml'],
      initialState: () => {
        throw new Error('application bug');
      },
    });
    const sub = alice.agent.subscribe({
      event: 'dialog',
      target: 'sip:bob@bob.test',
      from: `<${alice.aor}>`,
    });
    await net.run(200);
    expect(sub.state).toBe('active');
  });
});
