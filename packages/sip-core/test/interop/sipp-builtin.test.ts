/**
 * Calls between our stack (transport, transactions, session layer) and
 * sipp's built-in `uac` and `uas` scenarios on loopback, over UDP and TCP
 * (127.0.0.1) and UDP on ::1.
 * sipp exits non-zero when our stack misbehaves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { requirePeer, within } from './harness/index.js';
import { closeAfterEach, pause, sipp, ua } from './sipp-fixture.js';

const peers = requirePeer('sipp');
closeAfterEach();

describe.skipIf(peers.skip)("sipp's built-in scenarios and our stack", () => {
  beforeAll(() => peers.assert());

  it.each(['udp', 'tcp'] as const)(
    "our UAC calls sipp's built-in uas over %s: INVITE, 180, 200, ACK, BYE",
    async (transport) => {
      const peer = await sipp({ scenario: { builtin: 'uas' }, transport });
      const alice = await ua({ user: 'alice' });
      const { session, handler } = alice.call(
        `sip:service@${peer.address}${transport === 'tcp' ? ';transport=tcp' : ''}`,
      );
      await within(session.invite(), 8000, 'call set-up');
      expect(session.state).toBe('established');
      expect(handler.remote[0]).toMatch(/^v=0/);
      await pause(100);
      await within(session.bye(), 5000, 'BYE');
      expect(session.reason).toMatchObject({ cause: 'bye', by: 'local' });
      const r = await peer.result(10_000);
      expect(r.ok, r.report).toBe(true);
      expect(r.stats?.successful).toBe(1);
    },
  );

  it.each(['udp', 'tcp'] as const)(
    "sipp's built-in uac calls our UAS (auto answer) three times over %s; sipp sends BYE",
    async (transport) => {
      const bob = await ua({ user: 'bob', autoAnswer: true });
      const peer = await sipp({
        scenario: { builtin: 'uac' },
        remote: `127.0.0.1:${bob.stack.port}`,
        transport,
        service: 'bob',
        calls: 3,
        rate: 10,
      });
      const r = await peer.result(12_000);
      expect(r.ok, r.report).toBe(true);
      expect(r.stats?.successful).toBe(3);
      expect(bob.incoming).toHaveLength(3);
      await pause(50);
      for (const s of bob.incoming) expect(s.reason).toMatchObject({ cause: 'bye', by: 'remote' });
    },
  );

  it('over UDP on ::1: our UAC calls the built-in uas, and the built-in uac calls our UAS', async () => {
    const uas = await sipp({ scenario: { builtin: 'uas' }, host: '::1' });
    const alice = await ua({ user: 'alice', host: '::1' });
    const { session, handler } = alice.call(`sip:service@${uas.address}`);
    await within(session.invite(), 8000, 'call set-up over IPv6');
    expect(handler.remote[0]).toMatch(/c=IN IP6 ::1/);
    await within(session.bye(), 5000, 'BYE');

    const bob = await ua({ user: 'bob', host: '::1', autoAnswer: true });
    const uac = await sipp({
      scenario: { builtin: 'uac' },
      host: '::1',
      remote: `[::1]:${bob.stack.port}`,
      service: 'bob',
    });
    const [r1, r2] = await Promise.all([uas.result(10_000), uac.result(10_000)]);
    expect(r1.ok, r1.report).toBe(true);
    expect(r2.ok, r2.report).toBe(true);
    expect(bob.incoming).toHaveLength(1);
  });
});
