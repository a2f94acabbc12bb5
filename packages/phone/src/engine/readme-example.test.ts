/**
 * The example of the README's engine section, run between two phones on
 * 127.0.0.1 (the README calls 192.0.2.7 with real devices; here the far
 * end is a second Phone and the devices are WAV files in a temporary directory).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  defaultProfile,
  defaultSystemSettings,
  mediaSessionFactory,
  Phone,
  type PhoneEvent,
} from '@twinkle/phone';
import { describe, expect, it } from 'vitest';

const HELLO = fileURLToPath(new URL('../../fixtures/media/speech_8k.wav', import.meta.url));

describe('README example: the phone engine', () => {
  it('calls, sends DTMF, hangs up and quits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'twinkle-engine-readme-'));
    const bob = await Phone.create({
      settings: {
        ...defaultSystemSettings(),
        sipPort: 0,
        rtpPort: 0,
        devMic: 'null',
        devSpeaker: 'null',
        devRingtone: 'null',
      },
      profiles: [
        {
          name: 'bob',
          profile: {
            ...defaultProfile(),
            userName: 'bob',
            userDomain: '127.0.0.1',
            registerAtStartup: false,
          },
          services: { dnd: false, autoAnswer: true },
        },
      ],
      address: '127.0.0.1',
      media: mediaSessionFactory(),
    });
    const heard: PhoneEvent[] = [];
    bob.on((e) => heard.push(e));
    const bobUri = `sip:bob@127.0.0.1:${bob.ua.transport.localAddress('udp')!.port}`;
    const printed: string[] = [];
    try {
      // --- README example start (the README's devices, address and callee differ)
      const phone = await Phone.create({
        settings: {
          ...defaultSystemSettings(),
          sipPort: 0,
          rtpPort: 0,
          devMic: `file:${HELLO}`,
          devSpeaker: `record:${join(dir, 'heard.wav')}`,
          devRingtone: 'null',
        },
        profiles: [
          {
            name: 'alice',
            profile: {
              ...defaultProfile(),
              userName: 'alice',
              userDomain: '127.0.0.1',
              registerAtStartup: false,
            },
          },
        ],
        address: '127.0.0.1',
        media: mediaSessionFactory(),
      });
      phone.on((event) => printed.push(JSON.stringify(event)));
      await phone.call(bobUri, { subject: 'lunch?' });
      await until(() => printed.some((l) => l.includes('"state":"answered"')));
      await until(() => printed.some((l) => l.includes('"type":"media"')));
      await phone.dtmf('123#');
      await phone.bye();
      await phone.quit();
      // --- README example end
      const events = printed.map((l) => JSON.parse(l) as PhoneEvent);
      expect(events.find((e) => e.type === 'media')).toMatchObject({ codec: 'speex', clockRate: 16000 });
      expect(events.filter((e) => e.type === 'call-ended')).toEqual([
        { type: 'call-ended', line: 1, by: 'local', cause: 'bye', status: 200, reason: 'OK' },
      ]);
      await until(() => heard.filter((e) => e.type === 'dtmf').length === 4);
      expect(heard.filter((e) => e.type === 'dtmf').map((e) => (e as { digit: string }).digit)).toEqual([
        '1',
        '2',
        '3',
        '#',
      ]);
      expect((await stat(join(dir, 'heard.wav'))).size).toBeGreaterThan(44);
    } finally {
      await bob.quit();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

async function until(done: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
