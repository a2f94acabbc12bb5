/**
 * sipp as the caller against our UAS (transport, transactions, session
 * layer): a CANCEL while ringing (200 to the CANCEL, 487 to the INVITE), an
 * INVITE that requires 100rel (our reliable 180, sipp's PRACK) and re-INVITE
 * glare where our UA is the callee.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { requirePeer, within } from './harness/index.js';
import { closeAfterEach, sipp, ua } from './sipp-fixture.js';

const peers = requirePeer('sipp');
closeAfterEach();

describe.skipIf(peers.skip)('sipp calls our UAS', () => {
  beforeAll(() => peers.assert());

  it('CANCEL while ringing: 200 to the CANCEL, 487 to the INVITE, session cancelled', async () => {
    const bob = await ua({ user: 'bob' });
    bob.sessions.incoming.on((s) => void s.progress().catch(() => {}));
    const peer = await sipp({
      scenario: { file: 'uac-cancel.xml' },
      remote: `127.0.0.1:${bob.stack.port}`,
      service: 'bob',
    });
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
    const session = bob.incoming[0]!;
    const reason = await within(session.ended(), 2000, 'session ended');
    expect(reason).toMatchObject({ cause: 'cancelled', by: 'remote' });
  });

  it('Require: 100rel: our 180 is reliable, PRACKed, then 200; sipp hangs up', async () => {
    const bob = await ua({ user: 'bob', autoAnswer: true, reliableProvisional: 'supported' });
    const peer = await sipp({
      scenario: { file: 'uac-100rel.xml' },
      remote: `127.0.0.1:${bob.stack.port}`,
      service: 'bob',
    });
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
    const session = bob.incoming[0]!;
    expect(session.reliableProvisional).toBe(true);
    const reason = await within(session.ended(), 2000, 'session ended');
    expect(reason).toMatchObject({ cause: 'bye', by: 'remote' });
  });

  it("re-INVITE glare as the callee: 491 to sipp's re-INVITE, our retry after 0-2 s (not the Call-ID owner)", async () => {
    const bob = await ua({ user: 'bob', autoAnswer: true });
    const peer = await sipp({
      scenario: { file: 'uac-glare.xml' },
      remote: `127.0.0.1:${bob.stack.port}`,
      service: 'bob',
    });
    const session = await within(
      (async () => {
        while (bob.incoming[0]?.state !== 'established') await new Promise((r) => setTimeout(r, 10));
        return bob.incoming[0]!;
      })(),
      5000,
      'incoming call established',
    );
    const started = Date.now();
    await within(session.reinvite(), 6000, 're-INVITE with glare');
    expect(Date.now() - started).toBeLessThan(2500);
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
    expect(await within(session.ended(), 2000, 'BYE')).toMatchObject({ cause: 'bye', by: 'remote' });
  });
});
