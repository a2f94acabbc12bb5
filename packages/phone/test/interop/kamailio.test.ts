/**
 * Calls through kamailio (Debian's package) as registrar and proxy on 127.0.0.1, with digest
 * authentication from an htable (no database) and GRUU off: two of our Phones, each with a
 * profile registering at startup through it, one calls the other by its address of record,
 * media starts on both sides, BYE; on quit each unregisters (the registrar then knows the
 * callee no more: a call to it gets 404).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultProfile,
  defaultSystemSettings,
  mediaSessionFactory,
  Phone,
  type PhoneEvent,
} from '../../src/index.js';
import { Kamailio } from './harness/kamailio.js';
import { hasCommand } from './harness/peer-process.js';
import { nextEvent, recordEvents } from './harness/phone-events.js';
import { freePortBlock } from './harness/ports.js';

const CONFIG = fileURLToPath(new URL('../../fixtures/interop/kamailio/kamailio.cfg', import.meta.url));
const have = hasCommand('kamailio') || hasCommand('/usr/sbin/kamailio');
const program = hasCommand('kamailio') ? 'kamailio' : '/usr/sbin/kamailio';
// Missing kamailio skips on a developer machine and fails in CI (.ci/apt-packages.txt lists it).
const skip = !have && process.env.CI !== 'true';

async function startPhone(user: string, proxyPort: number): Promise<Phone> {
  const rtp = await freePortBlock(20);
  const proxy = `127.0.0.1:${proxyPort}`;
  return Phone.create({
    settings: {
      ...defaultSystemSettings(),
      sipPort: 0,
      rtpPort: rtp,
      devMic: 'null',
      devSpeaker: 'null',
      devRingtone: 'null',
    },
    profiles: [
      {
        name: user,
        profile: {
          ...defaultProfile(),
          userName: user,
          userDomain: 'interop.test',
          authName: user,
          authPass: `${user}-secret`,
          authRealm: 'interop.test',
          registrar: proxy,
          outboundProxy: proxy,
          registerAtStartup: true,
          registrationTime: 60,
          codecs: ['g711u'],
        },
      },
    ],
    address: '127.0.0.1',
    media: mediaSessionFactory(),
    quitTimeoutMs: 2000,
  });
}

function registered(phone: Phone, profile: string): Promise<PhoneEvent> {
  return nextEvent(phone, 'registration', 8000, (e) => e.profile === profile && e.state === 'registered');
}

describe.skipIf(skip)('calls through kamailio (registrar and proxy on 127.0.0.1)', () => {
  let dir = '';
  let kamailio: Kamailio | undefined;
  const phones: Phone[] = [];

  beforeAll(async () => {
    if (!have) throw new Error('kamailio is not installed (Debian package kamailio)');
    dir = mkdtempSync(join(tmpdir(), 'twinkle-kamailio-'));
    kamailio = await Kamailio.start(program, CONFIG, dir, await freePortBlock(1));
  });

  afterAll(async () => {
    for (const p of phones) await p.quit();
    await kamailio?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('alice calls bob by AOR through kamailio: answer, media both ways, BYE; quit unregisters', async () => {
    const port = kamailio!.port;
    // Subscribe before the phones register: Phone.create starts registering at once.
    const alice = await startPhone('alice', port);
    phones.push(alice);
    const aliceEvents = recordEvents(alice);
    const bob = await startPhone('bob', port);
    phones.push(bob);
    const bobEvents = recordEvents(bob);
    const isRegistered = (events: readonly PhoneEvent[]) =>
      events.some((e) => e.type === 'registration' && e.state === 'registered');
    await Promise.all([
      isRegistered(aliceEvents.events) ? undefined : registered(alice, 'alice'),
      isRegistered(bobEvents.events) ? undefined : registered(bob, 'bob'),
    ]);
    expect(await bob.fetchRegistrations('bob')).toHaveLength(1);

    bob.setAutoAnswer(true);
    const incoming = nextEvent(bob, 'incoming-call', 8000);
    const bobMedia = nextEvent(bob, 'media', 8000);
    const aliceMedia = nextEvent(alice, 'media', 8000);
    const answered = nextEvent(alice, 'call-state', 8000, (e) => e.state === 'answered');
    await alice.call('sip:bob@interop.test');
    expect((await incoming).from).toContain('alice@interop.test');
    await answered;
    expect(await aliceMedia).toMatchObject({ codec: 'PCMU' });
    expect(await bobMedia).toMatchObject({ codec: 'PCMU' });

    const aliceEnded = nextEvent(alice, 'call-ended', 5000);
    const bobEnded = nextEvent(bob, 'call-ended', 5000);
    await alice.bye();
    expect(await aliceEnded).toMatchObject({ by: 'local', cause: 'bye' });
    expect(await bobEnded).toMatchObject({ by: 'remote', cause: 'bye' });

    // bob quits: it unregisters, and the registrar no longer knows where bob is
    const bobGone = nextEvent(bob, 'registration', 5000, (e) => e.state === 'unregistered');
    await bob.quit();
    await bobGone;
    const refused = nextEvent(alice, 'call-ended', 8000);
    await alice.call('sip:bob@interop.test');
    expect(await refused).toMatchObject({ status: 404 });

    const aliceGone = nextEvent(alice, 'registration', 5000, (e) => e.state === 'unregistered');
    await alice.quit();
    await aliceGone;
    aliceEvents.stop();
    bobEvents.stop();
    expect(kamailio!.log()).not.toMatch(/CRITICAL|segfault/);
  });
});
