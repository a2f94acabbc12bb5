/**
 * Call features against sipp (Debian's sip-tester) on 127.0.0.1, each scenario in
 * fixtures/interop/sipp checking our messages with regexp actions (sipp exits non-zero when
 * one fails): a 302 followed to the Contact with the highest q, a hidden identity
 * (anonymous From, Privacy: id, P-Preferred-Identity, P-Asserted-Identity), the caller shown
 * from a trusted proxy's P-Asserted-Identity, 100rel with PRACK, session refreshes by UPDATE
 * and by re-INVITE as caller and by UPDATE as callee (our clock virtual, so 45 s pass at
 * once), 422 and the retry, a 491 to our hold
 * and the RFC 3261 14.1 retry, a forked call with two early dialogs and two 2xx, and one whose
 * early media and answer come from different forks.
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VirtualClock } from '@twinkle/sip-core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mediaSessionFactory, type Phone, type Profile } from '../../src/index.js';
import { startAlicePhone } from './harness/alice-phone.js';
import { hasCommand } from './harness/peer-process.js';
import { callStates, nextEvent, recordEvents } from './harness/phone-events.js';
import { freePortBlock } from './harness/ports.js';
import { Sipp } from './harness/sipp.js';

const have = hasCommand('sipp');
// Missing sipp skips on a developer machine and fails in CI (.ci/apt-packages.txt lists sip-tester).
const skip = !have && process.env.CI !== 'true';
const scenario = (name: string) =>
  fileURLToPath(new URL(`../../fixtures/interop/sipp/${name}`, import.meta.url));

/** Waits until something listens on UDP 127.0.0.1:port (sipp binds a moment after it starts). */
async function udpListening(port: number, ms = 5000): Promise<void> {
  const suffix = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const table = readFileSync('/proc/net/udp', 'latin1');
    if (table.split('\n').some((l) => l.trim().split(/\s+/)[1]?.endsWith(suffix))) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing listens on UDP port ${port} after ${ms} ms`);
}

describe.skipIf(skip)('call features against sipp (127.0.0.1)', () => {
  let dir = '';
  let phone: Phone | undefined;
  let ourPort = 0;
  const started: Sipp[] = [];

  async function startPhone(profile: Partial<Profile> = {}, clock?: VirtualClock): Promise<Phone> {
    const rtp = await freePortBlock(20);
    const p = await startAlicePhone({
      settings: { rtpPort: rtp },
      profile: { codecs: ['g711u'], ...profile },
      media: mediaSessionFactory(),
      quitTimeoutMs: 1500,
      ...(clock === undefined ? {} : { clock }),
    });
    ourPort = p.ua.transport.localAddress('udp')!.port;
    return p;
  }

  async function sipp(
    options: Omit<Parameters<typeof Sipp.start>[0], 'dir' | 'sipPort' | 'mediaPort'>,
    user = 'bob',
  ) {
    if (!have) throw new Error('sipp is not installed (Debian package sip-tester)');
    const sipPort = await freePortBlock(1);
    const mediaPort = await freePortBlock(10);
    const sub = mkdtempSync(join(dir, 'run-'));
    const s = await Sipp.start({ dir: sub, sipPort, mediaPort, ...options });
    started.push(s);
    await udpListening(sipPort);
    return { sipp: s, port: sipPort, uri: `sip:${user}@127.0.0.1:${sipPort}` };
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'twinkle-sipp-features-'));
  });

  afterEach(async () => {
    await phone?.quit();
    phone = undefined;
    while (started.length > 0) await started.pop()!.stop();
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('302 with two Contacts: we follow the one with the higher q, which answers', async () => {
    phone = await startPhone({ askUserToRedirect: false });
    const target = await sipp({ scenario: { file: scenario('uas-answer-dave.xml') } }, 'dave');
    const nowhere = await freePortBlock(1); // the lower q: never tried first
    const redirector = await sipp({
      scenario: { file: scenario('uas-redirect-302.xml') },
      args: ['-set', 'low', `sip:carol@127.0.0.1:${nowhere}`, '-set', 'high', target.uri],
    });
    const answered = nextEvent(phone, 'call-state', 8000, (e) => e.state === 'answered');
    await phone.call(redirector.uri);
    await answered;
    expect(await redirector.sipp.exitCode(5000), redirector.sipp.log()).toBe(0);
    expect(phone.callOn(1)?.peer).toContain('sip:dave@127.0.0.1');
    const ended = nextEvent(phone, 'call-ended', 5000);
    await phone.bye();
    await ended;
    expect(await target.sipp.exitCode(10000), target.sipp.log()).toBe(0);
  });

  it('302 with ask_user_to_redirect: the question first, follow yes places the call', async () => {
    phone = await startPhone(); // Twinkle's defaults ask
    const target = await sipp({ scenario: { file: scenario('uas-answer-dave.xml') } }, 'dave');
    const redirector = await sipp({
      scenario: { file: scenario('uas-redirect-302.xml') },
      args: ['-set', 'low', 'sip:carol@127.0.0.1:9', '-set', 'high', target.uri],
    });
    const ask = nextEvent(phone, 'redirect-ask', 8000);
    await phone.call(redirector.uri);
    expect((await ask).contacts[0]).toContain(target.uri);
    const answered = nextEvent(phone, 'call-state', 8000, (e) => e.state === 'answered');
    expect(phone.answerRedirect(true)).toBe(1);
    await answered;
    const ended = nextEvent(phone, 'call-ended', 5000);
    await phone.bye();
    await ended;
    expect(await target.sipp.exitCode(10000), target.sipp.log()).toBe(0);
    expect(await redirector.sipp.exitCode(5000), redirector.sipp.log()).toBe(0);
  });

  it('call -h: sipp sees the anonymous From, Privacy: id, P-Preferred-Identity and P-Asserted-Identity', async () => {
    phone = await startPhone({ sendPPreferredId: true, sendPAssertedId: true });
    const { sipp: s, uri } = await sipp({ scenario: { file: scenario('uas-privacy-check.xml') } });
    const ended = nextEvent(phone, 'call-ended', 8000);
    await phone.call(uri, { hideIdentity: true });
    expect(await ended).toMatchObject({ status: 603 });
    expect(await s.exitCode(10000), s.log()).toBe(0);
  });

  it('an incoming call through the trusted proxy shows its P-Asserted-Identity', async () => {
    const proxyPort = await freePortBlock(1);
    phone = await startPhone({ outboundProxy: `127.0.0.1:${proxyPort}` });
    const rec = recordEvents(phone);
    const incoming = nextEvent(phone, 'incoming-call', 8000);
    const sipPort = proxyPort;
    const mediaPort = await freePortBlock(10);
    if (!have) throw new Error('sipp is not installed (Debian package sip-tester)');
    const s = await Sipp.start({
      dir: mkdtempSync(join(dir, 'run-')),
      sipPort,
      mediaPort,
      scenario: { file: scenario('uac-asserted-identity.xml') },
      remote: `127.0.0.1:${ourPort}`,
      service: 'alice',
    });
    started.push(s);
    const call = await incoming;
    expect(call).toMatchObject({ from: '"Carol Real" <sip:carol@example.com>', asserted: true });
    phone.reject(call.line, 603);
    expect(await s.exitCode(10000), s.log()).toBe(0);
    rec.stop();
  });

  it('100rel: the 183 with Require: 100rel is PRACKed before the 200', async () => {
    phone = await startPhone({ ext100rel: 'supported' });
    const rec = recordEvents(phone);
    const { sipp: s, uri } = await sipp({ scenario: { file: scenario('uas-100rel-prack.xml') } });
    const answered = nextEvent(phone, 'call-state', 8000, (e) => e.state === 'answered');
    await phone.call(uri);
    await answered;
    const ended = nextEvent(phone, 'call-ended', 5000);
    await phone.bye();
    await ended;
    expect(await s.exitCode(10000), s.log()).toBe(0);
    rec.stop();
    expect(callStates(rec.events)).toContain('early-media');
  });

  it('100rel required by the caller, ext_100rel=disabled in our profile: 420 with Unsupported: 100rel', async () => {
    phone = await startPhone({ ext100rel: 'disabled' });
    const rec = recordEvents(phone);
    if (!have) throw new Error('sipp is not installed (Debian package sip-tester)');
    const s = await Sipp.start({
      dir: mkdtempSync(join(dir, 'run-')),
      sipPort: await freePortBlock(1),
      mediaPort: await freePortBlock(10),
      scenario: { file: scenario('uac-require-100rel.xml') },
      remote: `127.0.0.1:${ourPort}`,
      service: 'alice',
    });
    started.push(s);
    expect(await s.exitCode(10000), s.log()).toBe(0);
    rec.stop();
    expect(rec.events.some((e) => e.type === 'incoming-call')).toBe(false);
  });

  it('session timer: Session-Expires 90 from the profile, refreshed by UPDATE at half the interval', async () => {
    const clock = new VirtualClock(Date.now());
    phone = await startPhone({ timerSessionExpires: 90, sessionRefreshMethod: 'update' }, clock);
    const { sipp: s, uri } = await sipp({ scenario: { file: scenario('uas-session-refresh.xml') } });
    const answered = nextEvent(phone, 'call-state', 8000, (e) => e.state === 'answered');
    await phone.call(uri);
    await answered;
    await s.waitForMessages((m) => /^ACK sip:/m.test(m), 3000, 'ACK');
    clock.advance(46_000);
    await s.waitForMessages(
      (m) => /^SIP\/2\.0 200 OK[\s\S]*CSeq: \d+ UPDATE/m.test(m),
      5000,
      '200 to the UPDATE',
    );
    const ended = nextEvent(phone, 'call-ended', 5000);
    await phone.bye();
    await ended;
    expect(await s.exitCode(10000), s.log()).toBe(0);
  });

  it('session timer with session_refresh_method=reinvite: the refresh is a re-INVITE with an offer', async () => {
    const clock = new VirtualClock(Date.now());
    phone = await startPhone({ timerSessionExpires: 90, sessionRefreshMethod: 'reinvite' }, clock);
    const { sipp: s, uri } = await sipp({ scenario: { file: scenario('uas-session-refresh-reinvite.xml') } });
    const answered = nextEvent(phone, 'call-state', 8000, (e) => e.state === 'answered');
    await phone.call(uri);
    await answered;
    await s.waitForMessages((m) => /^ACK sip:/m.test(m), 3000, 'ACK');
    clock.advance(46_000);
    await s.waitForMessages((m) => (m.match(/^ACK sip:/gm) ?? []).length >= 2, 5000, 'ACK of the refresh');
    const ended = nextEvent(phone, 'call-ended', 5000);
    await phone.bye();
    await ended;
    expect(await s.exitCode(10000), s.log()).toBe(0);
  });

  it('session timer as the callee: refresher=uas asked by sipp, we refresh by UPDATE', async () => {
    const clock = new VirtualClock(Date.now());
    phone = await startPhone({}, clock);
    phone.setAutoAnswer(true);
    const answered = nextEvent(phone, 'call-state', 8000, (e) => e.state === 'answered');
    if (!have) throw new Error('sipp is not installed (Debian package sip-tester)');
    const s = await Sipp.start({
      dir: mkdtempSync(join(dir, 'run-')),
      sipPort: await freePortBlock(1),
      mediaPort: await freePortBlock(10),
      scenario: { file: scenario('uac-session-timer-uas-refresh.xml') },
      remote: `127.0.0.1:${ourPort}`,
      service: 'alice',
    });
    started.push(s);
    await answered;
    await s.waitForMessages((m) => /^ACK sip:/m.test(m), 3000, 'ACK');
    const ended = nextEvent(phone, 'call-ended', 8000);
    clock.advance(46_000);
    expect(await ended).toMatchObject({ by: 'remote', cause: 'bye' });
    expect(await s.exitCode(10000), s.log()).toBe(0);
  });

  it('session timer: 422 Session Interval Too Small is retried with the Min-SE of the response', async () => {
    phone = await startPhone({ timerSessionExpires: 90 });
    const { sipp: s, uri } = await sipp({ scenario: { file: scenario('uas-session-422.xml') } });
    const answered = nextEvent(phone, 'call-state', 8000, (e) => e.state === 'answered');
    await phone.call(uri);
    await answered;
    const ended = nextEvent(phone, 'call-ended', 5000);
    await phone.bye();
    await ended;
    expect(await s.exitCode(10000), s.log()).toBe(0);
  });

  it('491 to our hold: the re-INVITE is sent again after 2.1 to 4 s (RFC 3261 14.1), then held', async () => {
    phone = await startPhone();
    const { sipp: s, uri } = await sipp({ scenario: { file: scenario('uas-glare-491.xml') } });
    const answered = nextEvent(phone, 'call-state', 8000, (e) => e.state === 'answered');
    await phone.call(uri);
    await answered;
    await s.waitForMessages((m) => /^ACK sip:/m.test(m), 3000, 'ACK');
    const t0 = Date.now();
    await phone.hold();
    const waited = Date.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(2000);
    expect(waited).toBeLessThan(4600);
    expect(phone.callOn(1)?.state).toBe('held');
    const ended = nextEvent(phone, 'call-ended', 5000);
    await phone.bye();
    await ended;
    expect(await s.exitCode(10000), s.log()).toBe(0);
  }, 20_000);

  it('forked call: early media from one fork, the 2xx from another: the media moves to the answering fork', async () => {
    phone = await startPhone();
    const rec = recordEvents(phone);
    const other = await freePortBlock(2);
    // Our RTP must reach fork B's address once B's 2xx is in: listen there.
    const rtp = createSocket('udp4');
    await new Promise<void>((r) => rtp.bind(other, '127.0.0.1', () => r()));
    const reached = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no RTP at fork B's port ${other}`)), 5000);
      rtp.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const { sipp: s, uri } = await sipp({
      scenario: { file: scenario('uas-forked-early-media.xml') },
      args: ['-set', 'other', String(other)],
    });
    const early = nextEvent(phone, 'call-state', 8000, (e) => e.state === 'early-media');
    const answered = nextEvent(phone, 'call-state', 8000, (e) => e.state === 'answered');
    await phone.call(uri);
    await early;
    await answered;
    try {
      await reached;
    } finally {
      rtp.close();
    }
    const ended = nextEvent(phone, 'call-ended', 5000);
    await phone.bye();
    await ended;
    expect(await s.exitCode(10000), s.log()).toBe(0);
    rec.stop();
  });

  it('forked call: two early dialogs, two 2xx; we keep the first, ACK both and BYE the second', async () => {
    phone = await startPhone();
    const rec = recordEvents(phone);
    const { sipp: s, uri } = await sipp({ scenario: { file: scenario('uas-forked-2xx.xml') } });
    const answered = nextEvent(phone, 'call-state', 8000, (e) => e.state === 'answered');
    await phone.call(uri);
    await answered;
    await s.waitForMessages((m) => /^BYE sip:b@/m.test(m), 5000, 'BYE to fork B');
    expect(phone.callOn(1)?.state).toBe('answered');
    const ended = nextEvent(phone, 'call-ended', 5000);
    await phone.bye();
    expect(await ended).toMatchObject({ by: 'local', cause: 'bye' });
    expect(await s.exitCode(10000), s.log()).toBe(0);
    rec.stop();
    expect(rec.events.filter((e) => e.type === 'call-ended')).toHaveLength(1);
    expect(callStates(rec.events).filter((st) => st === 'answered')).toHaveLength(1);
  });
});
