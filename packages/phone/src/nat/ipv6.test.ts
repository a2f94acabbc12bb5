/**
 * IPv6 end to end (SIP and RTP), which Twinkle never had: two phones on ::1
 * with real media sessions; Via, Contact and SDP carry IPv6 (c=IN IP6 ::1,
 * without brackets) and Bob hears Alice's WAV microphone.
 */
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { RealTimeClock } from '@twinkle/audio-alsa';
import { afterEach, describe, expect, it } from 'vitest';
import { mediaSessionFactory } from '../engine/media-session-port.js';
import { Phone } from '../engine/phone.js';
import { testProfile, testSettings } from '../engine/phone.test.util.js';
import type { PhoneEvent } from '../engine/phone-events.js';
import { bestLag, correlation, MemorySink, readWav } from '../media/media-test-support.js';

const SPEECH = new URL('../../fixtures/media/speech_8k.wav', import.meta.url);

async function haveIpv6Loopback(): Promise<boolean> {
  const s = createSocket('udp6');
  const ok = await new Promise<boolean>((r) => {
    s.once('error', () => r(false));
    s.bind(0, '::1', () => r(true));
  });
  s.close();
  return ok;
}

const phones: Phone[] = [];
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.quit()));
});

const until = (phone: Phone, match: (e: PhoneEvent) => boolean, ms = 4000): Promise<PhoneEvent> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for an event')), ms);
    const off = phone.on((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });

// A machine (container) without IPv6 loopback has nothing to test this on.
describe.skipIf(!(await haveIpv6Loopback()))('IPv6 end to end on ::1', () => {
  it('calls over SIP on ::1 with RTP on ::1; the far end hears the microphone', async () => {
    const clock = new RealTimeClock();
    const sink = new MemorySink(clock, 8000);
    const alice = await Phone.create({
      settings: testSettings({ devMic: `file:${fileURLToPath(SPEECH)}` }),
      profiles: [testProfile('alice', { userDomain: '[::1]', codecs: ['g711u'] })],
      address: '::1',
      media: mediaSessionFactory({ clock }),
    });
    const bob = await Phone.create({
      settings: testSettings(),
      profiles: [testProfile('bob', { userDomain: '[::1]', codecs: ['g711u'] })],
      address: '::1',
      media: mediaSessionFactory({ clock, devices: () => ({ speaker: sink }) }),
    });
    phones.push(alice, bob);
    expect(alice.ua.contact('udp')).toMatch(/^<sip:alice@\[::1\]:\d+>$/);
    bob.setAutoAnswer(true);
    const media = until(bob, (e) => e.type === 'media');
    const aliceMedia = until(alice, (e) => e.type === 'media');
    await alice.call(`sip:bob@[::1]:${bob.ua.transport.localAddress('udp')!.port}`);
    expect(await media).toMatchObject({
      codec: 'PCMU',
      remote: expect.stringMatching(/^(\[::1\]|::1):\d+$/),
    });
    expect(await aliceMedia).toMatchObject({ remote: expect.stringMatching(/::1/) });
    await new Promise((r) => setTimeout(r, 1500));
    await alice.bye();

    const ref = readWav(SPEECH).samples;
    const heard = new Int16Array(sink.frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of sink.frames) {
      heard.set(f, at);
      at += f.length;
    }
    // G.711 keeps the waveform: segments of 0.125 s match Alice's file once aligned.
    let good = 0;
    for (let from = 0; from + 1000 <= 8000; from += 1000) {
      const lag = bestLag(ref, heard, from, 1000, 12000);
      if (correlation(ref, heard, lag, from, 1000) > 0.99) good += 1;
    }
    expect(good).toBeGreaterThanOrEqual(3);
  });
});
