/**
 * Two of our phones on 127.0.0.1 with zrtp_enabled: the call is secured by ZRTP on the RTP
 * port (same SAS on both sides), the audio still matches once the RTP session runs SRTP,
 * and no plain RTP reaches the callee after the caller switched. The retained secret is
 * kept in each phone's config directory: a second call finds it (no cache mismatch), and a
 * SAS both users confirmed shows as verified. GoClear turns encryption off with a warning
 * at the side that did not ask for it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RealTimeClock } from '@twinkle/audio-alsa';
import { afterEach, describe, expect, it } from 'vitest';
import type { MediaFactory } from '../engine/media-port.js';
import { mediaSessionFactory } from '../engine/media-session-port.js';
import { Phone } from '../engine/phone.js';
import { testProfile, testSettings } from '../engine/phone.test.util.js';
import type { PhoneEvent } from '../engine/phone-events.js';
import { bestLag, correlation, MemorySink, readWav, snrDb } from '../media/media-test-support.js';
import type { SecureMediaTransport } from './secure-transport.js';
import type { CallEncryptedEvent } from './security-events.js';

const SPEECH = new URL('../../fixtures/media/speech_8k.wav', import.meta.url);

const phones: Phone[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.quit()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const waitFor = <T extends PhoneEvent>(
  phone: Phone,
  match: (e: PhoneEvent) => e is T,
  ms = 5000,
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

const encrypted = (e: PhoneEvent): e is CallEncryptedEvent => e.type === 'call-encrypted';

/** What one phone's RTP port saw and when its SRTP was switched on, through a tap on the transport. */
interface Tap {
  readonly datagrams: { at: number; length: number; first: number }[];
  switchedAt: number | undefined;
}

/** The real media factory with each port's secure transport observed. */
function tapped(factory: MediaFactory, tap: Tap): MediaFactory {
  return {
    async open(request) {
      const port = await factory.open(request);
      const t = port.secure;
      if (!t) throw new Error('the media port has no secure transport');
      const seen: SecureMediaTransport = {
        get ssrc() {
          return t.ssrc;
        },
        intercept: (filter) =>
          t.intercept(
            filter &&
              ((d, from) => {
                tap.datagrams.push({ at: performance.now(), length: d.length, first: d[0]! });
                return filter(d, from);
              }),
          ),
        sendDatagram: (b, to) => t.sendDatagram(b, to),
        setSrtp: (keys) => {
          tap.switchedAt = keys ? performance.now() : undefined;
          t.setSrtp(keys);
        },
      };
      Object.defineProperty(port, 'secure', { value: seen });
      return port;
    },
  };
}

const zrtpOn = { zrtpEnabled: true, codecs: ['g711u'] } as const;

async function twoPhones() {
  const clock = new RealTimeClock();
  const sink = new MemorySink(clock, 8000);
  const aliceTap: Tap = { datagrams: [], switchedAt: undefined };
  const bobTap: Tap = { datagrams: [], switchedAt: undefined };
  const aliceDir = mkdtempSync(join(tmpdir(), 'zrtp-alice-'));
  const bobDir = mkdtempSync(join(tmpdir(), 'zrtp-bob-'));
  dirs.push(aliceDir, bobDir);
  const alice = await Phone.create({
    settings: testSettings({ devMic: `file:${fileURLToPath(SPEECH)}` }),
    profiles: [testProfile('alice', zrtpOn)],
    address: '127.0.0.1',
    configDir: aliceDir,
    media: tapped(mediaSessionFactory({ clock }), aliceTap),
  });
  const bob = await Phone.create({
    settings: testSettings(),
    profiles: [testProfile('bob', zrtpOn)],
    address: '127.0.0.1',
    configDir: bobDir,
    media: tapped(mediaSessionFactory({ clock, devices: () => ({ speaker: sink }) }), bobTap),
  });
  phones.push(alice, bob);
  bob.setAutoAnswer(true);
  const bobUri = `sip:bob@127.0.0.1:${bob.ua.transport.localAddress('udp')!.port}`;
  return { alice, bob, sink, aliceTap, bobTap, aliceDir, bobDir, bobUri };
}

async function hangUp(alice: Phone, bob: Phone): Promise<void> {
  const ended = waitFor(bob, (e): e is PhoneEvent => e.type === 'call-ended');
  await alice.bye();
  await ended;
}

