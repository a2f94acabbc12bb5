/**
 * Two of our phones call each other over SIP on TLS on 127.0.0.1 (certificates of a test CA
 * made at test time; the side that connects checks the other's chain and name), with SDES-SRTP keyed
 * from the a=crypto lines of the protected SDP: both sides switch to SRTP, what Bob hears
 * matches Alice's microphone file, and every RTP packet at Bob's port after the switch
 * decrypts under his receive key (no plain RTP). Also: the Contact is sips: with the TLS
 * port; a far end whose certificate another CA signed is refused before it rings; and a
 * profile with sip_transport=tls needs a certificate.
 */
import { fileURLToPath } from 'node:url';
import { RealTimeClock } from '@twinkle/audio-alsa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testProfile, testSettings } from '../../src/engine/phone.test.util.js';
import { mediaSessionFactory, Phone, type PhoneEvent } from '../../src/index.js';
import { bestLag, correlation, MemorySink, readWav, snrDb } from '../../src/media/media-test-support.js';
import { hasCommand } from '../interop/harness/peer-process.js';
import { sdesTappedFactory } from '../interop/harness/sdes-tap.js';
import { newSecureTap } from '../interop/harness/secure-tap.js';
import { type PartyCert, TestCa } from '../interop/harness/tls-certs.js';

const SPEECH = new URL('../../fixtures/media/speech_8k.wav', import.meta.url);
const haveOpenssl = hasCommand('openssl');
const run = haveOpenssl || process.env.CI === 'true';

let ca: TestCa | undefined;
let aliceCert: PartyCert;
let bobCert: PartyCert;
beforeAll(() => {
  if (!run) return;
  ca = TestCa.create();
  aliceCert = ca.issue('alice');
  bobCert = ca.issue('bob');
});
afterAll(() => ca?.remove());

const phones: Phone[] = [];
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.quit()));
});

const waitFor = <T extends PhoneEvent>(
  phone: Phone,
  match: (e: PhoneEvent) => e is T,
  ms = 8000,
): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for an event')), ms);
    const off = phone.on((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });

type Encrypted = Extract<PhoneEvent, { type: 'call-encrypted' }>;
const encrypted = (e: PhoneEvent): e is Encrypted => e.type === 'call-encrypted';

const tlsSettings = (cert: PartyCert) => ({
  tlsCertFile: cert.certFile,
  tlsKeyFile: cert.keyFile,
  tlsCaFile: ca!.caFile,
  tlsVerify: true,
});

