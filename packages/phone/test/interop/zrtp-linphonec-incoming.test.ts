/**
 * ZRTP the other way round: linphonec (bzrtp) calls our Phone. Both register with kamailio
 * on 127.0.0.1 (a direct call from linphonec would advertise another address, see the
 * interop notes); linphonec calls alice's AOR, our phone answers by itself, both show the
 * same SAS, and every RTP packet linphonec sends once secure decrypts under our key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProfile, defaultSystemSettings, mediaSessionFactory, Phone } from '../../src/index.js';
import { Kamailio } from './harness/kamailio.js';
import { Linphonec } from './harness/linphonec.js';
import { hasCommand } from './harness/peer-process.js';
import { nextEvent, recordEvents } from './harness/phone-events.js';
import { freePortBlock } from './harness/ports.js';
import { newSecureTap, type SecureTap, tappedFactory } from './harness/secure-tap.js';

const CONFIG = fileURLToPath(new URL('../../fixtures/interop/kamailio/kamailio.cfg', import.meta.url));
const SPEECH = fileURLToPath(new URL('../../fixtures/interop/speech_8k.wav', import.meta.url));
const kamailioProgram = hasCommand('kamailio') ? 'kamailio' : '/usr/sbin/kamailio';
const have = hasCommand('linphonec') && hasCommand(kamailioProgram);
// Missing peers skip on a developer machine and fail in CI (.ci/apt-packages.txt lists both).
const skip = !have && process.env.CI !== 'true';

describe.skipIf(skip)('ZRTP when linphonec (bzrtp) calls our phone through kamailio', () => {
  let dir = '';
  let kamailio: Kamailio | undefined;
  let lp: Linphonec | undefined;
  let phone: Phone | undefined;
  const tap: SecureTap = newSecureTap();

  beforeAll(async () => {
    if (!have) throw new Error('linphonec or kamailio is not installed (linphone-cli, kamailio)');
    dir = mkdtempSync(join(tmpdir(), 'twinkle-zrtp-in-'));
    kamailio = await Kamailio.start(kamailioProgram, CONFIG, dir, await freePortBlock(1));
    const proxy = `127.0.0.1:${kamailio.port}`;
    phone = await Phone.create({
      settings: {
        ...defaultSystemSettings(),
        sipPort: 0,
        rtpPort: await freePortBlock(20),
        devMic: `file:${SPEECH}`,
        devSpeaker: 'null',
        devRingtone: 'null',
      },
      profiles: [
        {
          name: 'alice',
          profile: {
            ...defaultProfile(),
            userName: 'alice',
            userDomain: 'interop.test',
            authName: 'alice',
            authPass: 'alice-secret',
            authRealm: 'interop.test',
            registrar: proxy,
            outboundProxy: proxy,
            registerAtStartup: true,
            registrationTime: 60,
            codecs: ['g711u'],
            zrtpEnabled: true,
          },
        },
      ],
      address: '127.0.0.1',
      configDir: join(dir, 'config'),
      media: tappedFactory(mediaSessionFactory(), () => tap),
      quitTimeoutMs: 2000,
    });
    const events = recordEvents(phone);
    if (!events.events.some((e) => e.type === 'registration' && e.state === 'registered'))
      await nextEvent(phone, 'registration', 8000, (e) => e.state === 'registered');
    events.stop();
    const sip = await freePortBlock(2);
    lp = Linphonec.start({
      dir: join(dir, 'lp'),
      sipPort: sip,
      rtpPort: await freePortBlock(4),
      encryption: 'zrtp',
      autoAnswer: false,
      register: { proxyPort: kamailio.port, user: 'bob', password: 'bob-secret', domain: 'interop.test' },
    });
    await lp.waitRegistered(15_000);
  }, 40_000);

  afterAll(async () => {
    await phone?.quit();
    await lp?.stop();
    await kamailio?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('same SAS on both sides, only SRTP from linphonec once secure', async () => {
    const p = phone!;
    p.setAutoAnswer(true);
    const incoming = nextEvent(p, 'incoming-call', 10_000);
    const secured = nextEvent(p, 'call-encrypted', 20_000);
    lp!.command('call sip:alice@interop.test');
    expect((await incoming).from).toContain('bob@interop.test');
    const ours = await secured;
    const token = await lp!.waitFor(
      /Call 1 is fully encrypted and auth token is (\S+?)\./,
      10_000,
      'the SAS',
    );
    expect(ours).toMatchObject({ method: 'zrtp', sas: token[1] });
    lp!.command(`play ${SPEECH}`);
    await new Promise((r) => setTimeout(r, 2500));
    const ended = nextEvent(p, 'call-ended', 5000);
    await p.bye();
    await ended;
    console.info(
      `zrtp linphonec incoming: SAS ${ours.sas} both sides (${ours.algorithms}), ${tap.decrypted} RTP packets from linphonec decrypted, ${tap.undecryptable} not`,
    );
    expect(tap.decrypted, JSON.stringify(tap)).toBeGreaterThan(50);
    expect(tap.undecryptable, JSON.stringify(tap)).toBe(0);
  }, 60_000);
});
