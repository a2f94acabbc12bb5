import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { TELEPHONY_FORMAT } from '../format.js';
import { formatDeviceList, listDevices } from '../list-devices.js';
import { openSink, openSource } from '../open-device.js';
import { makeAlsaTestEnv, ramp, waitFor } from '../testing/alsa-env.js';
import { AlsaCapture } from './alsa-capture.js';
import { AlsaPlayback } from './alsa-playback.js';
import { loadLibAsound } from './libasound.js';
import { listAlsaDevices } from './list-devices.js';

// ALSA reads ~/.asoundrc when it loads its configuration: HOME points at the test's own,
// and any configuration loaded before (another test file in this process) is dropped.
const SECONDS = 3;
const input = ramp(8000 * SECONDS);
const env = makeAlsaTestEnv(input);
const home = process.env.HOME;
process.env.HOME = env.home;
const loaded = loadLibAsound();
if (loaded.ok) loaded.lib.reloadConfig();
afterAll(() => {
  process.env.HOME = home;
  if (loaded.ok) loaded.lib.reloadConfig();
  env.cleanup();
});

const haveLib = loaded.ok;
const runNative = haveLib || process.env.CI === 'true';

describe.skipIf(!runNative)('libasound through the file plugin', () => {
  it('loads libasound at run time', () => {
    const r = loadLibAsound();
    expect(r.ok && r.lib.version).toMatch(/^1\.\d+\.\d+/);
  });

  it('captures the infile intact and in order, frame by frame', async () => {
    const opened = await openSource('twinkle_cap', { backends: ['alsa'] });
    expect(opened.backend).toBe('alsa');
    expect(opened.fallbackReason).toBeUndefined();
    const got: number[] = [];
    let frames = 0;
    opened.device.start((f) => {
      expect(f.length).toBe(160);
      frames++;
      if (got.length < input.length) got.push(...f);
    });
    expect(await waitFor(() => got.length >= input.length, 5000)).toBe(true);
    await opened.device.close();
    expect(frames).toBeGreaterThanOrEqual(150);
    expect(got.slice(0, input.length)).toEqual(Array.from(input));
    const stats = (opened.device as AlsaCapture).stats;
    expect(stats.xruns).toBe(0);
    expect(stats.periodFrames).toBe(80); // 10 ms at 8 kHz, the default
    expect(stats.bufferFrames).toBe(320);
  });

  it('plays frames into the file intact and in order', async () => {
    const opened = await openSink('twinkle_play', {
      backends: ['alsa'],
      buffer: { periodMs: 20, periods: 3 },
    });
    expect(opened.backend).toBe('alsa');
    const out = ramp(160 * 100, 1000);
    for (let i = 0; i < 100; i++) opened.device.write(out.subarray(i * 160, (i + 1) * 160));
    await opened.device.close();
    const bytes = readFileSync(env.outFile);
    const back = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
    expect(back.length).toBeGreaterThanOrEqual(out.length);
    expect(Array.from(back.subarray(0, out.length))).toEqual(Array.from(out));
    expect((opened.device as AlsaPlayback).droppedSamples).toBe(0);
  });

  it('pull mode: the device asks for frames, which arrive intact and in order', async () => {
    const lib = loadLibAsound();
    if (!lib.ok) throw new Error(lib.reason);
    const r = AlsaPlayback.open(lib.lib, 'twinkle_play', TELEPHONY_FORMAT);
    if (!r.ok) throw new Error(r.reason);
    let next = 0;
    r.value.pullFrom((f) => {
      for (let i = 0; i < f.length; i++) f[i] = next++ % 32768;
    });
    expect(await waitFor(() => next >= 16000, 5000)).toBe(true);
    await r.value.close();
    const bytes = readFileSync(env.outFile);
    const back = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
    expect(back.length).toBeGreaterThanOrEqual(16000);
    expect(Array.from(back.subarray(0, 16000))).toEqual(Array.from(ramp(16000)));
  });

  it('lists devices with their name hints, including the test PCMs', () => {
    const r = listAlsaDevices();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const cap = r.devices.find((d) => d.name === 'twinkle_cap');
    expect(cap).toEqual({ name: 'twinkle_cap', description: 'Twinkle test capture', direction: 'both' });
    expect(r.devices.some((d) => d.name === 'null')).toBe(true);
  });

  it('falls back to null audio with one clear reason when the device does not exist', async () => {
    const src = await openSource('hw:7,0', { backends: ['alsa'] });
    expect(src.backend).toBe('clocked');
    expect(src.fallbackReason).toMatch(
      /^no usable sound card for microphone "hw:7,0" \(ALSA: [^;()]+\); using null audio$/,
    );
    expect(src.fallbackReason).toMatch(/using null audio$/);
    await src.device.close();
    const sink = await openSink('nosuchpcm', { backends: ['alsa'] });
    // ALSA's own words, which it prints on stderr, end up in the reason: its telling line
    // only; the failed call and its error stay in the detail.
    expect(sink.fallbackReason).toBe(
      'no usable sound card for speaker "nosuchpcm" (ALSA: Unknown PCM nosuchpcm); using null audio',
    );
    expect(sink.fallbackDetail).toBe(
      'no usable sound card for speaker "nosuchpcm" (cannot open ALSA playback device "nosuchpcm": ' +
        'No such file or directory (ALSA: Unknown PCM nosuchpcm)); using null audio',
    );
  });

  it('opens stereo at 48 kHz with the sizes asked for', async () => {
    const lib = loadLibAsound();
    if (!lib.ok) throw new Error(lib.reason);
    const format = { ...TELEPHONY_FORMAT, channels: 2, sampleRate: 48000 };
    const r = AlsaCapture.open(lib.lib, 'twinkle_cap', format, { periodMs: 5, periods: 3 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.stats.periodFrames).toBe(240);
    expect(r.value.stats.bufferFrames).toBe(720);
    await r.value.close();
  });
});

describe.skipIf(!runNative)('listDevices', () => {
  it('lists ALSA PCMs then the virtual devices, and formats them', () => {
    const list = listDevices();
    expect(list.backend).toBe('alsa');
    expect(list.devices.find((d) => d.name === 'twinkle_play')?.kind).toBe('alsa');
    expect(list.devices.at(-1)?.name).toBe('record:PATH.wav');
    const text = formatDeviceList(list);
    expect(text).toMatch(/^twinkle_cap +in\/out {2}Twinkle test capture$/m);
    expect(text).toMatch(/^null +in\/out {2}Silence as microphone/m);
  });
});
