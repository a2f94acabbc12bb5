/**
 * Two phones with real media sessions (RTP on 127.0.0.1, G.711, jitter
 * buffer): Alice's microphone is a WAV file, Bob's speaker keeps what it
 * plays; what Bob hears matches what Alice sent once aligned.
 */
import { fileURLToPath } from 'node:url';
import { RealTimeClock } from '@twinkle/audio-alsa';
import { afterEach, describe, expect, it } from 'vitest';
import { bestLag, correlation, MemorySink, readWav, snrDb } from '../media/media-test-support.js';
import { mediaSessionFactory } from './media-session-port.js';
import { Phone } from './phone.js';
import { testProfile, testSettings } from './phone.test.util.js';
import type { PhoneEvent } from './phone-events.js';

const SPEECH = new URL('../../fixtures/media/speech_8k.wav', import.meta.url);

const phones: Phone[] = [];
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.quit()));
});

const until = (phone: Phone, match: (e: PhoneEvent) => boolean, ms = 3000): Promise<PhoneEvent> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for an event')), ms);
    const off = phone.on((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });

describe('audio through the engine', () => {
  it('carries Alice’s WAV microphone to Bob’s speaker over RTP with G.711 µ-law', async () => {
    const clock = new RealTimeClock();
    const sink = new MemorySink(clock, 8000);
    const alice = await Phone.create({
      settings: testSettings({ devMic: `file:${fileURLToPath(SPEECH)}` }),
      profiles: [testProfile('alice', { codecs: ['g711u'] })],
      address: '127.0.0.1',
      media: mediaSessionFactory({ clock }),
    });
    const bob = await Phone.create({
      settings: testSettings(),
      profiles: [testProfile('bob', { codecs: ['g711u', 'g711a'] })],
      address: '127.0.0.1',
      media: mediaSessionFactory({ clock, devices: () => ({ speaker: sink }) }),
    });
    phones.push(alice, bob);
    bob.setAutoAnswer(true);
    const media = until(bob, (e) => e.type === 'media');
    const bobPort = bob.ua.transport.localAddress('udp')!.port;
    await alice.call(`sip:bob@127.0.0.1:${bobPort}`);
    expect(await media).toMatchObject({ type: 'media', codec: 'PCMU', payloadType: 0 });
    await new Promise((r) => setTimeout(r, 2000));
    const ended = until(bob, (e) => e.type === 'call-ended');
    await alice.bye();
    expect(await ended).toMatchObject({ by: 'remote', cause: 'bye' });

    const ref = readWav(SPEECH).samples;
    const heard = new Int16Array(sink.frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of sink.frames) {
      heard.set(f, at);
      at += f.length;
    }
    // Segments of 0.125 s, each aligned on its own: the adaptive jitter buffer may change its
    // delay by a frame during the call, which spoils the segment straddling the change, and on a
    // loaded machine (real time, parallel test files) frames get concealed. G.711 keeps the
    // waveform: several segments match at over 0.99 with an SNR above 30 dB; without audio, none.
    const scores: { c: number; snr: number }[] = [];
    for (let from = 0; from + 1000 <= 11000; from += 1000) {
      const lag = bestLag(ref, heard, from, 1000, 12000);
      scores.push({ c: correlation(ref, heard, lag, from, 1000), snr: snrDb(ref, heard, lag, from, 1000) });
    }
    const good = scores.filter((x) => x.c > 0.99 && x.snr > 30);
    expect(good.length, JSON.stringify(scores)).toBeGreaterThanOrEqual(4);
  });
});
