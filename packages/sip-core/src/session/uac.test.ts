import { afterEach, describe, expect, it } from 'vitest';
import { AuthSession } from '../auth/auth-session.js';
import { DigestVerifier } from '../auth/verifier.js';
import { createResponse } from '../message/build.js';
import { withHeader } from '../message/copies.js';
import type { SipMessage } from '../message/sip-message.js';
import { isRequest } from '../testing/requests.js';
import { forkingProxy } from './forking-proxy.test.util.js';
import { FakeHandler, type Network, sessionNetwork } from './session-harness.test.util.js';

let net: Network;
afterEach(() => net.close());

const inviteResponse =
  (status: number) =>
  (m: SipMessage): boolean =>
    m.kind === 'response' && m.status === status && m.cseq?.method === 'INVITE';

describe('InviteClientSession', () => {
  it('answers a 401 to the INVITE with digest credentials (RFC 3261 22.2)', async () => {
    net = sessionNetwork();
    const auth = new AuthSession({ store: { credentials: [{ username: 'alice', password: 'secret' }] } });
    const alice = net.agent('alice', '192.0.2.1', { auth });
    const bob = net.agent('bob', '192.0.2.2', {}, false);
    const verifier = new DigestVerifier({ realm: 'example.com', passwords: new Map([['alice', 'secret']]) });
    bob.transactions.onRequest((tx) => {
      if (tx.request.method === 'INVITE' && tx.request.to?.tag === undefined) {
        const v = verifier.verify(tx.request);
        if (!v.ok) {
          tx.respond(
            createResponse(tx.request, 401, undefined, {
              headers: verifier.challenges().map((value) => ({ name: 'WWW-Authenticate', value })),
            }),
          );
          return;
        }
        bob.sessions.receiveInvite(tx);
      } else if (!bob.sessions.receiveRequest(tx)) tx.respond(createResponse(tx.request, 481));
    });
    bob.transactions.onStrayAck((a) => bob.sessions.receiveAck(a.request));
    bob.sessions.incoming.on((s) => void s.accept());
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: bob.uri,
      from: `<${alice.uri}>`,
    });
    await net.clock.until(call.invite());
    expect(call.state).toBe('established');
    const invites = net.sent(alice, isRequest('INVITE'));
    expect(invites).toHaveLength(2);
    expect(invites[1]!.header('authorization')).toMatch(/^Digest /);
    expect(invites[1]!.cseq!.seq).toBe(invites[0]!.cseq!.seq + 1);
    // The ACK carries the INVITE's credentials (RFC 3261 13.2.2.4).
    // (the first ACK is the transaction's, for the 401)
    const acks = net.sent(alice, isRequest('ACK'));
    expect(acks).toHaveLength(2);
    expect(acks[1]!.header('authorization')).toBe(invites[1]!.header('authorization'));
    // The BYE is authorized preemptively and its CSeq follows the retried INVITE.
    await net.clock.until(call.bye());
    const bye = net.sent(alice, isRequest('BYE'))[0]!;
    expect(bye.cseq!.seq).toBe(invites[1]!.cseq!.seq + 1);
    expect(bob.incoming[0]!.reason?.cause).toBe('bye');
  });

  it('takes the answer of a 183 as early media and keeps the early dialog until the 200', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2');
    bob.sessions.incoming.on((s) => {
      void s.progress({ status: 183 }).then(() => net.clock.setTimer(3000, () => void s.accept()));
    });
    const handler = new FakeHandler('alice');
    const call = alice.sessions.invite({ handler, target: bob.uri, from: `<${alice.uri}>` });
    const done = call.invite();
    await net.clock.run(500);
    expect(call.state).toBe('early');
    expect(call.dialogId?.remoteTag).toBe(bob.incoming[0]!.dialogId?.localTag);
    expect(handler.answers).toEqual(['answer bob to offer alice 1']);
    await net.clock.until(done);
    // The 200 repeats the 183's answer: applied once.
    expect(handler.answers).toEqual(['answer bob to offer alice 1']);
    expect(bob.handlers[0]!.calls.filter((c) => c.startsWith('answer'))).toHaveLength(1);
  });

  it('forking: an early dialog per fork, the first 200 wins, the second is ACKed and BYEd (13.2.2.4)', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob1 = net.agent('bob', '192.0.2.2');
    const bob2 = net.agent('bob', '192.0.2.3');
    forkingProxy(net.network, '192.0.2.10', ['192.0.2.2', '192.0.2.3']);
    bob1.sessions.incoming.on((s) => {
      void s.progress().then(() => net.clock.setTimer(1000, () => void s.accept()));
    });
    bob2.sessions.incoming.on((s) => {
      void s.progress({ status: 183 }).then(() => net.clock.setTimer(1500, () => void s.accept()));
    });
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: 'sip:bob@192.0.2.10',
      from: `<${alice.uri}>`,
    });
    const tags = new Set<string>();
    call.progress.on((r) => {
      if (r.to?.tag !== undefined) tags.add(r.to.tag);
    });
    await net.clock.until(call.invite());
    expect(tags.size).toBe(2);
    expect(call.dialogId?.remoteTag).toBe(bob1.incoming[0]!.dialogId?.localTag);
    await net.clock.run(3000);
    const loser = bob2.incoming[0]!;
    expect(loser.reason).toMatchObject({ cause: 'bye', by: 'remote' });
    // bob2 got an ACK (no 2xx retransmission after it) and then a BYE.
    expect(net.sent(bob2, inviteResponse(200))).toHaveLength(1);
    const fromAlice = net.network.records(
      (r) => r.from === alice.transport.key && r.to === bob2.transport.key,
    );
    expect(fromAlice.map((r) => (r.message.kind === 'request' ? r.message.method : ''))).toEqual([
      'ACK',
      'BYE',
    ]);
    expect(call.state).toBe('established');
    expect(bob1.incoming[0]!.state).toBe('established');
  });

  it('forking: a CANCEL reaches every ringing fork, all end cancelled', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob1 = net.agent('bob', '192.0.2.2');
    const bob2 = net.agent('bob', '192.0.2.3');
    forkingProxy(net.network, '192.0.2.10', ['192.0.2.2', '192.0.2.3']);
    for (const b of [bob1, bob2]) b.sessions.incoming.on((s) => void s.progress());
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: 'sip:bob@192.0.2.10',
      from: `<${alice.uri}>`,
    });
    const done = call.invite().catch((e: unknown) => e);
    await net.clock.run(1000);
    call.cancel();
    expect(await net.clock.until(done)).toMatchObject({ status: 487 });
    await net.clock.run(1000);
    expect(call.reason).toMatchObject({ cause: 'cancelled', by: 'local' });
    expect(bob1.incoming[0]!.reason).toMatchObject({ cause: 'cancelled', by: 'remote' });
    expect(bob2.incoming[0]!.reason).toMatchObject({ cause: 'cancelled', by: 'remote' });
    expect(alice.sessions.sessions).toHaveLength(0);
  });

  it('CANCEL before the answer: 487, cancelled by us', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2');
    bob.sessions.incoming.on((s) => void s.progress());
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: bob.uri,
      from: `<${alice.uri}>`,
    });
    const done = call.invite().catch((e: unknown) => e);
    await net.clock.run(1000);
    call.cancel('SIP;cause=200;text="Call completed elsewhere"');
    const error = await net.clock.until(done);
    expect(error).toMatchObject({ code: 'request-failed', status: 487 });
    expect(bob.incoming[0]!.reason?.text).toBe('SIP 200 Call completed elsewhere');
    expect(call.reason).toMatchObject({ cause: 'cancelled', by: 'local', status: 487 });
    expect(bob.incoming[0]!.reason).toMatchObject({ cause: 'cancelled', by: 'remote' });
    expect(net.sent(alice, isRequest('CANCEL'))).toHaveLength(1);
  });

  it('CANCEL crossing the 200: the 200 is ACKed, then BYE', async () => {
    net = sessionNetwork({ latencyMs: 50 });
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2');
    bob.sessions.incoming.on((s) => {
      void s.progress().then(() => net.clock.setTimer(1000, () => void s.accept()));
    });
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: bob.uri,
      from: `<${alice.uri}>`,
    });
    const done = call.invite().catch((e: unknown) => e);
    // bob accepts at about 1050 ms; alice cancels while the 200 is on its way.
    await net.clock.run(1080);
    call.cancel();
    await net.clock.until(done);
    await net.clock.run(2000);
    expect(call.reason).toMatchObject({ cause: 'cancelled', by: 'local', status: 200 });
    const uas = bob.incoming[0]!;
    expect(uas.reason).toMatchObject({ cause: 'bye', by: 'remote' });
    const methods = net
      .sent(alice, (m) => m.kind === 'request')
      .map((m) => (m.kind === 'request' ? m.method : ''));
    expect(methods).toEqual(['INVITE', 'CANCEL', 'ACK', 'BYE']);
  });

  it.each([
    [486, 'rejected'],
    [603, 'rejected'],
    [480, 'rejected'],
  ] as const)('a %i ends the session as %s by the remote side', async (status, cause) => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2');
    bob.sessions.incoming.on((s) => s.reject(status));
    const handler = new FakeHandler('alice');
    const call = alice.sessions.invite({ handler, target: bob.uri, from: `<${alice.uri}>` });
    const error = await net.clock.until(call.invite().catch((e: unknown) => e));
    expect(error).toMatchObject({ code: 'request-failed', status });
    expect(call.reason).toMatchObject({ cause, by: 'remote', status });
    expect(handler.calls).toContain('rollback');
    expect(handler.closed).toBe(true);
  });

  it('a 302 gives the Contacts to try', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2');
    bob.sessions.incoming.on((s) =>
      s.reject(302, { contacts: ['<sip:bob@192.0.2.7>', '<sip:bob@192.0.2.8>;q=0.5'] }),
    );
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: bob.uri,
      from: `<${alice.uri}>`,
    });
    await net.clock.until(call.invite().catch(() => undefined));
    expect(call.reason).toMatchObject({ cause: 'redirected', status: 302 });
    expect(call.reason?.contacts).toEqual(['<sip:bob@192.0.2.7>', '<sip:bob@192.0.2.8>;q=0.5']);
  });

  it('no answer at all: Timer B, a 408 timeout', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    net.network.link(alice.transport, '*').drop();
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: 'sip:bob@192.0.2.9',
      from: `<${alice.uri}>`,
    });
    const error = await net.clock.until(call.invite().catch((e: unknown) => e));
    expect(error).toMatchObject({ status: 408 });
    expect(call.reason).toMatchObject({ cause: 'timeout', by: 'stack', status: 408 });
  });

  it('a 2xx without a To tag makes no dialog: the call fails instead of hanging', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2', {}, false);
    bob.transactions.onRequest((tx) => {
      const ok = createResponse(tx.request, 200, undefined, {
        headers: [{ name: 'Contact', value: '<sip:bob@192.0.2.2>' }],
      });
      tx.respond(withHeader(ok, 'To', tx.request.header('to')!));
    });
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: bob.uri,
      from: `<${alice.uri}>`,
    });
    const error = await net.clock.until(call.invite().catch((e: unknown) => e));
    expect(error).toMatchObject({ code: 'request-failed', status: 200 });
    expect(call.state).toBe('terminated');
  });

  it('a transport failure is a 503', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1');
    net.network.link(alice.transport, '*').fail();
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: 'sip:bob@192.0.2.9',
      from: `<${alice.uri}>`,
    });
    await net.clock.until(call.invite().catch(() => undefined));
    expect(call.reason).toMatchObject({ cause: 'transport-error', status: 503 });
  });
});
