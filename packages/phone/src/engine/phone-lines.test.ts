/**
 * The rules of lines and services over UDP on 127.0.0.1: reject (486 or a
 * given code), a busy phone with and without call waiting, do not disturb
 * (480), CANCEL while ringing (a missed call), switching lines, redial,
 * OPTIONS, and failure reasons.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../history/call-record.js';
import { startPhone, type TestPhone, testProfile, testSettings } from './phone.test.util.js';

const running: TestPhone[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.phone.quit()));
});

async function phones(...names: string[]): Promise<TestPhone[]> {
  const out: TestPhone[] = [];
  for (const n of names) out.push(await startPhone([testProfile(n)]));
  running.push(...out);
  return out;
}

describe('lines and services', () => {
  it('reject answers 486 Busy Here, and the caller is told status and reason', async () => {
    const [a, b] = await phones('alice', 'bob');
    await a!.phone.call(b!.uri('bob'));
    await b!.waitFor('incoming-call');
    b!.phone.reject();
    expect(await a!.waitFor('call-ended')).toMatchObject({
      line: 1,
      by: 'remote',
      cause: 'rejected',
      status: 486,
      reason: 'Busy Here',
    });
    expect(await a!.waitFor('call-state', (e) => e.state === 'ended')).toMatchObject({ status: 486 });
    const record = (await a!.waitFor('history')).record;
    expect(record).toMatchObject({
      direction: 'out',
      inviteResponseCode: 486,
      inviteResponseReason: 'Busy Here',
      releaseCause: 'failure',
    });
    expect(a!.media.ports[0]?.closed ?? true).toBe(true);
  });

  it('reject with another code (603 Decline)', async () => {
    const [a, b] = await phones('alice', 'bob');
    await a!.phone.call(b!.uri('bob'));
    await b!.waitFor('incoming-call');
    b!.phone.reject(1, 603);
    expect(await a!.waitFor('call-ended')).toMatchObject({ status: 603, reason: 'Decline' });
  });

  it('a busy phone with call waiting rings the second call on line 2; answering it holds line 1', async () => {
    const [a, b, c] = await phones('alice', 'bob', 'carol');
    b!.phone.setAutoAnswer(true);
    await a!.phone.call(b!.uri('bob'));
    await a!.waitFor('call-state', (e) => e.state === 'answered');
    b!.phone.setAutoAnswer(false);
    await c!.phone.call(b!.uri('bob'));
    const waiting = await b!.waitFor('incoming-call', (e) => e.line === 2);
    expect(waiting).toMatchObject({ line: 2, waiting: true });
    // The second call beeps instead of ringing.
    expect(b!.tones.log).toEqual(['ring 1', 'stop ring 1', 'waiting 2']);
    await c!.waitFor('call-state', (e) => e.state === 'ringing');
    await b!.phone.answer(2);
    await c!.waitFor('call-state', (e) => e.state === 'answered');
    // Line 1 was put on hold first, and line 2 is now the active line.
    await a!.waitFor('call-state', (e) => e.state === 'remote-held');
    expect(b!.phone.callOn(1)?.state).toBe('held');
    expect(b!.phone.activeLine).toBe(2);
    expect(b!.phone.lineStatus()).toEqual([
      {
        line: 1,
        active: false,
        state: 'held',
        direction: 'in',
        peer: 'sip:alice@127.0.0.1',
        profile: 'bob',
        muted: false,
      },
      {
        line: 2,
        active: true,
        state: 'answered',
        direction: 'in',
        peer: 'sip:carol@127.0.0.1',
        profile: 'bob',
        muted: false,
      },
    ]);
    // Back to line 1: line 2 is held, line 1 retrieved.
    await b!.phone.selectLine(1);
    expect(b!.phone.callOn(2)?.state).toBe('held');
    expect(b!.phone.callOn(1)?.state).toBe('answered');
    await c!.waitFor('call-state', (e) => e.state === 'remote-held');
  });

  it('a busy phone without call waiting answers 486', async () => {
    const a = await startPhone([testProfile('alice')]);
    const b = await startPhone([testProfile('bob')], { settings: testSettings({ callWaiting: false }) });
    const c = await startPhone([testProfile('carol')]);
    running.push(a, b, c);
    b.phone.setAutoAnswer(true);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-state', (e) => e.state === 'answered');
    await c.phone.call(b.uri('bob'));
    expect(await c.waitFor('call-ended')).toMatchObject({ status: 486, cause: 'rejected' });
    expect(b.events.filter((e) => e.type === 'incoming-call')).toHaveLength(1);
  });

  it('do not disturb answers 480 Temporarily Unavailable', async () => {
    const [a, b] = await phones('alice', 'bob');
    b!.phone.setDnd(true);
    await a!.phone.call(b!.uri('bob'));
    expect(await a!.waitFor('call-ended')).toMatchObject({ status: 480, reason: 'Temporarily Unavailable' });
    expect(b!.events.some((e) => e.type === 'incoming-call')).toBe(false);
  });

  it('bye while ringing sends CANCEL: the callee sees a missed call', async () => {
    const [a, b] = await phones('alice', 'bob');
    const missed: (CallRecord & { missed: boolean })[] = [];
    b!.phone.on((e) => {
      if (e.type === 'history') missed.push({ ...e.record, missed: e.missed });
    });
    await a!.phone.call(b!.uri('bob'));
    await a!.waitFor('call-state', (e) => e.state === 'ringing');
    await a!.phone.bye();
    expect(await a!.waitFor('call-ended')).toMatchObject({ by: 'local', cause: 'cancelled', status: 487 });
    expect(await b!.waitFor('call-ended')).toMatchObject({ by: 'remote', cause: 'cancelled' });
    expect(b!.tones.log).toEqual(['ring 1', 'stop ring 1']);
    await b!.waitFor('history');
    expect(missed[0]).toMatchObject({
      direction: 'in',
      missed: true,
      fromUri: 'sip:alice@127.0.0.1',
      inviteResponseCode: 487,
      releaseCause: 'failure',
    });
    expect(b!.phone.callOn(1)).toBeUndefined();
  });

  it('redial calls the last destination again; a busy line refuses a second call', async () => {
    const [a, b] = await phones('alice', 'bob');
    await a!.phone.call(b!.uri('bob'), { subject: 'again' });
    await expect(a!.phone.call(b!.uri('bob'))).rejects.toMatchObject({ code: 'line-busy' });
    await b!.waitFor('incoming-call');
    b!.phone.reject();
    await a!.waitFor('call-ended');
    await a!.phone.redial();
    const second = await b!.waitFor(
      'incoming-call',
      (e) => b!.events.filter((x) => x.type === 'incoming-call').length === 2 && e.subject === 'again',
    );
    expect(second.subject).toBe('again');
  });

  it('OPTIONS gets the other phone’s 200 with Allow', async () => {
    const [a, b] = await phones('alice', 'bob');
    const r = await a!.phone.options(b!.uri('bob'));
    expect(r.status).toBe(200);
    expect(r.allow).toContain('INVITE');
  });

  it('a hidden identity sends an anonymous From with Privacy: id', async () => {
    const [a, b] = await phones('alice', 'bob');
    await a!.phone.call(b!.uri('bob'), { hideIdentity: true, display: 'Bob B.' });
    const incoming = await b!.waitFor('incoming-call');
    expect(incoming.from).toBe('"Anonymous" <sip:anonymous@anonymous.invalid>');
    expect(incoming.to).toContain('"Bob B."');
    expect(incoming.profile).toBe('bob');
    expect(b!.phone.callOn(1)?.session.request?.header('privacy')).toBe('id');
  });

  it('a call to a port where nobody listens fails with a reason (timeout or transport error)', async () => {
    const a = await startPhone([testProfile('alice')], { sipTimers: { t1: 10, t2: 40, t4: 50 } });
    running.push(a);
    await a.phone.call('sip:nobody@127.0.0.1:9');
    const ended = await a.waitFor('call-ended', undefined, 5000);
    expect(['timeout', 'transport-error']).toContain(ended.cause);
    expect(ended.status === 408 || ended.status === 503).toBe(true);
  });
});

describe('call history', () => {
  it('adds every finished call to twinkle.ch through the history module', async () => {
    const { mkdtemp, readFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { CallHistory } = await import('../history/call-history.js');
    const dir = await mkdtemp(join(tmpdir(), 'twinkle-engine-'));
    try {
      const history = new CallHistory(join(dir, 'twinkle.ch'));
      const a = await startPhone([testProfile('alice')]);
      const b = await startPhone([testProfile('bob')], { history });
      running.push(a, b);
      await a.phone.call(b.uri('bob'), { subject: 'lunch' });
      await b.waitFor('incoming-call');
      b.phone.reject();
      await b.waitFor('history');
      await new Promise((r) => setTimeout(r, 50));
      expect(history.records).toHaveLength(1);
      expect(history.missedCount).toBe(1);
      const text = await readFile(join(dir, 'twinkle.ch'), 'utf8');
      expect(text).toMatch(
        /\|in\|Alice\|sip:alice@127\.0\.0\.1\|.*\|lunch\|failure\|486\|Busy Here\|.*\|bob$/m,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('call forwarding (the redirection service)', () => {
  it('cf_always answers 302 with the destination; the caller is told where', async () => {
    const [a, b] = await phones('alice', 'bob');
    b!.phone.setForwarding('always', ['sip:carol@192.0.2.9']);
    await a!.phone.call(b!.uri('bob'));
    const ended = await a!.waitFor('call-ended');
    expect(ended).toMatchObject({ status: 302, cause: 'redirected' });
    expect(ended.contacts?.[0]).toContain('sip:carol@192.0.2.9');
    expect(await b!.waitFor('call-refused')).toMatchObject({
      status: 302,
      reason: 'forwarded',
      profile: 'bob',
    });
    expect(() => b!.phone.setForwarding('busy', ['  '])).toThrow(/not a SIP address/);
  });

  it('cf_noanswer redirects a call still ringing after timer_noanswer', async () => {
    const a = await startPhone([testProfile('alice')]);
    const b = await startPhone([testProfile('bob', { timerNoanswer: 1 })]);
    running.push(a, b);
    b.phone.setForwarding('noAnswer', ['carol@192.0.2.9']);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-state', (e) => e.state === 'ringing');
    const ended = await a.waitFor('call-ended', undefined, 3000);
    expect(ended).toMatchObject({ status: 302 });
    expect(ended.contacts?.[0]).toContain('sip:carol@192.0.2.9');
    expect(await b.waitFor('call-ended')).toMatchObject({ by: 'local', cause: 'redirected' });
  });

  it('follows the 302 itself when the profile allows redirection without asking', async () => {
    const a = await startPhone([testProfile('alice', { askUserToRedirect: false })]);
    const b = await startPhone([testProfile('bob')]);
    const c = await startPhone([testProfile('carol')]);
    running.push(a, b, c);
    b.phone.setForwarding('always', [c.uri('carol')]);
    await a.phone.call(b.uri('bob'), { subject: 'find carol' });
    expect(await c.waitFor('incoming-call')).toMatchObject({ profile: 'carol', subject: 'find carol' });
    expect(await a.waitFor('call-ended')).toMatchObject({ status: 302, cause: 'redirected' });
    // The new call took line 1 and rings at carol.
    await a.waitFor('call-state', (e) => e.state === 'ringing');
    expect(a.phone.callOn(1)?.direction).toBe('out');
  });
});
