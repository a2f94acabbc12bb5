/**
 * The session bridge against a stand-in session: a stack Dialog whose
 * in-dialog requests are handed over the way src/session hands over the
 * requests it does not handle (incomingRequest with a respond function), and
 * sendRequest building requests in the dialog. Isolates the bridge from the
 * session layer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Dialog } from '../dialog/dialog.js';
import { parseFromTo } from '../headers/name-addr.js';
import { createResponse } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { parseUri } from '../uri/parse.js';
import { Emitter } from '../util/emitter.js';
import { makeNet, type Net, request, type TestUa } from './harness.test.util.js';
import type { IncomingRefer } from './incoming-refer.js';
import type { SipfragStatus } from './packages/sipfrag.js';
import { sendRequest } from './send-request.js';
import type { SessionIncoming, SessionLike } from './session-referral.js';

let net: Net;
afterEach(() => net?.close());

const must = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error('parse');
  return r.value;
};

/** A session stand-in on a Dialog of `ua`. */
function fakeSession(ua: TestUa, dialog: Dialog): SessionLike {
  const incomingRequest = new Emitter<SessionIncoming>();
  dialog.addUsage({
    onRequest: (tx) => {
      const req = tx.request;
      incomingRequest.emit({
        request: req,
        respond: (status, o = {}) =>
          tx.respond(
            createResponse(req, status, o.reason, {
              headers: (o.headers ?? []).map(([name, value]) => ({ name, value })),
            }),
          ),
      });
      return true;
    },
  });
  return {
    incomingRequest,
    async sendRequest(method, o = {}): Promise<SipResponse> {
      const build = (): SipRequest =>
        dialog.createRequest(method, {
          headers: (o.headers ?? []).map(([name, value]) => ({ name, value })),
          ...(o.body === undefined ? {} : { body: o.body.body, contentType: o.body.contentType }),
        });
      return (await sendRequest(ua.ctx, build(), { rebuild: build })).response;
    },
  };
}

function pair(a: TestUa, b: TestUa): [SessionLike, SessionLike] {
  const af = must(parseFromTo(`<${a.aor}>;tag=ta`));
  const bt = must(parseFromTo(`<${b.aor}>;tag=tb`));
  const common = { state: 'confirmed' as const, routeSet: [], secure: false };
  const da = new Dialog(
    {
      ...common,
      id: { callId: 'sess@test', localTag: 'ta', remoteTag: 'tb' },
      role: 'uac',
      local: af,
      remote: bt,
      remoteTarget: must(parseUri(`sip:b@${b.transport.address}`)),
      localSeq: 1,
      remoteSeq: undefined,
    },
    a.ctx.dialogContext,
  );
  const db = new Dialog(
    {
      ...common,
      id: { callId: 'sess@test', localTag: 'tb', remoteTag: 'ta' },
      role: 'uas',
      local: bt,
      remote: af,
      remoteTarget: must(parseUri(`sip:a@${a.transport.address}`)),
      localSeq: undefined,
      remoteSeq: 1,
    },
    b.ctx.dialogContext,
  );
  // Not in the registries: the stand-in session owns its dialog, as src/session does.
  const attach = (ua: TestUa, d: Dialog) =>
    ua.layer.onRequest((tx) => {
      if (tx.request.callId === 'sess@test') for (const u of d.usages) if (u.onRequest(tx, d)) return;
    });
  attach(a, da);
  attach(b, db);
  return [fakeSession(a, da), fakeSession(b, db)];
}

