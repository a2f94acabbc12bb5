/**
 * A local three-way conference between three Phones on 127.0.0.1 with real
 * media: Alice calls Bob (G.722, 16 kHz) and Carol (G.711 µ-law, 8 kHz) and
 * joins them. Each microphone is a tone of its own (Alice 1000 Hz, Bob 400 Hz,
 * Carol 2200 Hz) and each speaker a `record:` WAV: every recording must hold
 * the other two parties' tones and not the party's own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NullSink } from '@twinkle/audio-alsa';
import { afterEach, describe, expect, it } from 'vitest';
import { mediaSessionFactory } from '../engine/media-session-port.js';
import { Phone } from '../engine/phone.js';
import { testProfile, testSettings } from '../engine/phone.test.util.js';
import type { PhoneEvent } from '../engine/phone-events.js';
import type { PhoneProfile, PhoneSystemSettings } from '../engine/phone-options.js';
import { readWav } from '../media/media-test-support.js';
import { toneAmplitude } from './tone-level.test.util.js';

const phones: Phone[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.quit()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function until<T extends PhoneEvent['type']>(
  phone: Phone,
  type: T,
  match: (e: Extract<PhoneEvent, { type: T }>) => boolean = () => true,
  ms = 4000,
): Promise<Extract<PhoneEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${type} event within ${ms} ms`));
    }, ms);
    const off = phone.on((e) => {
      if (e.type !== type || !match(e as Extract<PhoneEvent, { type: T }>)) return;
      clearTimeout(timer);
      off();
      resolve(e as Extract<PhoneEvent, { type: T }>);
    });
  });
}

const sipPort = (p: Phone) => p.ua.transport.localAddress('udp')!.port;

interface Party {
  readonly phone: Phone;
  readonly record: string;
  readonly events: PhoneEvent[];
}

async function party(
  dir: string,
  name: string,
  hz: number,
  codecs: PhoneProfile['codecs'],
  settings: Partial<PhoneSystemSettings> = {},
  lines = 2,
): Promise<Party> {
  const record = join(dir, `${name}.wav`);
  const phone = await Phone.create({
    settings: testSettings({ devMic: `tone:${hz}`, devSpeaker: `record:${record}`, ...settings }),
    profiles: [testProfile(name, { codecs })],
    address: '127.0.0.1',
    quitTimeoutMs: 1500,
    lines,
    // Calls on other lines than 1 get no speaker of their own: the conference plays on line 1's.
    media: mediaSessionFactory({
      devices: (r) =>
        r.line >= 2 ? { speaker: new NullSink({ sampleRate: 8000, channels: 1, frameMs: 20 }) } : {},
    }),
  });
  phones.push(phone);
  const events: PhoneEvent[] = [];
  phone.on((e) => events.push(e));
  return { phone, record, events };
}

/** Tone amplitudes over the last `seconds` of a recording, leaving out its last 0.2 s. */
function tail(path: string, seconds: number, tones: readonly number[]): Record<number, number> {
  const { rate, samples } = readWav(path);
  const end = samples.length - Math.round(rate * 0.2);
  const length = Math.round(rate * seconds);
  const out: Record<number, number> = {};
  for (const hz of tones) out[hz] = Math.round(toneAmplitude(samples, rate, hz, end - length, length));
  return out;
}

/** Alice has calls with Bob on line 1 (held while she called Carol) and Carol on line 2. */
async function threeParties(
  settings: Partial<PhoneSystemSettings> = {},
  bobCodecs: PhoneProfile['codecs'] = ['g722'],
) {
  const dir = mkdtempSync(join(tmpdir(), 'twinkle-conference-'));
  dirs.push(dir);
  const alice = await party(dir, 'alice', 1000, ['g722', 'g711u'], settings);
  const bob = await party(dir, 'bob', 400, bobCodecs);
  const carol = await party(dir, 'carol', 2200, ['g711u']);
  bob.phone.setAutoAnswer(true);
  carol.phone.setAutoAnswer(true);
  const a = alice.phone;
  const bobAnswered = until(a, 'call-state', (e) => e.line === 1 && e.state === 'answered');
  await a.call(`sip:bob@127.0.0.1:${sipPort(bob.phone)}`);
  await bobAnswered;
  await a.selectLine(2);
  expect(a.callOn(1)?.held).toBe(true);
  const carolAnswered = until(a, 'call-state', (e) => e.line === 2 && e.state === 'answered');
  await a.call(`sip:carol@127.0.0.1:${sipPort(carol.phone)}`);
  await carolAnswered;
  return { alice, bob, carol };
}

