/**
 * The local three-way conference and call waiting against baresip (Debian's package), an
 * independent phone on 127.0.0.1. Alice (our Phone) calls baresip (PCMU, 8 kHz) and Carol
 * (our Phone, G.722, 16 kHz), then joins them. Every party's microphone is a tone of its own
 * (baresip 400 Hz from a WAV file, Alice 1000 Hz, Carol 2200 Hz): baresip's sndfile dump of
 * what it decoded, and Alice's and Carol's record: speakers, must each hold the other two
 * tones and not their own. Then call waiting: baresip calls Alice while she talks to Carol;
 * the beep sounds in that call's speaker until she answers.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav, NullSink } from '@twinkle/audio-alsa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sine, toneAmplitude } from '../../src/conference/tone-level.test.util.js';
import {
  defaultProfile,
  defaultSystemSettings,
  mediaSessionFactory,
  Phone,
  type PhoneEvent,
  type PhoneProfile,
  type Playing,
  type TonePlayer,
} from '../../src/index.js';
import { readWav } from './harness/audio-match.js';
import { Baresip, findBaresip } from './harness/baresip.js';
import { freePortBlock } from './harness/ports.js';

const program = findBaresip();
// Missing baresip skips on a developer machine and fails in CI (.ci/apt-packages.txt lists it).
const skip = program === undefined && process.env.CI !== 'true';

function until<T extends PhoneEvent['type']>(
  phone: Phone,
  type: T,
  match: (e: Extract<PhoneEvent, { type: T }>) => boolean = () => true,
  ms = 5000,
): Promise<Extract<PhoneEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching ${type} event within ${ms} ms`));
    }, ms);
    const off = phone.on((e) => {
      if (e.type !== type || !match(e as Extract<PhoneEvent, { type: T }>)) return;
      clearTimeout(timer);
      off();
      resolve(e as Extract<PhoneEvent, { type: T }>);
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tone players that log what plays and what stops (the call-waiting beep). */
class LoggedTones implements TonePlayer {
  readonly log: string[] = [];
  #play(what: string): Playing {
    this.log.push(what);
    return { stop: () => this.log.push(`stop ${what}`) };
  }
  ring(line: number): Playing {
    return this.#play(`ring ${line}`);
  }
  ringback(line: number): Playing {
    return this.#play(`ringback ${line}`);
  }
  callWaiting(line: number): Playing {
    return this.#play(`waiting ${line}`);
  }
}

/** Tone amplitudes over the last `seconds` of a WAV, leaving out its last 0.2 s. */
function tail(path: string, seconds: number): Record<number, number> {
  const wav = readWav(path);
  if (!wav) throw new Error(`no WAV at ${path}`);
  const { sampleRate: rate, samples } = wav;
  const end = samples.length - Math.round(rate * 0.2);
  const length = Math.round(rate * seconds);
  if (end - length < 0) throw new Error(`${path}: only ${samples.length} samples`);
  const out: Record<number, number> = {};
  for (const hz of [400, 1000, 2200])
    out[hz] = Math.round(toneAmplitude(samples, rate, hz, end - length, length));
  return out;
}