describe('SessionBinding: REFER in a dialog kept by the session layer', () => {
  it('blind transfer with sipfrag 100, 180, 200 and a refresh of the refer subscription', async () => {
    net = makeNet(31);
    const offers: IncomingRefer[] = [];
    const alice = net.ua('alice', '192.0.2.1', { detached: true });
    const bob = net.ua('bob', '192.0.2.2', {
      detached: true,
      delegate: {
        onRefer: (r) => {
          offers.push(r);
          r.accept();
        },
      },
      refer: { expires: 60 },
    });
    const [sa, sb] = pair(alice, bob);
    bob.agent.bindSession(sb);
    const referral = alice.agent
      .bindSession(sa)
      .refer('<sip:carol@192.0.2.3>', { referredBy: `<${alice.aor}>` });
    const seen: SipfragStatus[] = [];
    referral.progress.on((s) => seen.push(s));
    await net.run(200);
    expect(offers).toHaveLength(1);
    expect(referral.id).toBe('2');
    offers[0]!.progress(180);
    // Past the refresh point of a 60 s subscription (27 s): a SUBSCRIBE in the session keeps it.
    await net.run(40_000, 500);
    const subscribes = net.sent(alice, request('SUBSCRIBE')) as SipRequest[];
    expect(subscribes.map((s) => s.header('event'))).toEqual(['refer;id=2']);
    expect(offers[0]!.subscription?.state).toBe('active');
    offers[0]!.complete(200);
    await net.run(200);
    expect(await referral.outcome).toMatchObject({ kind: 'final', status: { status: 200 } });
    // 100, 180, the NOTIFY after the refresh (180 again), 200.
    expect(seen.map((s) => s.status)).toEqual([100, 180, 180, 200]);
  });

  it('403 when rejected, norefersub, and 481 for a NOTIFY of an unknown refer id', async () => {
    net = makeNet(32);
    let mode: 'reject' | 'accept' = 'reject';
    const alice = net.ua('alice', '192.0.2.1', { detached: true });
    const bob = net.ua('bob', '192.0.2.2', {
      detached: true,
      delegate: {
        onRefer: (r) => {
          if (mode === 'reject') r.reject(403);
          else {
            r.accept();
            r.complete(200);
          }
        },
      },
    });
    const [sa, sb] = pair(alice, bob);
    bob.agent.bindSession(sb);
    const binding = alice.agent.bindSession(sa);
    const first = binding.refer('sip:carol@192.0.2.3');
    await net.run(200);
    expect(await first.outcome).toEqual({ kind: 'rejected', status: 403 });
    mode = 'accept';
    const quiet = binding.refer('sip:carol@192.0.2.3', { norefersub: true });
    await net.run(200);
    expect((await quiet.outcome).kind).toBe('accepted-no-subscription');
    const [r] = await Promise.all([
      sb.sendRequest('NOTIFY', {
        headers: [
          ['Event', 'refer;id=999'],
          ['Subscription-State', 'active'],
        ],
      }),
      net.run(200),
    ]);
    expect(r.status).toBe(481);
  });

  it('serves an event package inside the call: SUBSCRIBE, NOTIFY, refresh and unsubscribe through the session', async () => {
    net = makeNet(33);
    const alice = net.ua('alice', '192.0.2.1', { detached: true });
    const bob = net.ua('bob', '192.0.2.2', { detached: true });
    bob.agent.registerEventPackage({
      event: 'conference',
      accept: ['application/conference-info+xml'],
      initialState: () => ({ body: '<conference-info/>', contentType: 'application/conference-info+xml' }),
    });
    const [sa, sb] = pair(alice, bob);
    bob.agent.bindSession(sb);
    const got: SipRequest[] = [];
    sa.incomingRequest.on((r) => {
      got.push(r.request);
      r.respond(200);
    });
    const subscribe = (expires: number) =>
      Promise.all([
        sa.sendRequest('SUBSCRIBE', {
          headers: [
            ['Event', 'conference'],
            ['Expires', String(expires)],
          ],
        }),
        net.run(200),
      ]).then(([r]) => r);
    const first = await subscribe(60);
    expect(first.status).toBe(200);
    expect(first.header('expires')).toBe('60');
    expect(got.map((n) => n.header('subscription-state'))).toEqual(['active;expires=60']);
    expect(got[0]!.bodyText).toBe('<conference-info/>');
    expect((await subscribe(60)).status).toBe(200); // refresh: a NOTIFY follows
    expect(got).toHaveLength(2);
    expect((await subscribe(0)).status).toBe(200);
    expect(got.at(-1)!.header('subscription-state')).toBe('terminated;reason=timeout');
    expect(got.every((n) => n.callId === 'sess@test')).toBe(true);
  });
});
