import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DriftingClock } from '../clock/drifting-clock.js';
import { VirtualClock } from '../clock/virtual-clock.js';
import { RecordSink } from '../devices/record-sink.js';
import { ToneSource } from '../devices/tone-source.js';
import { TELEPHONY_FORMAT } from '../format.js';
import { parseWav } from '../wav/wav-reader.js';
import { DriftCompensator } from './drift-compensator.js';

const dir = mkdtempSync(join(tmpdir(), 'twinkle-loop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a receive path across two clocks, in virtual time', () => {
  it('far end 500 ppm fast, speaker pulling at its own pace: bounded delay, clean audio', async () => {
    const card = new VirtualClock();
    const farEnd = new DriftingClock(card, 500);
    const path = join(dir, 'heard.wav');
    const source = new ToneSource(TELEPHONY_FORMAT, farEnd, { frequencies: [300], amplitude: 0.3 });
    const speaker = new RecordSink(path, TELEPHONY_FORMAT, { clock: card });
    const jitterOut = new DriftCompensator({ sampleRate: 8000, targetMs: 60 });
    let maxLevel = 0;
    let pulls = 0;
    source.start((frame) => jitterOut.push(frame)); // decoded audio, at the far end's pace
    speaker.pullFrom((frame) => {
      jitterOut.pull(frame);
      if (++pulls > 3000) maxLevel = Math.max(maxLevel, jitterOut.level);
    });
    card.advance(5 * 60_000);
    await source.close();
    await speaker.close();
    expect(maxLevel).toBeLessThan(480 + 200);
    expect(jitterOut.overflows).toBe(0);
    expect(Math.abs(jitterOut.ppm - 500)).toBeLessThan(150);
    const wav = parseWav(readFileSync(path));
    if (!wav.ok) throw new Error(wav.error.message);
    expect(wav.value.samples.length).toBe(5 * 60 * 8000);
    // After the start-up, no sample was skipped or repeated: the second difference of a
    // 300 Hz sine of amplitude 9830 stays under 550; a skip would add up to 2300.
    const s = wav.value.samples;
    let worst = 0;
    for (let i = 8000 + 2; i < s.length; i++)
      worst = Math.max(worst, Math.abs(s[i]! - 2 * s[i - 1]! + s[i - 2]!));
    expect(worst).toBeLessThan(600);
  });
});