describe.skipIf(skip)('conference and call waiting with baresip (127.0.0.1)', () => {
  let dir = '';
  let baresip: Baresip | undefined;
  let baresipUri = '';
  const phones: Phone[] = [];

  async function ourPhone(
    name: string,
    hz: number,
    codecs: PhoneProfile['codecs'],
    tones?: TonePlayer,
  ): Promise<{ phone: Phone; record: string; uri: string }> {
    const record = join(dir, `${name}.wav`);
    const rtp = await freePortBlock(40);
    const phone = await Phone.create({
      settings: {
        ...defaultSystemSettings(),
        sipPort: 0,
        rtpPort: rtp,
        devMic: `tone:${hz}`,
        devSpeaker: `record:${record}`,
        devRingtone: 'null',
      },
      profiles: [
        {
          name,
          profile: {
            ...defaultProfile(),
            userName: name,
            userDomain: '127.0.0.1',
            registerAtStartup: false,
            codecs,
          },
        },
      ],
      address: '127.0.0.1',
      // Line 2 gets no speaker of its own: a conference plays on line 1's.
      media: mediaSessionFactory({
        devices: (r) =>
          r.line === 2 ? { speaker: new NullSink({ sampleRate: 8000, channels: 1, frameMs: 20 }) } : {},
      }),
      quitTimeoutMs: 1500,
      ...(tones === undefined ? {} : { tones }),
    });
    phones.push(phone);
    return { phone, record, uri: `sip:${name}@127.0.0.1:${phone.ua.transport.localAddress('udp')!.port}` };
  }

  beforeAll(async () => {
    if (program === undefined) throw new Error('baresip is not installed (Debian package baresip)');
    dir = mkdtempSync(join(tmpdir(), 'twinkle-conference-baresip-'));
    // baresip's microphone: 400 Hz at half scale, longer than the test runs.
    const mic = join(dir, 'tone400.wav');
    writeFileSync(mic, encodeWav(8000, 1, sine(8000 * 30, 8000, 400, 16383)));
    const sip = await freePortBlock(3);
    const rtp = await freePortBlock(20);
    baresip = await Baresip.start(program, {
      dir,
      sipPort: sip,
      ctrlPort: sip + 2,
      rtpPort: rtp,
      microphone: mic,
      user: 'bs',
    });
    baresipUri = `sip:bs@127.0.0.1:${sip}`;
  });

  afterEach(async () => {
    await Promise.all(phones.splice(0).map((p) => p.quit()));
  });

  afterAll(async () => {
    await baresip?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('baresip takes part in a local three-way conference: every party hears the other two', async () => {
    const isDump = (f: string) => /^dump-.*-dec\.wav$/.test(f);
    const before = new Set(readdirSync(dir).filter(isDump));
    const alice = await ourPhone('alice', 1000, ['g722', 'g711u']);
    const carol = await ourPhone('carol', 2200, ['g722']);
    carol.phone.setAutoAnswer(true);
    const a = alice.phone;

    // Carol first: she is held while Alice calls baresip and retrieved by the conference. baresip
    // gets no re-INVITE: its sndfile dump of decoded audio stops after a hold and retrieve.
    const first = until(a, 'media', (e) => e.line === 1);
    await a.call(carol.uri);
    expect(await first).toMatchObject({ codec: 'G722' });
    await until(a, 'call-state', (e) => e.line === 1 && e.state === 'answered');
    await a.selectLine(2);
    expect(a.callOn(1)?.held).toBe(true);
    const second = until(a, 'media', (e) => e.line === 2);
    await a.call(baresipUri);
    expect(await second).toMatchObject({ codec: 'PCMU' });
    await until(a, 'call-state', (e) => e.line === 2 && e.state === 'answered');

    const started = until(a, 'conference', (e) => e.state === 'started');
    await a.conference();
    expect(await started).toMatchObject({ lines: [1, 2] });
    expect(a.callOn(1)?.held).toBe(false);
    await sleep(3000);
    const over = until(a, 'conference', (e) => e.state === 'ended');
    const carolEnded = until(carol.phone, 'call-ended');
    await a.bye(); // hangup_both_3way: both calls end
    await Promise.all([over, carolEnded]);
    await Promise.all(phones.map((p) => p.quit()));

    const dump = await (async () => {
      const deadline = Date.now() + 3000;
      for (;;) {
        const f = readdirSync(dir).find((x) => isDump(x) && !before.has(x));
        if (f !== undefined && (readWav(join(dir, f))?.samples.length ?? 0) > 8000 * 2) return join(dir, f);
        if (Date.now() > deadline) throw new Error(`no baresip dump in ${readdirSync(dir).join(' ')}`);
        await sleep(100);
      }
    })();
    const heard = {
      baresip: tail(dump, 1.5),
      alice: tail(alice.record, 1.5),
      carol: tail(carol.record, 1.5),
    };
    const all = JSON.stringify(heard);
    console.info(`conference with baresip, tone amplitudes heard: ${all}`);
    expect(heard.baresip[1000], all).toBeGreaterThan(4000);
    expect(heard.baresip[2200], all).toBeGreaterThan(4000);
    expect(heard.baresip[400], all).toBeLessThan(800);
    expect(heard.alice[400], all).toBeGreaterThan(4000);
    expect(heard.alice[2200], all).toBeGreaterThan(4000);
    expect(heard.alice[1000], all).toBeLessThan(800);
    expect(heard.carol[400], all).toBeGreaterThan(4000);
    expect(heard.carol[1000], all).toBeGreaterThan(4000);
    expect(heard.carol[2200], all).toBeLessThan(800);
  });

  it('call waiting: baresip calls while Alice talks; the beep sounds in her call and stops on answer; line switches hold and retrieve baresip', async () => {
    const tones = new LoggedTones();
    const alice = await ourPhone('alice', 1000, ['g711u'], tones);
    const carol = await ourPhone('carol', 2200, ['g711u']);
    carol.phone.setAutoAnswer(true);
    const a = alice.phone;
    await a.call(carol.uri);
    await until(a, 'call-state', (e) => e.line === 1 && e.state === 'answered');

    const waiting = until(a, 'incoming-call');
    const reply = await baresip!.command('dial', alice.uri);
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    expect(await waiting).toMatchObject({ line: 2, waiting: true });
    await sleep(220); // the first 200 ms burst of the beep, in the speaker of the call with Carol
    const answered = until(a, 'call-state', (e) => e.line === 2 && e.state === 'answered');
    await a.answer(2); // holds Carol first
    await answered;
    // The beep sounded in the call in progress, not on a second device.
    expect(tones.log.filter((t) => t.includes('waiting'))).toEqual([]);
    expect(a.callOn(1)?.held).toBe(true);
    expect(a.activeLine).toBe(2);

    const bsHeld = until(a, 'call-state', (e) => e.line === 2 && e.state === 'held');
    await a.selectLine(1); // baresip is held by re-INVITE, Carol retrieved
    await bsHeld;
    expect(a.callOn(1)?.held).toBe(false);
    const bsBack = until(a, 'call-state', (e) => e.line === 2 && e.state === 'answered');
    await a.selectLine(2);
    await bsBack;
    expect(a.callOn(1)?.held).toBe(true);

    const bsEnded = until(a, 'call-ended', (e) => e.line === 2);
    await baresip!.command('hangup');
    expect(await bsEnded).toMatchObject({ by: 'remote' });
    await a.bye(1);
    await a.quit();
    const wav = readWav(alice.record);
    if (!wav) throw new Error('no recording of Alice');
    const win = wav.sampleRate / 50;
    let beeping = 0;
    for (let at = 0; at + win <= wav.samples.length; at += win)
      if (toneAmplitude(wav.samples, wav.sampleRate, 425, at, win) > 2500) beeping++;
    // One 200 ms burst (10 windows of 20 ms), not the second one 200 ms later.
    expect(beeping).toBeGreaterThanOrEqual(5);
    expect(beeping).toBeLessThanOrEqual(15);
  });
});
