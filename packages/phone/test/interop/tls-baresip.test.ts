/**
 * Interop over SIP on TLS with SDES-SRTP against baresip (Debian's package, its `srtp`
 * module with `mediaenc=srtp-mand`: RTP/SAVP with a=crypto, plain RTP refused), on
 * 127.0.0.1 with certificates of a test CA made by openssl at test time; we check
 * baresip's certificate against that CA when we connect (baresip trusts the same CA). baresip calls us and we call it, both with
 * `sip:...;transport=tls` (libre has no `sips:`; our Contact then is `sip:...;transport=tls`
 * too, RFC 3261 12.1.1 asks for sips only after a sips request); both times the call is keyed by SDES on our
 * side, every RTP packet reaching our port after the switch decrypts under our receive key
 * (none is plain), and the speech arrives at the other end.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaSessionFactory, type Phone, type PhoneEvent } from '../../src/index.js';
import { startAlicePhone } from './harness/alice-phone.js';
import { readWav, type SegmentScore, segmentScores } from './harness/audio-match.js';
import { Baresip, findBaresip } from './harness/baresip.js';
import { hasCommand } from './harness/peer-process.js';
import { freePortBlock } from './harness/ports.js';
import { sdesTappedFactory } from './harness/sdes-tap.js';
import { newSecureTap, type SecureTap } from './harness/secure-tap.js';
import { TestCa } from './harness/tls-certs.js';

const SPEECH = fileURLToPath(new URL('../../fixtures/interop/speech_8k.wav', import.meta.url));
const program = findBaresip();
const haveOpenssl = hasCommand('openssl');
// Missing baresip or openssl skips on a developer machine and fails in CI (.ci/apt-packages.txt).
const skip = (program === undefined || !haveOpenssl) && process.env.CI !== 'true';
const TALK_MS = 3000;

function until<T extends PhoneEvent['type']>(
  phone: Phone,
  type: T,
  ms: number,
): Promise<Extract<PhoneEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${type} event within ${ms} ms`));
    }, ms);
    const off = phone.on((e) => {
      if (e.type !== type) return;
      clearTimeout(timer);
      off();
      resolve(e as Extract<PhoneEvent, { type: T }>);
    });
  });
}

/** Polls until the WAV at `path()` holds at least `min` samples; bounded. */
async function waitForWav(path: () => string | undefined, min: number, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const p = path();
    const wav = p === undefined ? undefined : readWav(p);
    if (wav && wav.samples.length >= min) return wav;
    if (Date.now() > deadline)
      throw new Error(
        `no recording of ${min} samples within ${ms} ms (${p}; ${readdirSync(dirname(p ?? tmpdir())).join(' ')})`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** G.711 through SRTP keeps the waveform: most speech segments match (as in baresip.test.ts). */
function expectMatch(scores: readonly SegmentScore[], what: string): void {
  const summary = JSON.stringify(
    scores.map((s) => [s.at, s.source, +s.correlation.toFixed(3), +s.snrDb.toFixed(1)]),
  );
  const good = scores.filter((s) => s.correlation > 0.9 && s.snrDb > 15);
  expect(good.length, summary).toBeGreaterThanOrEqual(8);
  expect(good.length / scores.length, summary).toBeGreaterThan(0.6);
  console.info(`baresip TLS+SRTP ${what}: ${good.length}/${scores.length} speech segments match`);
}

/** Our side of a secured call: SDES keyed it, and only SRTP under our key reached our port. */
function expectSrtpOnly(tap: SecureTap, event: Extract<PhoneEvent, { type: 'call-encrypted' }>): void {
  expect(event).toMatchObject({ method: 'sdes', cipher: expect.stringMatching(/^AES_/) });
  expect(tap.switchedAt).toBeDefined();
  expect(tap.decrypted, JSON.stringify(tap)).toBeGreaterThan(80);
  expect(tap.undecryptable, JSON.stringify(tap)).toBe(0);
}

describe.skipIf(skip)('interop with baresip over TLS with SDES-SRTP (PCMU on 127.0.0.1)', () => {
  let dir = '';
  let ca: TestCa | undefined;
  let baresip: Baresip | undefined;
  let phone: Phone | undefined;
  let baresipTls = 0;
  let ourUri = '';
  let tap = newSecureTap();
  const recording = () => join(dir, 'heard.wav');

  beforeAll(async () => {
    if (program === undefined) throw new Error('baresip is not installed (Debian package baresip)');
    if (!haveOpenssl) throw new Error('openssl is not installed (Debian package openssl)');
    dir = mkdtempSync(join(tmpdir(), 'twinkle-baresip-tls-'));
    ca = TestCa.create();
    const ours = ca.issue('alice');
    const theirs = ca.issue('baresip');
    const sip = await freePortBlock(3); // baresip's SIP port, its TLS port (SIP + 1), ctrl_tcp
    const rtp = await freePortBlock(20);
    const ourRtp = await freePortBlock(40);
    const ourSip = await freePortBlock(2); // UDP/TCP, then TLS on SIP + 1 (sip_tls_port 0)
    baresip = await Baresip.start(program, {
      dir,
      sipPort: sip,
      ctrlPort: sip + 2,
      rtpPort: rtp,
      microphone: SPEECH,
      user: 'bs',
      config: [`sip_certificate ${theirs.bundleFile}`, `sip_cafile ${ca.caFile}`, 'module srtp.so'],
      // bs calls with RTP/SAVP only (srtp-mand); bt takes our RTP/AVP offer with a=crypto (srtp).
      account: [
        '<sip:bs@127.0.0.1;transport=tls>;regint=0;answermode=auto;audio_codecs=PCMU;mediaenc=srtp-mand',
        '<sip:bt@127.0.0.1;transport=tls>;regint=0;answermode=auto;audio_codecs=PCMU;mediaenc=srtp',
      ].join('\n'),
    });
    baresipTls = sip + 1;
    phone = await startAlicePhone({
      settings: {
        sipPort: ourSip,
        rtpPort: ourRtp,
        devMic: `file:${SPEECH}`,
        devSpeaker: `record:${recording()}`,
        tlsCertFile: ours.certFile,
        tlsKeyFile: ours.keyFile,
        tlsCaFile: ca.caFile,
        tlsVerify: true,
      },
      profile: { sipTransport: 'tls', codecs: ['g711u'] },
      media: sdesTappedFactory(mediaSessionFactory(), () => tap),
      quitTimeoutMs: 1500,
    });
    const tls = phone.ua.transport.localAddress('tls');
    expect(tls?.port).toBe(ourSip + 1);
    ourUri = `sip:alice@127.0.0.1:${tls!.port};transport=tls`;
  });

  afterAll(async () => {
    await phone?.quit();
    await baresip?.stop();
    ca?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('baresip calls us over TLS: SDES keys both directions, its speech reaches our speaker', async () => {
    const p = phone!;
    tap = newSecureTap();
    p.setAutoAnswer(true);
    const secured = until(p, 'call-encrypted', 8000);
    const reply = await baresip!.command('dial', ourUri);
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    const event = await secured;
    await new Promise((r) => setTimeout(r, TALK_MS));
    const ended = until(p, 'call-ended', 5000);
    await p.bye();
    await ended;
    p.setAutoAnswer(false);
    expectSrtpOnly(tap, event);
    expect(baresip!.log()).toMatch(/SRTP is Enabled/);
    const heard = await waitForWav(recording, 8000, 3000);
    expectMatch(segmentScores(readWav(SPEECH)!.samples, heard.samples, 800, 6 * 8000), 'baresip to us');
  }, 25_000);

  it('we call baresip over TLS (transport=tls): SDES keys both directions, our speech reaches its dump', async () => {
    const p = phone!;
    tap = newSecureTap();
    const isDump = (f: string) => /^dump-.*-dec\.wav$/.test(f);
    const before = new Set(readdirSync(dir).filter(isDump));
    const secured = until(p, 'call-encrypted', 8000);
    // baresip 1.0.0 (libre) sends no request to a sips: URI: it is called sip:...;transport=tls.
    await p.call(`sip:bt@127.0.0.1:${baresipTls};transport=tls`);
    const event = await secured;
    await new Promise((r) => setTimeout(r, TALK_MS));
    // baresip hangs up: its BYE reaches our Contact (sip:...;transport=tls, RFC 3261 8.1.1.8).
    const ended = until(p, 'call-ended', 5000);
    // ctrl_tcp's hangup acts on the current account: make it bt, which took the call.
    const found = await baresip!.command('uafind', 'sip:bt@127.0.0.1');
    expect(found.ok, JSON.stringify(found)).toBe(true);
    const reply = await baresip!.command('hangup');
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    expect(await ended).toMatchObject({ by: 'remote' });
    expectSrtpOnly(tap, event);
    const dump = () => readdirSync(dir).find((f) => isDump(f) && !before.has(f));
    const decoded = await waitForWav(
      () => {
        const f = dump();
        return f === undefined ? undefined : join(dir, f);
      },
      8000,
      3000,
    );
    expectMatch(segmentScores(readWav(SPEECH)!.samples, decoded.samples, 800, 6 * 8000), 'us to baresip');
  }, 25_000);
});
