import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import type { AudioDeviceEvent } from '../device.js';
import { TELEPHONY_FORMAT } from '../format.js';
import { openSink, openSource } from '../open-device.js';
import { waitFor } from '../testing/alsa-env.js';
import { FakeLibAsound } from '../testing/fake-libasound.js';
import { AlsaCapture } from './alsa-capture.js';
import { plugName } from './alsa-pcm.js';
import { AlsaPlayback } from './alsa-playback.js';
import { EAGAIN, ENODEV, EPIPE } from './libasound.js';
import { hintsToDevices, parseAlsaUtilsList } from './list-devices.js';

describe('ALSA stream recovery (scripted libasound)', () => {
  it('recovers a capture overrun, reports it, and keeps the samples in order', async () => {
    const lib = new FakeLibAsound();
    lib.availScript.push(80, EPIPE, 80, 0);
    const r = AlsaCapture.open(lib, 'fake', TELEPHONY_FORMAT);
    if (!r.ok) throw new Error(r.reason);
    const events: AudioDeviceEvent[] = [];
    r.value.events.add((e) => events.push(e));
    const got: number[] = [];
    r.value.start((f) => got.push(...f));
    expect(await waitFor(() => got.length >= 160, 1000)).toBe(true);
    await r.value.close();
    expect(lib.recovered).toEqual([EPIPE]);
    expect(events).toEqual([{ kind: 'xrun', device: 'fake', count: 1 }]);
    expect(got.slice(0, 160)).toEqual(Array.from({ length: 160 }, (_, i) => i));
  });

  it('a capture device that vanishes gives one unplugged event, then silence at frame pace', async () => {
    const lib = new FakeLibAsound();
    lib.availScript.push(160, ENODEV);
    const clock = new VirtualClock();
    const r = AlsaCapture.open(lib, 'usb-headset', TELEPHONY_FORMAT, { fallbackClock: clock, reopenMs: 0 });
    if (!r.ok) throw new Error(r.reason);
    const events: AudioDeviceEvent[] = [];
    r.value.events.add((e) => events.push(e));
    const frames: Int16Array[] = [];
    r.value.start((f) => frames.push(f.slice()));
    expect(await waitFor(() => events.length > 0, 1000)).toBe(true);
    expect(events).toEqual([
      { kind: 'unplugged', device: 'usb-headset', reason: expect.stringMatching(/unplugged/) },
    ]);
    expect(lib.closed).toBe(true);
    expect(r.value.unplugged).toBe(true);
    const before = frames.length;
    clock.advance(100);
    expect(frames.length).toBe(before + 5);
    expect(frames.at(-1)!.every((s) => s === 0)).toBe(true);
    await r.value.close();
  });

  it('reopens a vanished capture device when it comes back, and says so', async () => {
    const lib = new FakeLibAsound();
    lib.availScript.push(160, ENODEV);
    const clock = new VirtualClock();
    const r = AlsaCapture.open(lib, 'usb-headset', TELEPHONY_FORMAT, { fallbackClock: clock, reopenMs: 20 });
    if (!r.ok) throw new Error(r.reason);
    const events: string[] = [];
    r.value.events.add((e) => events.push(e.kind));
    let last = new Int16Array(0);
    r.value.start((f) => {
      last = f.slice();
    });
    lib.openErr = ENODEV; // still unplugged: the retries fail
    expect(await waitFor(() => events.length > 0, 1000)).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    expect(events).toEqual(['unplugged']);
    clock.advance(20);
    expect(last.every((s) => s === 0)).toBe(true);
    lib.openErr = 0; // plugged back in
    lib.defaultAvail = 160;
    expect(await waitFor(() => events.length === 2, 1000)).toBe(true);
    expect(events).toEqual(['unplugged', 'restored']);
    expect(r.value.unplugged).toBe(false);
    expect(await waitFor(() => last.some((s) => s !== 0), 1000)).toBe(true);
    const before = last;
    clock.advance(100); // the silence clock no longer drives the frames
    expect(last).toBe(before);
    await r.value.close();
  });

  it('an error that keeps coming is reported, then taken for a vanished device', async () => {
    const lib = new FakeLibAsound();
    lib.defaultAvail = -22; // EINVAL on every call
    const r = AlsaCapture.open(lib, 'flaky', TELEPHONY_FORMAT, {
      fallbackClock: new VirtualClock(),
      reopenMs: 0,
    });
    if (!r.ok) throw new Error(r.reason);
    const kinds: string[] = [];
    r.value.events.add((e) => kinds.push(e.kind));
    r.value.start(() => {});
    expect(await waitFor(() => kinds.includes('unplugged'), 3000)).toBe(true);
    expect(kinds.filter((k) => k === 'error').length).toBe(50);
    expect(kinds.at(-1)).toBe('unplugged');
    await r.value.close();
  });

  it('recovers a playback underrun and writes the frame again', async () => {
    const lib = new FakeLibAsound();
    lib.defaultAvail = 320;
    lib.ioScript.push(EPIPE);
    const r = AlsaPlayback.open(lib, 'fake', TELEPHONY_FORMAT, { fillSilence: false });
    if (!r.ok) throw new Error(r.reason);
    const events: AudioDeviceEvent[] = [];
    r.value.events.add((e) => events.push(e));
    const frame = Int16Array.from({ length: 160 }, (_, i) => i + 1);
    r.value.write(frame);
    expect(lib.written).toEqual(Array.from(frame));
    expect(events).toEqual([{ kind: 'xrun', device: 'fake', count: 1 }]);
    expect(r.value.stats.xruns).toBe(1);
    lib.state_ = 0;
    await r.value.close();
  });

  it('stops on EAGAIN without losing queued samples', async () => {
    const lib = new FakeLibAsound();
    lib.defaultAvail = 320;
    lib.ioScript.push(EAGAIN);
    const r = AlsaPlayback.open(lib, 'fake', TELEPHONY_FORMAT, { fillSilence: false });
    if (!r.ok) throw new Error(r.reason);
    r.value.write(new Int16Array(160).fill(9));
    expect(r.value.queuedFrames).toBe(160);
    r.value.write(new Int16Array(160).fill(8));
    expect(r.value.queuedFrames).toBe(0);
    expect(lib.written.length).toBe(320);
    expect(lib.written[0]).toBe(9);
    lib.state_ = 0;
    await r.value.close();
  });

  it('an unplugged speaker reports once and swallows later writes', async () => {
    const lib = new FakeLibAsound();
    lib.defaultAvail = 320;
    lib.ioScript.push(ENODEV);
    const r = AlsaPlayback.open(lib, 'fake', TELEPHONY_FORMAT);
    if (!r.ok) throw new Error(r.reason);
    const events: AudioDeviceEvent[] = [];
    r.value.events.add((e) => events.push(e));
    r.value.write(new Int16Array(160));
    r.value.write(new Int16Array(160));
    expect(events.map((e) => e.kind)).toEqual(['unplugged']);
    await r.value.close();
  });
});

