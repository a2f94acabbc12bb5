import { afterEach, describe, expect, it } from 'vitest';
import { AuthSession } from '../auth/auth-session.js';
import { DigestVerifier } from '../auth/verifier.js';
import type { DialogUsage } from '../dialog/dialog.js';
import { DialogRegistry } from '../dialog/dialog-registry.js';
import { createResponse } from '../message/build.js';
import { isRequest } from '../testing/requests.js';
import { body, FakeHandler, type Network, sessionNetwork } from './session-harness.test.util.js';

let net: Network;
afterEach(() => net.close());

describe('session dialogs in the shared DialogRegistry', () => {
  it('REFER in a call goes to the usage added after the session (RFC 5057); the registry is the one given', async () => {
    net = sessionNetwork();
    const registry = new DialogRegistry();
    const refers: string[] = [];
    const referUsage: DialogUsage = {
      onRequest(tx, dialog) {
        if (tx.request.method !== 'REFER') return false;
        refers.push(`${dialog.id.callId} ${tx.request.header('refer-to')}`);
        tx.respond(createResponse(tx.request, 202));
        return true;
      },
    };
    const alice = net.agent('alice', '192.0.2.1');
    const bob = net.agent('bob', '192.0.2.2', { dialogs: registry, dialogUsages: [referUsage] });
    bob.sessions.incoming.on((s) => void s.accept());
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: bob.uri,
      from: `<${alice.uri}>`,
    });
    await net.clock.until(call.invite());
    expect(registry.size).toBe(1);
    const response = await net.clock.until(
      call.sendRequest('REFER', { headers: [['Refer-To', '<sip:carol@192.0.2.3>']] }),
    );
    expect(response.status).toBe(202);
    expect(refers).toEqual([`${call.callId} <sip:carol@192.0.2.3>`]);
    const shared = registry.all()[0]!;
    const states: string[] = [];
    shared.stateChange.on((st) => states.push(st));
    await net.clock.until(call.bye());
    await net.clock.run(100);
    // The call ended: its shared dialog ends with it, so usages such as a REFER subscription learn it.
    expect(states).toEqual(['terminated']);
    expect(registry.size).toBe(0);
  });

  it('without a usage for it, REFER in a call gets 405 and the call goes on', async () => {
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
    const response = await net.clock.until(
      call.sendRequest('REFER', { headers: [['Refer-To', '<sip:carol@192.0.2.3>']] }),
    );
    expect(response.status).toBe(405);
    expect(call.state).toBe('established');
  });

  it('a challenged in-dialog request is sent again with credentials and the next CSeq of the dialog', async () => {
    net = sessionNetwork();
    const auth = new AuthSession({ store: { credentials: [{ username: 'alice', password: 'pw' }] } });
    const alice = net.agent('alice', '192.0.2.1', { auth });
    const bob = net.agent('bob', '192.0.2.2', {}, false);
    const verifier = new DigestVerifier({ realm: 'bob', passwords: new Map([['alice', 'pw']]) });
    bob.transactions.onRequest((tx) => {
      const r = tx.request;
      if (r.method === 'INVITE' && r.to?.tag === undefined) return bob.sessions.receiveInvite(tx);
      if (r.method === 'INFO' && !verifier.verify(r).ok) {
        tx.respond(
          createResponse(r, 401, undefined, {
            headers: verifier.challenges().map((value) => ({ name: 'WWW-Authenticate', value })),
          }),
        );
        return;
      }
      if (!bob.sessions.receiveRequest(tx)) tx.respond(createResponse(r, 481));
    });
    bob.transactions.onStrayAck((a) => bob.sessions.receiveAck(a.request));
    bob.sessions.incoming.on((s) => {
      void s.accept();
      s.incomingRequest.on((req) => req.respond(200));
    });
    const call = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: bob.uri,
      from: `<${alice.uri}>`,
    });
    await net.clock.until(call.invite());
    const response = await net.clock.until(call.info(body('x')));
    expect(response.status).toBe(200);
    const infos = net.sent(alice, isRequest('INFO'));
    expect(infos).toHaveLength(2);
    expect(infos[1]!.cseq!.seq).toBe(infos[0]!.cseq!.seq + 1);
    expect(infos[1]!.header('authorization')).toMatch(/^Digest /);
    await net.clock.until(call.bye());
    const bye = net.sent(alice, isRequest('BYE'))[0]!;
    expect(bye.cseq!.seq).toBe(infos[1]!.cseq!.seq + 1);
  });
});