describe.skipIf(!run)('SIP over TLS between two phones with SDES-SRTP', () => {
  it('calls sips: over TLS, keys SRTP from a=crypto on both sides, audio matches, no plain RTP', async () => {
    const clock = new RealTimeClock();
    const sink = new MemorySink(clock, 8000);
    const bobTap = newSecureTap();
    const alice = await Phone.create({
      settings: testSettings({ devMic: `file:${fileURLToPath(SPEECH)}`, ...tlsSettings(aliceCert) }),
      profiles: [testProfile('alice', { sipTransport: 'tls', codecs: ['g711u'] })],
      address: '127.0.0.1',
      media: mediaSessionFactory({ clock }),
    });
    phones.push(alice);
    const bob = await Phone.create({
      settings: testSettings(tlsSettings(bobCert)),
      profiles: [testProfile('bob', { sipTransport: 'tls', codecs: ['g711u'] })],
      address: '127.0.0.1',
      media: sdesTappedFactory(
        mediaSessionFactory({ clock, devices: () => ({ speaker: sink }) }),
        () => bobTap,
      ),
    });
    phones.push(bob);
    bob.setAutoAnswer(true);
    const bobTls = bob.ua.transport.localAddress('tls');
    expect(bobTls?.port).toBeGreaterThan(0);
    expect(bobTls?.port).not.toBe(bob.ua.transport.localAddress('udp')?.port);
    expect(bob.ua.contact('tls')).toBe(`<sips:bob@127.0.0.1:${bobTls!.port}>`);

    const aliceSecure = waitFor(alice, encrypted);
    const bobSecure = waitFor(bob, encrypted);
    // A sip: address from a profile with sip_transport=tls is called as sips: over TLS.
    await alice.call(`sip:bob@127.0.0.1:${bobTls!.port}`);
    const [a, b] = await Promise.all([aliceSecure, bobSecure]);
    expect(a).toMatchObject({ method: 'sdes', cipher: 'AES_CM_128_HMAC_SHA1_80' });
    expect(b).toMatchObject({ method: 'sdes', cipher: 'AES_CM_128_HMAC_SHA1_80' });
    for (let i = 0; i < 50 && alice.lineStatus()[0]?.state !== 'answered'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(alice.lineStatus()[0]).toMatchObject({ state: 'answered' });
    await new Promise((r) => setTimeout(r, 2500));
    const ended = waitFor(bob, (e): e is PhoneEvent => e.type === 'call-ended');
    await alice.bye();
    await ended;

    // The wire: only SRTP that decrypts under Bob's receive key once the grace after the switch passed.
    expect(bobTap.switchedAt).toBeDefined();
    expect(bobTap.decrypted).toBeGreaterThan(80);
    expect(bobTap.undecryptable).toBe(0);

    // What Bob heard matches Alice's file in segments of 0.125 s (as in phone-zrtp.test.ts).
    const ref = readWav(SPEECH).samples;
    const heard = new Int16Array(sink.frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of sink.frames) {
      heard.set(f, at);
      at += f.length;
    }
    const scores: { c: number; snr: number }[] = [];
    for (let from = 0; from + 1000 <= 15000; from += 1000) {
      const lag = bestLag(ref, heard, from, 1000, 12000);
      scores.push({ c: correlation(ref, heard, lag, from, 1000), snr: snrDb(ref, heard, lag, from, 1000) });
    }
    const good = scores.filter((x) => x.c > 0.99 && x.snr > 30);
    expect(good.length, JSON.stringify(scores)).toBeGreaterThanOrEqual(4);
  }, 25_000);

  it('checks the far end: a certificate of another CA ends the call before it rings', async () => {
    const other = TestCa.create();
    try {
      const mallory = other.issue('mallory');
      const alice = await Phone.create({
        settings: testSettings(tlsSettings(aliceCert)),
        profiles: [testProfile('alice', { sipTransport: 'tls', codecs: ['g711u'] })],
        address: '127.0.0.1',
        media: mediaSessionFactory(),
      });
      phones.push(alice);
      const impostor = await Phone.create({
        settings: testSettings({ ...tlsSettings(mallory), tlsCaFile: other.caFile }),
        profiles: [testProfile('bob', { sipTransport: 'tls', codecs: ['g711u'] })],
        address: '127.0.0.1',
        media: mediaSessionFactory(),
      });
      phones.push(impostor);
      impostor.setAutoAnswer(true);
      const rang: PhoneEvent[] = [];
      impostor.on((e) => rang.push(e));
      type Ended = Extract<PhoneEvent, { type: 'call-ended' }>;
      const ended = waitFor(alice, (e): e is Ended => e.type === 'call-ended');
      await alice.call(`sip:bob@127.0.0.1:${impostor.ua.transport.localAddress('tls')!.port}`);
      // The TLS handshake fails on Alice's check of the chain: a transport error, never a ring.
      expect(await ended).toMatchObject({ by: 'stack', cause: 'transport-error', status: 503 });
      expect(rang.filter((e) => e.type === 'incoming-call' || e.type === 'call-encrypted')).toEqual([]);
    } finally {
      other.remove();
    }
  });

  it('refuses to start a profile with sip_transport=tls without a certificate', async () => {
    await expect(
      Phone.create({
        settings: testSettings(),
        profiles: [testProfile('carol', { sipTransport: 'tls' })],
        address: '127.0.0.1',
        media: mediaSessionFactory(),
      }),
    ).rejects.toThrow(/sip_transport=tls \(profile carol\) needs tls_cert_file and tls_key_file/);
  });
});