describe('hw: devices that refuse the format', () => {
  it('are opened again through plughw:, with a note saying why', async () => {
    const lib = new FakeLibAsound();
    lib.hwOnlyRate = 48000;
    const mic = await openSource('hw:1,0', { lib });
    expect(lib.opened).toEqual(['hw:1,0', 'plughw:1,0']);
    expect(mic.backend).toBe('alsa');
    expect(mic.device.name).toBe('plughw:1,0');
    expect(mic.fallbackReason).toBe(
      'ALSA capture device "hw:1,0": cannot set rate 8000 (device offers 48000): error -22; ' +
        'using "plughw:1,0" instead, where ALSA converts',
    );
    await mic.device.close();
  });

  it('but a device that does not exist is not retried', async () => {
    const lib = new FakeLibAsound();
    lib.openErr = ENODEV;
    const speaker = await openSink('hw:5,0', { lib, backends: ['alsa'] });
    expect(lib.opened).toEqual(['hw:5,0']);
    expect(speaker.backend).toBe('clocked');
    await speaker.device.close();
  });

  it('a missing pulse device names the package that provides it', async () => {
    const lib = new FakeLibAsound();
    lib.openErr = -2;
    const mic = await openSource('pulse', { lib, backends: ['alsa'] });
    expect(mic.fallbackReason).toMatch(/\(Debian: libasound2-plugins\); using null audio$/);
    await mic.device.close();
  });

  it('names the plug converter for any PCM', () => {
    expect(plugName('hw:0,0')).toBe('plughw:0,0');
    expect(plugName('front:CARD=PCH')).toBe("plug:'front:CARD=PCH'");
  });
});

describe('device listing', () => {
  it('maps ALSA hints', () => {
    expect(
      hintsToDevices([
        { name: 'default', desc: 'Default ALSA Output (currently PulseAudio Sound Server)', ioid: '' },
        { name: 'pulse', desc: 'PulseAudio Sound Server', ioid: '' },
        {
          name: 'sysdefault:CARD=PCH',
          desc: 'HDA Intel PCH, ALC3246 Analog\nDefault Audio Device',
          ioid: '',
        },
        { name: 'dsnoop:CARD=PCH,DEV=0', desc: 'HDA Intel PCH', ioid: 'Input' },
        { name: 'dmix:CARD=PCH,DEV=0', desc: 'HDA Intel PCH', ioid: 'Output' },
        { name: 'pulse', desc: 'duplicate', ioid: '' },
      ]),
    ).toEqual([
      {
        name: 'default',
        description: 'Default ALSA Output (currently PulseAudio Sound Server)',
        direction: 'both',
      },
      { name: 'pulse', description: 'PulseAudio Sound Server', direction: 'both' },
      {
        name: 'sysdefault:CARD=PCH',
        description: 'HDA Intel PCH, ALC3246 Analog - Default Audio Device',
        direction: 'both',
      },
      { name: 'dsnoop:CARD=PCH,DEV=0', description: 'HDA Intel PCH', direction: 'capture' },
      { name: 'dmix:CARD=PCH,DEV=0', description: 'HDA Intel PCH', direction: 'playback' },
    ]);
  });

  it('parses arecord -L output', () => {
    const text =
      'null\n    Discard all samples (playback) or generate zero samples (capture)\npipewire\n    PipeWire Sound Server\n';
    expect(parseAlsaUtilsList(text, 'capture')).toEqual([
      {
        name: 'null',
        description: 'Discard all samples (playback) or generate zero samples (capture)',
        direction: 'capture',
      },
      { name: 'pipewire', description: 'PipeWire Sound Server', direction: 'capture' },
    ]);
  });
});
