/**
 * The call-waiting beep in the call in progress, with real media between Phones on
 * 127.0.0.1: Alice talks with Carol (Carol's microphone a 2200 Hz tone, Alice's speaker a
 * record: WAV), Bob calls Alice; the beep's 425 Hz bursts sound in Alice's speaker over
 * Carol's voice, and stop when Alice answers Bob.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NullSink } from '@twinkle/audio-alsa';
import { afterEach, describe, expect, it } from 'vitest';
import { toneAmplitude } from '../conference/tone-level.test.util.js';
import { mediaSessionFactory } from '../engine/media-session-port.js';
import { Phone } from '../engine/phone.js';
import { RecordingTones, testProfile, testSettings } from '../engine/phone.test.util.js';
import type { PhoneEvent } from '../engine/phone-events.js';
import { readWav } from '../media/media-test-support.js';

const phones: Phone[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.quit()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function until(phone: Phone, match: (e: PhoneEvent) => boolean, ms = 4000): Promise<PhoneEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out waiting for an event'));
    }, ms);
    const off = phone.on((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

async function phone(name: string, settings: Parameters<typeof testSettings>[0], tones?: RecordingTones) {
  const p = await Phone.create({
    settings: testSettings(settings),
    profiles: [testProfile(name, { codecs: ['g711u'] })],
    address: '127.0.0.1',
    quitTimeoutMs: 1500,
    media: mediaSessionFactory({
      devices: (r) =>
        r.line >= 2 ? { speaker: new NullSink({ sampleRate: 8000, channels: 1, frameMs: 20 }) } : {},
    }),
    ...(tones === undefined ? {} : { tones }),
  });
  phones.push(p);
  return p;
}

const uri = (p: Phone) => `sip:${p.profiles[0]}@127.0.0.1:${p.ua.transport.localAddress('udp')!.port}`;

describe('the call-waiting beep in the call in progress', () => {
  it('sounds over the far end in the active call speaker and stops when the waiting call is answered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinkle-beep-'));
    dirs.push(dir);
    const record = join(dir, 'alice.wav');
    const tones = new RecordingTones();
    const alice = await phone('alice', { devSpeaker: `record:${record}` }, tones);
    const carol = await phone('carol', { devMic: 'tone:2200' });
    const bob = await phone('bob', {});
    carol.setAutoAnswer(true);
    const talking = until(alice, (e) => e.type === 'call-state' && e.line === 1 && e.state === 'answered');
    await alice.call(uri(carol));
    await talking;
    await sleep(300);
    const waiting = until(alice, (e) => e.type === 'incoming-call');
    await bob.call(uri(alice));
    expect(await waiting).toMatchObject({ line: 2, waiting: true });
    // Answer between the two bursts (each 200 ms, 200 ms apart): a beep that stops plays one.
    await sleep(220);
    const answered = until(alice, (e) => e.type === 'call-state' && e.line === 2 && e.state === 'answered');
    await alice.answer(2);
    await answered;
    await sleep(800);
    await alice.quit();
    expect(
      tones.log.filter((t) => t.includes('waiting')),
      'no second device beeps',
    ).toEqual([]);

    const { rate, samples } = readWav(record);
    const win = rate / 50; // 20 ms
    const level = 32767 * 10 ** (-16 / 20);
    let beeping = 0;
    let carolHeard = 0;
    for (let at = 0; at + win <= samples.length; at += win) {
      if (toneAmplitude(samples, rate, 425, at, win) > 0.5 * level) beeping++;
      if (toneAmplitude(samples, rate, 2200, at, win) > 8000) carolHeard++;
    }
    // One burst: about 10 windows of 20 ms (its 5 ms ramps may cost one); two would be 20. A slow
    // answer on a loaded machine may let a few of the second in.
    expect(beeping, `windows with the beep: ${beeping}`).toBeGreaterThanOrEqual(7);
    expect(beeping, `windows with the beep: ${beeping}`).toBeLessThanOrEqual(15);
    expect(carolHeard, 'Carol was heard around the beep').toBeGreaterThan(20);
  });

  it('is not used without a call to beep in: the tone player beeps', async () => {
    const tones = new RecordingTones();
    const alice = await phone('alice', {}, tones);
    const bob = await phone('bob', {});
    const carol = await phone('carol', {});
    bob.setAutoAnswer(true);
    const talking = until(alice, (e) => e.type === 'call-state' && e.line === 1 && e.state === 'answered');
    await alice.call(uri(bob));
    await talking;
    await alice.hold(1); // held: nobody talks, so no call carries the beep
    const waiting = until(alice, (e) => e.type === 'incoming-call');
    await carol.call(uri(alice));
    await waiting;
    expect(tones.log.filter((t) => t.includes('waiting'))).toEqual(['waiting 2']);
  });
});
