/**
 * Session timers (RFC 4028) between our UAC and sipp: refreshed by sipp
 * (UPDATE), by us (refresher=uac; the session layer runs on a 20x clock, as
 * the 90 s minimum would make the refresh come after 45 s), and imposed by the
 * UAS on a UAC that did not ask for one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { requirePeer, within } from './harness/index.js';
import { fastClock } from './our-ua.js';
import { closeAfterEach, pause, sipp, ua } from './sipp-fixture.js';

const peers = requirePeer('sipp');
closeAfterEach();

describe.skipIf(peers.skip)('session timers with sipp', () => {
  beforeAll(() => peers.assert());

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

  it('session timer refreshed by us (refresher=uac) at half the interval (session clock 20x)', async () => {
    const peer = await sipp({ scenario: { file: 'uas-session-timer-uac.xml' }, timeoutS: 30 });
    const alice = await ua({ user: 'alice', sessionTimer: { expires: 90 }, sessionClock: fastClock(20) });
    const { session } = alice.call(`sip:service@${peer.address}`);
    await within(session.invite(), 8000, 'call set-up');
    expect(session.sessionTimer).toMatchObject({ interval: 90, weRefresh: true });
    // 45 s of session time is 2.25 s here
    await pause(3500);
    expect(session.state).toBe('established');
    await within(session.bye(), 5000, 'BYE');
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
  }, 30_000);
});

describe.skipIf(peers.skip)('session timer imposed by the UAS', () => {
  beforeAll(() => peers.assert());

  it('our UAC did not ask for a session timer (expires 0) and still refreshes as refresher=uac (RFC 4028 7.2)', async () => {
    const peer = await sipp({ scenario: { file: 'uas-session-timer-uac.xml' }, timeoutS: 20 });
    const alice = await ua({ user: 'alice', sessionTimer: { expires: 0 }, sessionClock: fastClock(20) });
    const { session } = alice.call(`sip:service@${peer.address}`);
    await within(session.invite(), 5000, 'call set-up');
    expect(session.request?.header('session-expires')).toBeUndefined();
    expect(session.sessionTimer).toMatchObject({ interval: 90, weRefresh: true });
    await pause(3500);
    await within(session.bye(), 5000, 'BYE');
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
  });
});
