/**
 * The call-waiting beep of the default tone players (Twinkle's: it plays in the speaker of
 * the call in progress): 425 Hz, two 200 ms bursts, then quiet, on dev_speaker; it stops
 * (and the device is released) when the waiting call is answered or gone. The engine side
 * (beep on a waiting call, stopped on answer) is checked with baresip in
 * test/interop/conference-baresip.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '@twinkle/audio-alsa';
import { afterEach, describe, expect, it } from 'vitest';
import { toneAmplitude } from '../conference/tone-level.test.util.js';
import { readWav } from '../media/media-test-support.js';
import { ringPlayerTones } from './ring-tones.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the call-waiting beep', () => {
  it('plays two 425 Hz bursts on dev_speaker and nothing more once stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinkle-waiting-'));
    dirs.push(dir);
    const path = join(dir, 'speaker.wav');
    const clock = new VirtualClock();
    const notices: string[] = [];
    const tones = ringPlayerTones({
      settings: { devRingtone: 'null', devSpeaker: `record:${path}`, ringtoneFile: '', ringbackFile: '' },
      clock,
      onNotice: (n) => notices.push(n),
    });
    const beep = tones.callWaiting!(2);
    await sleep(100); // the device opens asynchronously
    clock.advance(1000);
    beep.stop();
    await sleep(100);
    clock.advance(1000); // stopped: the device takes no more frames
    const { rate, samples } = readWav(path);
    expect(notices).toEqual([]);
    expect(samples.length).toBe(rate); // exactly the second played before stop()
    const at = (fromMs: number, toMs: number) =>
      toneAmplitude(samples, rate, 425, (fromMs * rate) / 1000, ((toMs - fromMs) * rate) / 1000);
    const level = 32767 * 10 ** (-16 / 20); // the cadence level, -16 dBFS
    expect(at(20, 180)).toBeGreaterThan(0.8 * level);
    expect(at(220, 380)).toBeLessThan(0.01 * level);
    expect(at(420, 580)).toBeGreaterThan(0.8 * level);
    expect(at(620, 1000)).toBeLessThan(0.01 * level);
  });
});
