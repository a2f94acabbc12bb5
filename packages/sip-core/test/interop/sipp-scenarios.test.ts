/**
 * Our UAC against our sipp scenarios in interop/sipp over UDP: 401 on
 * INVITE, a 183 early dialog, forking, re-INVITE glare and PRACK (session
 * timers: sipp-session-timer.test.ts). Each scenario fails (sipp exits non-zero) on a wrong or missing
 * request; each test also checks our side's view of the call.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { requirePeer, within } from './harness/index.js';
import { closeAfterEach, pause, sipp, ua } from './sipp-fixture.js';

const peers = requirePeer('sipp');
closeAfterEach();

describe.skipIf(peers.skip)('sipp scenarios and our UAC', () => {
  beforeAll(() => peers.assert());

  it("401 on INVITE: our UAC answers the challenge with digest (checked by sipp's verifyauth)", async () => {
    const peer = await sipp({
      scenario: { file: 'uas-auth-401.xml' },
      service: 'alice',
      keys: { password: 's3cret' },
    });
    const alice = await ua({
      user: 'alice',
      credentials: [{ realm: 'sipp.test', username: 'alice', password: 's3cret' }],
    });
    const { session } = alice.call(`sip:alice@${peer.address}`);
    await within(session.invite(), 8000, 'call set-up');
    expect(session.request?.header('authorization')).toMatch(/^Digest .*realm="sipp.test"/);
    await within(session.bye(), 5000, 'BYE');
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
  });

  it('401 on INVITE with a wrong password fails at sipp (the test can fail)', async () => {
    const peer = await sipp({
      scenario: { file: 'uas-auth-401.xml' },
      service: 'alice',
      keys: { password: 's3cret' },
    });
    const alice = await ua({
      user: 'alice',
      credentials: [{ realm: 'sipp.test', username: 'alice', password: 'wrong' }],
    });
    const { session } = alice.call(`sip:alice@${peer.address}`);
    await expect(session.invite()).rejects.toMatchObject({ status: 403 });
    const r = await peer.result(10_000);
    expect(r.ok).toBe(false);
  });

  it('183 with SDP makes an early dialog; the 200 confirms the same dialog', async () => {
    const peer = await sipp({ scenario: { file: 'uas-early-183.xml' } });
    const alice = await ua({ user: 'alice' });
    const { session, handler } = alice.call(`sip:service@${peer.address}`);
    const states: string[] = [];
    session.stateChange.on((e) => states.push(e.state));
    await within(session.invite(), 8000, 'call set-up');
    expect(states).toEqual(['early', 'established']);
    expect(handler.events.filter((e) => e === 'set-answer')).toHaveLength(1);
    await within(session.bye(), 5000, 'BYE');
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
  });

  it('forking: two early dialogs, two 200s; the second fork is ACKed and BYEd', async () => {
    const peer = await sipp({ scenario: { file: 'uas-fork.xml' } });
    const alice = await ua({ user: 'alice' });
    const { session } = alice.call(`sip:service@${peer.address}`);
    await within(session.invite(), 8000, 'call set-up');
    expect(session.dialogId?.remoteTag).toMatch(/^forkA/);
    await pause(800); // fork B's 200 comes 300 ms after A's
    expect(session.state).toBe('established');
    await within(session.bye(), 5000, 'BYE');
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
  });

  it("re-INVITE glare: ours gets 491 and is retried after 2.1-4 s; sipp's gets 491", async () => {
    const peer = await sipp({ scenario: { file: 'uas-glare.xml' } });
    const alice = await ua({ user: 'alice' });
    const { session } = alice.call(`sip:service@${peer.address}`);
    await within(session.invite(), 8000, 'call set-up');
    const started = Date.now();
    await within(session.reinvite(), 8000, 're-INVITE');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(2100);
    expect(took).toBeLessThan(5000);
    await within(session.bye(), 5000, 'BYE');
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
  });

  it('reliable 183 (100rel): our UAC sends PRACK with RAck, then ACKs the 200', async () => {
    const peer = await sipp({ scenario: { file: 'uas-prack.xml' } });
    const alice = await ua({ user: 'alice', reliableProvisional: 'supported' });
    const { session, handler } = alice.call(`sip:service@${peer.address}`);
    await within(session.invite(), 8000, 'call set-up');
    expect(handler.events).toContain('set-answer');
    await within(session.bye(), 5000, 'BYE');
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
  });
});

/*
 * The scenarios catch a misbehaving UAC: our stack with the feature turned
 * off stands in for a UAC that lacks it, and sipp must fail the call.
 */
describe.skipIf(peers.skip)('sipp scenarios reject a UAC without the feature', () => {
  beforeAll(() => peers.assert());

  it('PRACK scenario fails when the INVITE does not offer 100rel', async () => {
    const peer = await sipp({ scenario: { file: 'uas-prack.xml' }, timeoutS: 5 });
    const alice = await ua({ user: 'alice', reliableProvisional: 'disabled' });
    const { session } = alice.call(`sip:service@${peer.address}`);
    void session.invite().catch(() => {});
    const r = await peer.result(10_000);
    expect(r.ok).toBe(false);
    expect(r.stats?.failed).toBe(1);
  });
});
