/**
 * 100rel (ext_100rel) and session timers (timer_session_expires,
 * session_refresh_method) per profile, between phones on 127.0.0.1; the
 * refreshes run in virtual time (the phones share a VirtualClock).
 */
import type { InviteClientSession, InviteServerSession } from '@twinkle/sip-core';
import { VirtualClock } from '@twinkle/sip-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, type TestPhone, testProfile } from './phone.test.util.js';
import type { NamedProfile, PhoneProfile } from './phone-options.js';
import { sessionPolicyOf } from './session-policy.js';

const running: TestPhone[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.phone.quit()));
});

async function start(profiles: NamedProfile[], clock?: VirtualClock): Promise<TestPhone> {
  const p = await startPhone(profiles, clock === undefined ? {} : { clock });
  running.push(p);
  return p;
}

const autoAnswer = (name: string, changes: Partial<PhoneProfile> = {}): NamedProfile => ({
  ...testProfile(name, changes),
  services: { dnd: false, autoAnswer: true },
});

const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));

describe('session policy of a profile', () => {
  it('maps ext_100rel, timer_session_expires and session_refresh_method', () => {
    const p = testProfile('x', {
      ext100rel: 'required',
      timerSessionExpires: 0,
      sessionRefreshMethod: 'reinvite',
    });
    expect(sessionPolicyOf(p.profile)).toEqual({
      reliableProvisional: 'required',
      sessionTimer: { expires: 0, preferUpdate: false },
    });
  });
});

describe('100rel per profile (RFC 3262)', () => {
  it('each profile of a phone answers with its own ext_100rel', async () => {
    const b = await start([
      testProfile('bob', { ext100rel: 'preferred' }),
      testProfile('rob', { ext100rel: 'disabled' }),
    ]);
    const a = await start([testProfile('alice')]);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-state', (e) => e.state === 'ringing');
    expect((b.phone.callOn(1)!.session as InviteServerSession).reliableProvisional).toBe(true);
    await a.phone.bye();
    await a.waitFor('call-ended');
    await b.waitFor('call-ended');
    await a.phone.call(b.uri('rob'));
    await b.waitFor('incoming-call', (e) => e.profile === 'rob');
    expect((b.phone.callOn(1)!.session as InviteServerSession).reliableProvisional).toBe(false);
  });

  it('a profile that requires 100rel refuses a caller without it (421); the calling profile decides Require', async () => {
    const b = await start([testProfile('bob', { ext100rel: 'required' })]);
    const a = await start([
      testProfile('alice', { ext100rel: 'disabled' }),
      testProfile('al', { ext100rel: 'required' }),
    ]);
    await a.phone.call(b.uri('bob'));
    expect(await a.waitFor('call-ended')).toMatchObject({ status: 421 });
    a.phone.selectProfile('al');
    await a.phone.call(b.uri('bob'));
    await b.waitFor('incoming-call');
    const invite = (b.phone.callOn(1)!.session as InviteServerSession).request;
    expect(invite.header('require')).toBe('100rel');
    expect((b.phone.callOn(1)!.session as InviteServerSession).reliableProvisional).toBe(true);
  });
});

describe('session timers per profile (RFC 4028)', () => {
  async function timedCall(method: 'update' | 'reinvite') {
    const clock = new VirtualClock(Date.now());
    const b = await start([autoAnswer('bob')], clock);
    const a = await start(
      [testProfile('alice', { timerSessionExpires: 90, sessionRefreshMethod: method })],
      clock,
    );
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-state', (e) => e.state === 'answered');
    await settle();
    const session = a.phone.callOn(1)!.session as InviteClientSession;
    expect(session.request?.get('session-expires')?.deltaSeconds).toBe(90);
    expect(session.sessionTimer).toEqual({ interval: 90, weRefresh: true });
    const applied = b.media.ports[0]!.applied.length;
    // 200 s: four refreshes at 45 s; without them bob would send BYE at 60 s (90 - 30).
    for (let t = 0; t < 200; t += 5) {
      clock.advance(5000);
      await settle(20);
    }
    await settle();
    expect(a.phone.callOn(1)?.state).toBe('answered');
    expect(b.phone.callOn(1)?.state).toBe('answered');
    return b.media.ports[0]!.applied.length - applied;
  }

  it('refreshes by re-INVITE (a new offer each time) with session_refresh_method=reinvite', async () => {
    expect(await timedCall('reinvite')).toBeGreaterThanOrEqual(4);
  });

  it('refreshes by UPDATE without SDP with session_refresh_method=update', async () => {
    expect(await timedCall('update')).toBe(0);
  });

  it('timer_session_expires=0 on both sides: no session timer', async () => {
    const b = await start([autoAnswer('bob', { timerSessionExpires: 0 })]);
    const a = await start([testProfile('alice', { timerSessionExpires: 0 })]);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-state', (e) => e.state === 'answered');
    const session = a.phone.callOn(1)!.session as InviteClientSession;
    expect(session.request?.header('session-expires')).toBeUndefined();
    expect(session.sessionTimer).toBeUndefined();
  });

  it('a callee whose profile wants a timer asks for one the caller did not and refreshes itself (section 9)', async () => {
    const clock = new VirtualClock(Date.now());
    const b = await start([autoAnswer('bob', { timerSessionExpires: 90 })], clock);
    const a = await start([testProfile('alice', { timerSessionExpires: 0 })], clock);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-state', (e) => e.state === 'answered');
    await settle();
    expect((b.phone.callOn(1)!.session as InviteServerSession).sessionTimer).toEqual({
      interval: 90,
      weRefresh: true,
    });
  });
});
