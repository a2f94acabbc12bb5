/**
 * MWI (RFC 3842) against sipp (Debian's sip-tester) as the voice mail server on 127.0.0.1:
 * solicited, sipp answers our SUBSCRIBE, NOTIFYs counts, takes the refresh and the
 * unsubscribe at quit (fixtures/interop/sipp/uas-mwi-notifier.xml); unsolicited, sipp sends
 * NOTIFYs out of dialog as Asterisk does and an unknown event that must get 481
 * (uac-mwi-unsolicited.xml). And presence PUBLISH (RFC 3903) with sipp as the compositor
 * (uas-publish.xml). sipp's exit code says whether our side behaved.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Phone, PhoneEvent, Profile } from '../../src/index.js';
import { startAlicePhone } from './harness/alice-phone.js';
import { hasCommand } from './harness/peer-process.js';
import { nextEvent, recordEvents } from './harness/phone-events.js';
import { freePortBlock } from './harness/ports.js';
import { Sipp } from './harness/sipp.js';

const have = hasCommand('sipp');
const skip = !have && process.env.CI !== 'true';
const scenario = (name: string) =>
  fileURLToPath(new URL(`../../fixtures/interop/sipp/${name}`, import.meta.url));

describe.skipIf(skip)('MWI with sipp as the voice mail server (127.0.0.1)', () => {
  let dir = '';
  let phone: Phone | undefined;
  const started: Sipp[] = [];

  async function startPhone(profile: Partial<Profile>): Promise<Phone> {
    const p = await startAlicePhone({
      profile,
      media: { open: () => Promise.reject(new Error('no media in MWI tests')) },
      quitTimeoutMs: 3000,
    });
    return p;
  }

  async function sipp(
    options: Omit<Parameters<typeof Sipp.start>[0], 'dir' | 'sipPort' | 'mediaPort'>,
    sipPort?: number,
  ) {
    if (!have) throw new Error('sipp is not installed (Debian package sip-tester)');
    const port = sipPort ?? (await freePortBlock(1));
    const s = await Sipp.start({
      dir,
      sipPort: port,
      mediaPort: await freePortBlock(4),
      timeoutS: 20,
      ...options,
    });
    started.push(s);
    return { sipp: s, port };
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'twinkle-mwi-sipp-'));
  });
  afterEach(async () => {
    await phone?.quit();
    phone = undefined;
    while (started.length > 0) await started.pop()!.stop();
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('solicited: SUBSCRIBE answered, counts NOTIFYed, refresh before expiry, unsubscribe at quit', async () => {
    const sipPort = await freePortBlock(1);
    const { sipp: s } = await sipp(
      { scenario: { file: scenario('uas-mwi-notifier.xml') }, service: 'alice' },
      sipPort,
    );
    phone = await startPhone({
      mwiSollicited: true,
      mwiServer: `127.0.0.1:${sipPort}`,
      mwiSubscriptionTime: 4,
    });
    const rec = recordEvents(phone);
    expect(await nextEvent(phone, 'mwi', 8000)).toMatchObject({
      waiting: true,
      newMessages: 2,
      oldMessages: 8,
      newUrgent: 1,
      solicited: true,
      account: 'sip:alice@127.0.0.1',
    });
    // The second NOTIFY follows our refresh (4 s subscription, refreshed at 2 s).
    expect(await nextEvent(phone, 'mwi', 8000, (e) => e.newMessages === 3)).toMatchObject({ oldMessages: 8 });
    const p = phone;
    phone = undefined;
    await p.quit();
    expect(await s.exitCode(10000), s.log()).toBe(0);
    rec.stop();
    const states = rec.events
      .filter((e): e is Extract<PhoneEvent, { type: 'mwi-subscription' }> => e.type === 'mwi-subscription')
      .map((e) => e.state);
    expect(states).toContain('active');
    expect(states.at(-1)).toBe('terminated');
  }, 30_000);

  it('unsolicited: NOTIFYs out of dialog answered 200 and reported, another event 481', async () => {
    phone = await startPhone({});
    const ourPort = phone.ua.transport.localAddress('udp')!.port;
    const rec = recordEvents(phone);
    const { sipp: s } = await sipp({
      scenario: { file: scenario('uac-mwi-unsolicited.xml') },
      service: 'alice',
      remote: `127.0.0.1:${ourPort}`,
    });
    expect(await s.exitCode(15000), s.log()).toBe(0);
    rec.stop();
    const mwi = rec.events.filter((e) => e.type === 'mwi');
    expect(mwi).toEqual([
      {
        type: 'mwi',
        profile: 'alice',
        waiting: true,
        newMessages: 3,
        oldMessages: 5,
        newUrgent: 1,
        oldUrgent: 0,
        account: 'sip:*97@127.0.0.1',
        solicited: false,
      },
      {
        type: 'mwi',
        profile: 'alice',
        waiting: false,
        newMessages: 0,
        oldMessages: 8,
        account: 'sip:*97@127.0.0.1',
        solicited: false,
      },
    ]);
  }, 30_000);
});

describe.skipIf(skip)('presence PUBLISH with sipp as the compositor (127.0.0.1)', () => {
  let dir = '';
  const started: Sipp[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'twinkle-publish-sipp-'));
  });
  afterEach(async () => {
    while (started.length > 0) await started.pop()!.stop();
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('publishes online, then offline with SIP-If-Match, and removes the publication at quit', async () => {
    if (!have) throw new Error('sipp is not installed (Debian package sip-tester)');
    const sipPort = await freePortBlock(1);
    const s = await Sipp.start({
      dir,
      sipPort,
      mediaPort: await freePortBlock(4),
      scenario: { file: scenario('uas-publish.xml') },
      args: ['-m', '3'],
      timeoutS: 20,
    });
    started.push(s);
    const phone = await startAlicePhone({
      profile: { userDomain: `127.0.0.1:${sipPort}`, presPublicationTime: 300 },
      media: { open: () => Promise.reject(new Error('no media')) },
      quitTimeoutMs: 3000,
    });
    expect(await phone.services.presence.publish('online')).toMatchObject({ status: 200 });
    expect(await phone.services.presence.publish('offline')).toMatchObject({ status: 200 });
    await phone.quit();
    expect(await s.exitCode(10000), s.log()).toBe(0);
    const log = s.messages();
    expect(log).toMatch(/<basic>open<\/basic>/);
    expect(log).toMatch(/SIP-If-Match: etag-1[\s\S]*<basic>closed<\/basic>/);
    expect(log).toMatch(/Expires: 0[\s\S]*SIP-If-Match: etag-2|SIP-If-Match: etag-2[\s\S]*Expires: 0/);
  }, 30_000);
});

describe.skipIf(skip)('busy lamp with sipp as the dialog event notifier (127.0.0.1)', () => {
  let dir = '';
  const started: Sipp[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'twinkle-blf-sipp-'));
  });
  afterEach(async () => {
    while (started.length > 0) await started.pop()!.stop();
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('watches a user: busy from the full state, idle from the partial one, unsubscribes', async () => {
    if (!have) throw new Error('sipp is not installed (Debian package sip-tester)');
    const sipPort = await freePortBlock(1);
    const s = await Sipp.start({
      dir,
      sipPort,
      mediaPort: await freePortBlock(4),
      scenario: { file: scenario('uas-dialog-notifier.xml') },
      service: 'bob',
      timeoutS: 20,
    });
    started.push(s);
    const phone = await startAlicePhone({
      media: { open: () => Promise.reject(new Error('no media')) },
      quitTimeoutMs: 3000,
    });
    try {
      const busy = nextEvent(phone, 'dialog-state', 5000, (e) => e.state === 'busy');
      const idle = nextEvent(phone, 'dialog-state', 5000, (e) => e.state === 'idle');
      const uri = phone.services.dialogs.watch(`sip:bob@127.0.0.1:${sipPort}`);
      expect(await busy).toMatchObject({ uri, dialogs: 1 });
      expect(await idle).toMatchObject({ uri, dialogs: 0 });
      expect(await phone.services.dialogs.unwatch(uri)).toBe(true);
      expect(await s.exitCode(10000), s.log()).toBe(0);
    } finally {
      await phone.quit();
    }
  }, 30_000);
});