describe('ZRTP between two phones', () => {
  it('secures the call with the same SAS, audio matches after the switch, no plain RTP once secure', async () => {
    const { alice, bob, sink, aliceTap, bobTap, bobUri } = await twoPhones();
    const aliceSecure = waitFor(alice, encrypted);
    const bobSecure = waitFor(bob, encrypted);
    await alice.call(bobUri);
    const [a, b] = await Promise.all([aliceSecure, bobSecure]);
    expect(a.sas).toMatch(/^[ybndrfg8ejkmcpqxot1uwisza345h769]{4}$/);
    expect(b.sas).toBe(a.sas);
    expect(a).toMatchObject({ method: 'zrtp', cipher: 'AES_CM_128_HMAC_SHA1_80', sasVerified: false });
    expect(b.peerClient).toBe('Twinkle-TS');
    expect(alice.lineStatus()[0]).toMatchObject({ state: 'answered' });
    await new Promise((r) => setTimeout(r, 2000));
    await hangUp(alice, bob);

    // Bob's port after Alice switched (a few ms for packets in flight): only SRTP (PCMU 20 ms
    // is 172 octets of RTP, 182 with the 80-bit SRTP tag) and ZRTP (0x10).
    const switched = aliceTap.switchedAt!;
    expect(switched).toBeDefined();
    expect(bobTap.switchedAt).toBeDefined();
    const after = bobTap.datagrams.filter((d) => d.at > switched + 20);
    const rtpAfter = after.filter((d) => d.first >> 6 === 2);
    expect(rtpAfter.length).toBeGreaterThan(50);
    expect(rtpAfter.filter((d) => d.length !== 182)).toEqual([]);
    // The key agreement itself went through the tap (ZRTP packets start with 0x10).
    expect(bobTap.datagrams.filter((d) => d.first === 0x10).length).toBeGreaterThanOrEqual(4);

    // What Bob heard matches Alice's file in segments of 0.125 s (as in phone-audio.test.ts);
    // most of the 2 s were sent as SRTP.
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
  }, 20_000);

  it('keeps the retained secret in the config directory, shows a confirmed SAS as verified, and warns on GoClear', async () => {
    const { alice, bob, aliceDir, bobDir, bobUri } = await twoPhones();
    const events: PhoneEvent[] = [];
    bob.on((e) => events.push(e));
    const first = Promise.all([waitFor(alice, encrypted), waitFor(bob, encrypted)]);
    await alice.call(bobUri);
    await first;
    expect(alice.zrtp('confirm-sas')).toMatchObject({ method: 'zrtp', encrypted: true, sasVerified: true });
    bob.zrtp('confirm-sas');
    await hangUp(alice, bob);
    const aliceCache = JSON.parse(readFileSync(join(aliceDir, 'zrtp-cache.json'), 'utf8'));
    const bobCache = JSON.parse(readFileSync(join(bobDir, 'zrtp-cache.json'), 'utf8'));
    expect(Object.keys(aliceCache.peers)).toEqual([bobCache.zid]);
    expect(aliceCache.peers[bobCache.zid]).toMatchObject({ verified: true, rs1: expect.any(String) });

    // Second call: the same ZIDs, the retained secret matches, the SAS shows as verified.
    const second = Promise.all([waitFor(alice, encrypted), waitFor(bob, encrypted)]);
    await alice.call(bobUri);
    const [a2, b2] = await second;
    expect(a2.sasVerified).toBe(true);
    expect(b2.sasVerified).toBe(true);
    expect(events.some((e) => e.type === 'zrtp-warning')).toBe(false);

    // Alice goes clear: Bob is warned (zrtp_goclear_warning defaults to yes), Alice is not.
    const bobClear = waitFor(bob, (e): e is PhoneEvent => e.type === 'call-clear');
    const aliceClear = waitFor(alice, (e): e is PhoneEvent => e.type === 'call-clear');
    alice.zrtp('go-clear');
    expect(await bobClear).toMatchObject({ reason: 'go-clear', byPeer: true, warning: true });
    expect(await aliceClear).toMatchObject({ reason: 'go-clear', byPeer: false, warning: false });
    expect(() => bob.zrtp('confirm-sas')).toThrow(/not encrypted/);

    // Bob encrypts again: a new exchange from discovery, the same SAS on both sides again.
    const again = Promise.all([waitFor(alice, encrypted), waitFor(bob, encrypted)]);
    expect(bob.zrtp('encrypt')).toMatchObject({ method: 'zrtp', encrypted: false, zrtpState: 'discovery' });
    const [a3, b3] = await again;
    expect(a3.sas).toBe(b3.sas);
    expect(alice.zrtp('confirm-sas')).toMatchObject({ encrypted: true });
  }, 20_000);

  it('warns of a cache mismatch when the far end lost the secret retained from the last call', async () => {
    const { alice, bob, bobDir, bobUri } = await twoPhones();
    const first = Promise.all([waitFor(alice, encrypted), waitFor(bob, encrypted)]);
    await alice.call(bobUri);
    await first;
    await hangUp(alice, bob);
    // Bob comes back with the same ZID but without the retained secrets (a lost or reset cache).
    await bob.quit();
    const path = join(bobDir, 'zrtp-cache.json');
    const cache = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...cache, peers: {} }));
    const bob2 = await Phone.create({
      settings: testSettings(),
      profiles: [testProfile('bob', zrtpOn)],
      address: '127.0.0.1',
      configDir: bobDir,
      media: mediaSessionFactory(),
    });
    phones.push(bob2);
    bob2.setAutoAnswer(true);
    const warned = waitFor(alice, (e): e is PhoneEvent => e.type === 'zrtp-warning');
    const secured = Promise.all([waitFor(alice, encrypted), waitFor(bob2, encrypted)]);
    await alice.call(`sip:bob@127.0.0.1:${bob2.ua.transport.localAddress('udp')!.port}`);
    expect(await warned).toMatchObject({ type: 'zrtp-warning', line: 1, kind: 'cache-mismatch' });
    const [a, b] = await secured;
    expect(a.sas).toBe(b.sas);
    expect(a.sasVerified).toBe(false);
  }, 20_000);
});
