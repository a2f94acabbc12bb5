import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import type { AudioDeviceEvent } from '../device.js';
import { TELEPHONY_FORMAT } from '../format.js';
import { openSink, openSource } from '../open-device.js';
import { makeAlsaTestEnv, ramp, waitFor } from '../testing/alsa-env.js';
import { ChildCapture } from './child-capture.js';
import { hasCommand } from './has-command.js';

const input = ramp(8000 * 2, 77);
const env = makeAlsaTestEnv(input);
afterAll(() => env.cleanup());
const have = hasCommand('arecord') && hasCommand('aplay');

describe.skipIf(!have && process.env.CI !== 'true')('arecord/aplay backend through the file plugin', () => {
  it('captures the infile intact and in order', async () => {
    // Started directly: openSource's probe discards what arrives before start(), which
    // for an unpaced file PCM is the whole file.
    const cap = new ChildCapture('twinkle_cap', TELEPHONY_FORMAT, { env: env.env });
    const got: number[] = [];
    cap.start((f) => {
      expect(f.length).toBe(160);
      if (got.length < input.length) got.push(...f);
    });
    expect(await waitFor(() => got.length >= input.length, 8000)).toBe(true);
    await cap.close();
    expect(got.slice(0, input.length)).toEqual(Array.from(input));
  });

  it('opens through openSource when the device works', async () => {
    const opened = await openSource('twinkle_cap', { backends: ['alsa-utils'], env: env.env });
    expect(opened.backend).toBe('alsa-utils');
    expect(opened.fallbackReason).toBeUndefined();
    let frames = 0;
    opened.device.start(() => frames++);
    expect(await waitFor(() => frames > 10, 5000)).toBe(true);
    await opened.device.close();
  });

  it('plays frames into the file intact and in order', async () => {
    // The file PCM is not paced, so nothing here plays in real time: allow any backlog.
    const opened = await openSink('twinkle_play', {
      backends: ['alsa-utils'],
      env: env.env,
      playback: { maxQueueMs: 60_000 },
    });
    expect(opened.backend).toBe('alsa-utils');
    const out = ramp(160 * 50, 5);
    for (let i = 0; i < 50; i++) opened.device.write(out.subarray(i * 160, (i + 1) * 160));
    await opened.device.close();
    const bytes = readFileSync(env.outFile);
    const back = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
    expect(Array.from(back.subarray(0, out.length))).toEqual(Array.from(out));
  });

  it('a device arecord cannot open falls back to null audio, saying why', async () => {
    const opened = await openSource('nosuchpcm', { backends: ['alsa-utils'], env: env.env });
    expect(opened.backend).toBe('clocked');
    expect(opened.fallbackReason).toMatch(
      /^no usable sound card for microphone "nosuchpcm" \(arecord exited/,
    );
    await opened.device.close();
  });
});

describe('child capture', () => {
  it('puts samples split across pipe reads back together', async () => {
    // A stand-in recorder that writes 1, 2 | 3, 4 as little-endian bytes in two odd-sized
    // writes, so one sample straddles them.
    const script = join(env.home, 'fake-arecord');
    writeFileSync(
      script,
      "#!/bin/sh\nprintf '\\001\\000\\002'\nsleep 0.1\nprintf '\\000\\003\\000\\004\\000'\nsleep 5\n",
    );
    chmodSync(script, 0o755);
    const cap = new ChildCapture('x', { sampleRate: 1000, channels: 1, frameMs: 2 }, { command: script });
    const frames: number[][] = [];
    cap.start((f) => frames.push(Array.from(f)));
    expect(await waitFor(() => frames.length === 2, 3000)).toBe(true);
    expect(frames).toEqual([
      [1, 2],
      [3, 4],
    ]);
    await cap.close();
  });

  it('a recorder that dies mid-call gives one unplugged event, then paced silence', async () => {
    const clock = new VirtualClock();
    const cap = new ChildCapture('x', TELEPHONY_FORMAT, { command: 'false', fallbackClock: clock });
    const events: AudioDeviceEvent[] = [];
    cap.events.add((e) => events.push(e));
    let frames = 0;
    cap.start(() => frames++);
    expect(await waitFor(() => events.length > 0, 3000)).toBe(true);
    expect(events).toEqual([{ kind: 'unplugged', device: 'x', reason: 'arecord exited (code 1)' }]);
    clock.advance(60);
    expect(frames).toBe(3);
    await cap.close();
  });
});
