import { afterEach, describe, expect, it } from 'vitest';
import { DialogRegistry } from '../dialog/dialog-registry.js';
import { parseNameAddr } from '../headers/name-addr.js';
import type { SipMessage, SipRequest } from '../message/sip-message.js';
import {
  type Agent,
  FakeHandler,
  type Network,
  sessionNetwork,
} from '../session/session-harness.test.util.js';
import type { EventsContext } from './context.js';
import { EventAgent, type EventAgentOptions } from './event-agent.js';
import type { IncomingRefer } from './incoming-refer.js';
import type { SipfragStatus } from './packages/sipfrag.js';
import { findReplacedSession, replacesFor } from './replaces.js';

let net: Network;
afterEach(() => net.close());

const isRequest = (method: string) => (m: SipMessage) =>
  m.kind === 'request' && (m as SipRequest).method === method;

function eventsOf(a: Agent, options: EventAgentOptions = {}): EventAgent {
  const contact = parseNameAddr(`<${a.uri}>`);
  if (!contact.ok) throw new Error('contact');
  const ctx: EventsContext = {
    transactions: a.transactions,
    clock: net.clock,
    dialogs: new DialogRegistry(),
    dialogContext: { localContact: contact.value, localAddress: (p) => a.transport.localAddress(p) },
    resolve: async () => [],
  };
  return new EventAgent(ctx, options);
}

async function call() {
  net = sessionNetwork();
  const alice = net.agent('alice', '192.0.2.1');
  const bob = net.agent('bob', '192.0.2.2');
  bob.sessions.incoming.on((s) => void s.accept());
  const uac = alice.sessions.invite({
    handler: new FakeHandler('alice'),
    target: bob.uri,
    from: `<${alice.uri}>`,
  });
  await net.clock.until(uac.invite());
  await net.clock.run(100);
  return { alice, bob, uac, uas: bob.incoming[0]! };
}

describe('REFER in an INVITE session (src/session keeps the dialog)', () => {
  it('blind transfer: REFER through the session, 202, sipfrag 100/180/200 back through the session', async () => {
    const { alice, bob, uac, uas } = await call();
    const offers: IncomingRefer[] = [];
    const bobEvents = eventsOf(bob, {
      delegate: {
        onRefer: (r) => {
          offers.push(r);
          r.accept();
        },
      },
    });
    const aliceEvents = eventsOf(alice);
    bobEvents.bindSession(uas);
    const referral = aliceEvents
      .bindSession(uac)
      .refer('<sip:carol@192.0.2.3>', { referredBy: `<${alice.uri}>` });
    const seen: SipfragStatus[] = [];
    referral.progress.on((s) => seen.push(s));
    await net.clock.run(200);
    expect(offers).toHaveLength(1);
    expect(offers[0]!.triggered().headers).toEqual([['Referred-By', '<sip:alice@192.0.2.1>']]);
    offers[0]!.progress(180);
    await net.clock.run(200);
    offers[0]!.complete(200);
    const outcome = await net.clock.until(referral.outcome);
    expect(outcome).toMatchObject({ kind: 'final', status: { status: 200 } });
    expect(seen.map((s) => s.status)).toEqual([100, 180, 200]);
    const refer = net.sent(alice, isRequest('REFER'))[0] as SipRequest;
    expect(refer.callId).toBe(uac.callId);
    const notifies = net.sent(bob, isRequest('NOTIFY')) as SipRequest[];
    expect(notifies.map((n) => n.header('event'))).toEqual(Array(3).fill(`refer;id=${refer.cseq!.seq}`));
    expect(notifies.every((n) => n.callId === uac.callId)).toBe(true);
    expect(notifies.at(-1)!.header('subscription-state')).toBe('terminated;reason=noresource');
    expect(uac.state).toBe('established');
  });

  it('a declined REFER and norefersub in a session', async () => {
    const { alice, bob, uac, uas } = await call();
    let decline = true;
    const bobEvents = eventsOf(bob, {
      delegate: {
        onRefer: (r) => {
          if (decline) r.reject(603);
          else {
            r.accept();
            r.complete(200);
          }
        },
      },
    });
    bobEvents.bindSession(uas);
    const binding = eventsOf(alice).bindSession(uac);
    expect(await net.clock.until(binding.refer('sip:carol@192.0.2.3').outcome)).toEqual({
      kind: 'rejected',
      status: 603,
    });
    decline = false;
    const quiet = binding.refer('sip:carol@192.0.2.3', { norefersub: true });
    expect((await net.clock.until(quiet.outcome)).kind).toBe('accepted-no-subscription');
    await net.clock.run(500);
    expect(net.sent(bob, isRequest('NOTIFY'))).toHaveLength(0);
  });

  it('attended transfer: Replaces from the consultation call travels in Refer-To and picks the call to replace at the target', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2');
    const carol = net.agent('carol', '192.0.2.3');
    bob.sessions.incoming.on((s) => void s.accept());
    carol.sessions.incoming.on((s) => void s.accept());
    // Alice calls bob, then carol (consultation).
    const toBob = alice.sessions.invite({
      handler: new FakeHandler('a1'),
      target: bob.uri,
      from: `<${alice.uri}>`,
    });
    await net.clock.until(toBob.invite());
    const toCarol = alice.sessions.invite({
      handler: new FakeHandler('a2'),
      target: carol.uri,
      from: `<${alice.uri}>`,
    });
    await net.clock.until(toCarol.invite());
    await net.clock.run(100);
    const consult = toCarol.dialogId!;
    // Bob, the transferee, follows the REFER with an INVITE carrying what triggered() gives.
    const bobEvents = eventsOf(bob, {
      delegate: {
        onRefer: (r) => {
          r.accept();
          const { target, headers } = r.triggered();
          const next = bob.sessions.invite({
            handler: new FakeHandler('b2'),
            target,
            from: `<${bob.uri}>`,
            headers,
          });
          r.follow(next.progress, next.invite());
        },
      },
    });
    bobEvents.bindSession(bob.incoming[0]!);
    const replaces = replacesFor(consult);
    const referral = eventsOf(alice)
      .bindSession(toBob)
      .refer(`<${carol.uri}>`, { replaces, referredBy: `<${alice.uri}>` });
    const outcome = await net.clock.until(referral.outcome);
    expect(outcome).toMatchObject({ kind: 'final', status: { status: 200 } });
    // Carol got an INVITE with Replaces naming her call with alice, and Referred-By.
    const invites = carol.incoming.map((s) => s.request);
    expect(invites).toHaveLength(2);
    const withReplaces = invites[1]!;
    expect(withReplaces.header('referred-by')).toBe('<sip:alice@192.0.2.1>');
    const found = findReplacedSession(carol.sessions.sessions, withReplaces);
    expect(found?.ok).toBe(true);
    if (found?.ok) expect(found.dialog).toBe(carol.incoming[0]);
  });
});