describe('local three-way conference between three phones', () => {
  it('each party hears the other two (G.722 and G.711 legs mixed at 16 kHz), nobody hears himself', async () => {
    const { alice, bob, carol } = await threeParties();
    const a = alice.phone;
    const started = until(a, 'conference', (e) => e.state === 'started');
    await a.conference();
    // A G.722 call among them: mixed at 16 kHz.
    expect(await started).toEqual({ type: 'conference', state: 'started', lines: [1, 2], sampleRate: 16000 });
    expect(a.callOn(1)?.held, 'the held call was retrieved').toBe(false);
    expect(a.lineStatus().map((l) => [l.line, l.conference])).toEqual([
      [1, true],
      [2, true],
    ]);
    await expect(a.hold(1)).rejects.toMatchObject({ code: 'invalid-state' });
    await expect(a.conference()).rejects.toMatchObject({ code: 'invalid-state' });
    await sleep(2500);

    const bobEnded = until(bob.phone, 'call-ended');
    const carolEnded = until(carol.phone, 'call-ended');
    const over = until(a, 'conference', (e) => e.state === 'ended');
    await a.bye(); // hangup_both_3way (Twinkle's default: yes) ends both calls
    await Promise.all([bobEnded, carolEnded]);
    expect(await over).toMatchObject({ state: 'ended', lines: [] });
    await Promise.all(phones.map((p) => p.quit()));

    const heardByAlice = tail(alice.record, 1.5, [400, 1000, 2200]);
    const heardByBob = tail(bob.record, 1.5, [400, 1000, 2200]);
    const heardByCarol = tail(carol.record, 1.5, [400, 1000, 2200]);
    const all = JSON.stringify({ heardByAlice, heardByBob, heardByCarol });
    // A tone device plays at 0.5 of full scale (16383); the codecs keep most of it.
    expect(heardByAlice[400], all).toBeGreaterThan(5000);
    expect(heardByAlice[2200], all).toBeGreaterThan(5000);
    expect(heardByAlice[1000], all).toBeLessThan(500);
    expect(heardByBob[1000], all).toBeGreaterThan(5000);
    expect(heardByBob[2200], all).toBeGreaterThan(5000);
    expect(heardByBob[400], all).toBeLessThan(500);
    expect(heardByCarol[400], all).toBeGreaterThan(5000);
    expect(heardByCarol[1000], all).toBeGreaterThan(5000);
    expect(heardByCarol[2200], all).toBeLessThan(500);
  });

  it('without hangup_both_3way, hanging up one line leaves the other as a normal call', async () => {
    const { alice, bob, carol } = await threeParties({ hangupBoth3way: false });
    const a = alice.phone;
    await a.conference();
    expect(a.activeLine).toBe(2);
    const bobLeft = until(bob.phone, 'call-ended');
    const over = until(a, 'conference', (e) => e.state === 'ended');
    const carolLeft = until(carol.phone, 'call-ended');
    await a.bye(); // line 2 (Carol) is active: only her call ends, line 1 becomes active
    expect((await over).lines).toEqual([1]);
    await carolLeft;
    expect(a.activeLine).toBe(1);
    expect(a.callOn(1)?.state).toBe('answered');
    expect(a.lineStatus()[0]!.conference).toBeUndefined();
    await a.hold(1); // a normal call again: it can be held
    await a.retrieve(1);
    await sleep(1200);
    await a.bye();
    await bobLeft;
    await bob.phone.quit();
    const heardByBob = tail(bob.record, 0.8, [1000, 2200]);
    expect(heardByBob[1000], JSON.stringify(heardByBob)).toBeGreaterThan(5000);
    expect(heardByBob[2200], JSON.stringify(heardByBob)).toBeLessThan(500);
  });

  it('the far end leaving keeps the other call; conference needs two answered calls', async () => {
    const { alice, bob } = await threeParties({}, ['g711u']);
    const a = alice.phone;
    const started = until(a, 'conference', (e) => e.state === 'started');
    await a.conference();
    expect((await started).sampleRate, 'two G.711 calls are mixed at their own rate').toBe(8000);
    const over = until(a, 'conference', (e) => e.state === 'ended');
    await bob.phone.bye();
    expect(await over).toEqual({ type: 'conference', state: 'ended', line: 1, lines: [2] });
    expect(a.callOn(2)?.state).toBe('answered');
    await expect(a.conference()).rejects.toMatchObject({ code: 'no-call' });
  });
  it('more parties is a setting: four phones, Alice with three lines, each hears the three others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinkle-conference-'));
    dirs.push(dir);
    const alice = await party(dir, 'alice', 1000, ['g722', 'g711u', 'g711a'], {}, 3);
    const others = [
      await party(dir, 'bob', 400, ['g722']),
      await party(dir, 'carol', 2200, ['g711u']),
      await party(dir, 'dave', 3100, ['g711a']),
    ];
    const a = alice.phone;
    for (const [i, p] of others.entries()) {
      p.phone.setAutoAnswer(true);
      await a.selectLine(i + 1);
      const answered = until(a, 'call-state', (e) => e.line === i + 1 && e.state === 'answered');
      await a.call(`sip:${p.phone.profiles[0]}@127.0.0.1:${sipPort(p.phone)}`);
      await answered;
    }
    const started = until(a, 'conference', (e) => e.state === 'started');
    await a.conference([1, 2, 3]);
    expect((await started).sampleRate).toBe(16000);
    expect(
      a
        .lineStatus()
        .filter((l) => l.conference)
        .map((l) => l.line),
    ).toEqual([1, 2, 3]);
    await sleep(2000);
    const left = until(a, 'conference', (e) => e.state === 'left');
    await others[2]!.phone.bye(); // Dave leaves: the three others go on
    expect(await left).toEqual({ type: 'conference', state: 'left', line: 3, lines: [1, 2] });
    const over = until(a, 'conference', (e) => e.state === 'ended');
    await a.bye(1); // line 3, the active one, is empty now
    expect(await over).toEqual({ type: 'conference', state: 'ended', lines: [] });
    await Promise.all(phones.map((p) => p.quit()));

    const tones = [1000, 400, 2200, 3100];
    const heard = [alice, ...others].map((p) => tail(p.record, 1.2, tones));
    const all = JSON.stringify(heard);
    heard.forEach((h, i) => {
      for (const [j, hz] of tones.entries()) {
        // Three half-scale tones sum past full scale: the saturated mix has some distortion
        // products (a few hundred), far below a party's own tone (about 16000).
        if (j === i) expect(h[hz], `party ${i} hears itself: ${all}`).toBeLessThan(1500);
        // Dave's tone stops when he leaves, just before the end: his presence is not asked for.
        else if (j !== 3) expect(h[hz], `party ${i} hears party ${j}: ${all}`).toBeGreaterThan(4000);
      }
    });
  });
  it('mute in a conference takes the microphone out of the mix; the parties still hear each other', async () => {
    const { alice, bob, carol } = await threeParties();
    const a = alice.phone;
    await a.conference();
    await sleep(800);
    a.mute(true);
    expect(a.lineStatus().map((l) => l.muted)).toEqual([true, true]);
    await sleep(1500);
    const over = until(a, 'conference', (e) => e.state === 'ended');
    const ended = [until(bob.phone, 'call-ended'), until(carol.phone, 'call-ended')];
    await a.bye();
    await Promise.all([over, ...ended]);
    await Promise.all(phones.map((p) => p.quit()));
    const heardByBob = tail(bob.record, 1, [400, 1000, 2200]);
    const heardByCarol = tail(carol.record, 1, [400, 1000, 2200]);
    const all = JSON.stringify({ heardByBob, heardByCarol });
    expect(heardByBob[2200], all).toBeGreaterThan(5000);
    expect(heardByBob[1000], all).toBeLessThan(500);
    expect(heardByCarol[400], all).toBeGreaterThan(5000);
    expect(heardByCarol[1000], all).toBeLessThan(500);
  });
});
