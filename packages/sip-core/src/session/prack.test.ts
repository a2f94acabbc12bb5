import { afterEach, describe, expect, it } from 'vitest';
import type { SipMessage } from '../message/sip-message.js';
import { isRequest } from '../testing/requests.js';
import { FakeHandler, type Network, sessionNetwork } from './session-harness.test.util.js';
import type { ReliableProvisionalMode } from './types.js';

let net: Network;
afterEach(() => net.close());

const reliable18x = (m: SipMessage): boolean =>
  m.kind === 'response' && m.status > 100 && m.status < 200 && m.hasHeader('rseq');

function pair(n: Network, uac: ReliableProvisionalMode, uas: ReliableProvisionalMode, offerless = false) {
  const alice = n.agent('alice', '192.0.2.1', { reliableProvisional: uac });
  const bob = n.agent('bob', '192.0.2.2', { reliableProvisional: uas });
  const handler = new FakeHandler('alice');
  const session = alice.sessions.invite({
    handler,
    target: bob.uri,
    from: `<${alice.uri}>`,
    ...(offerless ? { offerless: true } : {}),
  });
  return { alice, bob, handler, session };
}

describe('reliable provisional responses (RFC 3262)', () => {
  // [UAC mode, UAS mode, 183 sent reliably]
  const table: [ReliableProvisionalMode, ReliableProvisionalMode, boolean][] = [
    ['disabled', 'supported', false],
    ['disabled', 'preferred', false],
    ['supported', 'supported', false],
    ['supported', 'preferred', true],
    ['supported', 'required', true],
    ['supported', 'disabled', false],
    ['preferred', 'supported', false],
    ['required', 'supported', true],
    ['required', 'preferred', true],
  ];
  it.each(table)('UAC %s, UAS %s: reliable 183 = %s', async (uac, uas, expectReliable) => {
    net = sessionNetwork();
    const { alice, bob, session, handler } = pair(net, uac, uas);
    bob.sessions.incoming.on((s) => {
      void s.progress({ status: 183 }).then(() => s.accept());
    });
    await net.clock.until(session.invite());
    const invite = net.sent(alice, isRequest('INVITE'))[0]!;
    expect(invite.header('require') === '100rel').toBe(uac === 'required');
    expect((invite.header('supported') ?? '').includes('100rel')).toBe(uac !== 'disabled');
    expect(net.sent(bob, reliable18x)).toHaveLength(expectReliable ? 1 : 0);
    const pracks = net.sent(alice, isRequest('PRACK'));
    expect(pracks).toHaveLength(expectReliable ? 1 : 0);
    if (expectReliable) {
      const rseq = net.sent(bob, reliable18x)[0]!.get('rseq')!;
      expect(pracks[0]!.get('rack')).toMatchObject({ rseq, cseq: invite.cseq!.seq, method: 'INVITE' });
    }
    expect(handler.answers).toEqual(['answer bob to offer alice 1']);
    expect(session.state).toBe('established');
  });

  it('UAS required, UAC without 100rel: 421 with Require: 100rel', async () => {
    net = sessionNetwork();
    const { bob, session } = pair(net, 'disabled', 'required');
    const error = await net.clock.until(session.invite().catch((e: unknown) => e));
    expect(error).toMatchObject({ status: 421 });
    const r = net.sent(bob, (m) => m.kind === 'response' && m.status === 421)[0]!;
    expect(r.header('require')).toBe('100rel');
  });

  it('UAC requires 100rel, UAS has it disabled: 420 with Unsupported: 100rel', async () => {
    net = sessionNetwork();
    const { bob, session } = pair(net, 'required', 'disabled');
    const error = await net.clock.until(session.invite().catch((e: unknown) => e));
    expect(error).toMatchObject({ status: 420 });
    expect(net.sent(bob, (m) => m.kind === 'response' && m.status === 420)[0]!.header('unsupported')).toBe(
      '100rel',
    );
  });

  it('a lost PRACK: the 183 is retransmitted at T1 doubling and PRACKed again', async () => {
    net = sessionNetwork();
    const { alice, bob, session } = pair(net, 'supported', 'preferred');
    net.network.link(alice.transport, bob.transport).drop({ where: isRequest('PRACK'), count: 3 });
    bob.sessions.incoming.on((s) => {
      void s.progress({ status: 183 }).then(() => s.accept());
    });
    await net.clock.until(session.invite());
    const times = net.network
      .records((r) => r.from === bob.transport.key && reliable18x(r.message))
      .map((r) => r.at);
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect(times[1]! - times[0]!).toBe(500);
    // The PRACK's own retransmissions (Timer E) got through in the end; the 2xx waited for it.
    const okPrack = net.sent(
      bob,
      (m) => m.kind === 'response' && m.status === 200 && m.cseq?.method === 'PRACK',
    );
    expect(okPrack.length).toBeGreaterThanOrEqual(1);
    expect(session.state).toBe('established');
  });

  it('no PRACK within 64*T1: the UAS gives up with a 5xx', async () => {
    net = sessionNetwork();
    const { alice, bob, session } = pair(net, 'supported', 'preferred');
    net.network.link(alice.transport, bob.transport).drop({ where: isRequest('PRACK') });
    bob.sessions.incoming.on((s) => void s.progress({ status: 183 }));
    const error = await net.clock.until(session.invite().catch((e: unknown) => e));
    expect(error).toMatchObject({ status: 504 });
    expect(bob.incoming[0]!.reason).toMatchObject({ cause: 'no-prack' });
    expect(net.clock.now()).toBeGreaterThanOrEqual(32_000);
  });

  it('offerless INVITE: our offer in the reliable 183, the answer in the PRACK', async () => {
    net = sessionNetwork();
    const { bob, session, handler } = pair(net, 'supported', 'preferred', true);
    bob.sessions.incoming.on((s) => {
      void s.progress({ status: 183 }).then(() => s.accept());
    });
    await net.clock.until(session.invite());
    expect(handler.calls).toEqual(['answer to offer bob 1']);
    expect(bob.handlers[0]!.answers).toEqual(['answer alice to offer bob 1']);
    const prack = net.network.records(
      (r) => r.message.kind === 'request' && r.message.method === 'PRACK',
    )[0]!;
    expect(prack.message.bodyText).toBe('answer alice to offer bob 1');
    // The 2xx carries no new offer.
    const ok = net.sent(
      bob,
      (m) => m.kind === 'response' && m.status === 200 && m.cseq?.method === 'INVITE',
    )[0]!;
    expect(ok.body.length).toBe(0);
  });

  it('two reliable 1xx: RSeq grows by one, the second waits for the first PRACK', async () => {
    net = sessionNetwork();
    const { alice, bob, session } = pair(net, 'supported', 'preferred');
    bob.sessions.incoming.on((s) => {
      void s.progress({ status: 180 });
      void s.progress({ status: 183 }).then(() => s.accept());
    });
    await net.clock.until(session.invite());
    const seqs = net.sent(bob, reliable18x).map((m) => m.get('rseq')!);
    expect(seqs).toHaveLength(2);
    expect(seqs[1]).toBe(seqs[0]! + 1);
    expect(net.sent(alice, isRequest('PRACK'))).toHaveLength(2);
  });
});
