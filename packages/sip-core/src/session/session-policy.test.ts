import { afterEach, describe, expect, it } from 'vitest';
import type { SipMessage } from '../message/sip-message.js';
import { isRequest } from '../testing/requests.js';
import { FakeHandler, type Network, sessionNetwork } from './session-harness.test.util.js';

let net: Network;
afterEach(() => net.close());

const reliable18x = (m: SipMessage): boolean =>
  m.kind === 'response' && m.status > 100 && m.status < 200 && m.hasHeader('rseq');

describe('per-session policy (one account per call)', () => {
  it("an outgoing call's policy overrides the layer's 100rel mode and session timer", async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1', { reliableProvisional: 'disabled' });
    const bob = net.agent('bob', '192.0.2.2', { reliableProvisional: 'supported' });
    bob.sessions.incoming.on((s) => {
      void s.progress({ status: 183 }).then(() => s.accept());
    });
    const session = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: bob.uri,
      from: `<${alice.uri}>`,
      policy: { reliableProvisional: 'required', sessionTimer: { expires: 120 } },
    });
    await net.clock.until(session.invite());
    const invite = net.sent(alice, isRequest('INVITE'))[0]!;
    expect(invite.header('require')).toBe('100rel');
    expect(invite.get('session-expires')?.deltaSeconds).toBe(120);
    expect(net.sent(bob, reliable18x)).toHaveLength(1);
    expect(net.sent(alice, isRequest('PRACK'))).toHaveLength(1);
    // Another call of the same layer without a policy keeps the layer's settings.
    const plain = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: bob.uri,
      from: `<${alice.uri}>`,
    });
    await net.clock.until(plain.invite());
    const second = net.sent(alice, isRequest('INVITE'))[1]!;
    expect(second.header('require')).toBeUndefined();
    expect(second.header('supported') ?? '').not.toContain('100rel');
    expect(second.get('session-expires')?.deltaSeconds).toBe(1800);
  });

  it('policyFor picks the policy of an incoming INVITE: 420 for a disabled account, 421 for a required one', async () => {
    net = sessionNetwork();
    const alice = net.agent('alice', '192.0.2.1', { reliableProvisional: 'required' });
    const bob = net.agent('bob', '192.0.2.2', {
      reliableProvisional: 'supported',
      policyFor: (invite) => {
        return invite.requestUri.startsWith('sip:strict@')
          ? { reliableProvisional: 'required' }
          : { reliableProvisional: 'disabled' };
      },
    });
    bob.sessions.incoming.on((s) => void s.accept());
    const refused = alice.sessions.invite({
      handler: new FakeHandler('alice'),
      target: 'sip:lax@192.0.2.2',
      from: `<${alice.uri}>`,
    });
    await expect(net.clock.until(refused.invite())).rejects.toMatchObject({ status: 420 });
    const lax = net.agent('carol', '192.0.2.3', { reliableProvisional: 'disabled' });
    const needs = lax.sessions.invite({
      handler: new FakeHandler('carol'),
      target: 'sip:strict@192.0.2.2',
      from: `<${lax.uri}>`,
    });
    await expect(net.clock.until(needs.invite())).rejects.toMatchObject({ status: 421 });
    expect(bob.incoming).toHaveLength(0);
  });
});
