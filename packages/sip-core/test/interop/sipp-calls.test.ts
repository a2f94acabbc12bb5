/**
 * Calls between our stack and sipp on loopback over UDP: sipp's built-in
 * `uac` and `uas` scenarios, and our scenarios in interop/sipp for 401 on
 * INVITE, a 183 early dialog, forking, re-INVITE glare, PRACK and session
 * timers. sipp exits non-zero when our stack misbehaves; each test also checks
 * our side's view of the call.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requirePeer, type SippOptions, SippPeer, within } from './harness/index.js';
import { fastClock, type OurUa, startOurUa } from './our-ua.js';

const peers = requirePeer('sipp');

/** Everything a test started, closed after it whatever happened. */
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

async function ua(options: Parameters<typeof startOurUa>[0]): Promise<OurUa> {
  const u = await startOurUa(options);
  open.push(u);
  return u;
}

async function sipp(options: SippOptions): Promise<SippPeer> {
  const s = await SippPeer.start({ timeoutS: 15, ...options });
  open.push(s);
  return s;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(peers.skip)('sipp and our stack', () => {
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
    expect(took).toBeLessThan(4500);
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

  it('session timer refreshed by sipp (UPDATE): we answer 200 with Session-Expires', async () => {
    const peer = await sipp({ scenario: { file: 'uas-session-timer-uas.xml' } });
    const alice = await ua({ user: 'alice', sessionTimer: { expires: 90 } });
    const { session } = alice.call(`sip:service@${peer.address}`);
    await within(session.invite(), 8000, 'call set-up');
    expect(session.sessionTimer).toMatchObject({ interval: 90, weRefresh: false });
    await pause(1500);
    await within(session.bye(), 5000, 'BYE');
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
  });

  it('session timer refreshed by us (refresher=uac) at half the interval (session clock 10x)', async () => {
    const peer = await sipp({ scenario: { file: 'uas-session-timer-uac.xml' }, timeoutS: 30 });
    const alice = await ua({ user: 'alice', sessionTimer: { expires: 90 }, sessionClock: fastClock(10) });
    const { session } = alice.call(`sip:service@${peer.address}`);
    await within(session.invite(), 8000, 'call set-up');
    expect(session.sessionTimer).toMatchObject({ interval: 90, weRefresh: true });
    // 45 s of session time is 4.5 s here
    await pause(6000);
    expect(session.state).toBe('established');
    await within(session.bye(), 5000, 'BYE');
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
  }, 30_000);
});
