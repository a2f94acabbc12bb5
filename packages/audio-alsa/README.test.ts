// The README's usage examples, run as a test: the same code, with assertions where the
// README prints.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DriftCompensator,
  EchoReference,
  formatDeviceList,
  listDevices,
  MicProcessor,
  openSink,
  openSource,
  parseWav,
  VirtualClock,
} from '@twinkle/audio-alsa';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'twinkle-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README examples', () => {
  it('a tone into a WAV recording, one second in virtual time', async () => {
    const out = join(dir, 'out.wav');
    // --- README: tone into record ---
    const clock = new VirtualClock(); // leave it out and a RealTimeClock paces the devices
    const mic = await openSource('tone:440', { clock });
    const speaker = await openSink(`record:${out}`);
    mic.device.start((frame) => speaker.device.write(frame)); // 20 ms frames, 8 kHz mono
    clock.advance(1000); // one second of audio, at once
    await mic.device.close();
    await speaker.device.close();
    // --- end ---
    const wav = parseWav(readFileSync(out));
    expect(wav.ok && wav.value.samples.length).toBe(8000);
  });

  it('a sound card with the fallback and its one message', async () => {
    const messages: string[] = [];
    const show = (m: string) => messages.push(m);
    // --- README: sound card ---
    const mic = await openSource('plughw:7,0'); // no 8th card here: falls back
    if (mic.fallbackReason) show(mic.fallbackReason); // once, at start-up
    mic.device.events.add((e) => {
      if (e.kind === 'unplugged') show(`${e.device} went away (${e.reason}); the call goes on in silence`);
    });
    // --- end ---
    expect(mic.backend).toBe('clocked');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^no usable sound card for microphone "plughw:7,0" \(.*\); using null audio$/,
    );
    await mic.device.close();
  });

  it('the microphone path and the playback path of a call', () => {
    const frame = new Int16Array(160);
    const played = new Int16Array(160);
    const fromNetwork = new Int16Array(160);
    // --- README: processing ---
    const processor = new MicProcessor({ sampleRate: 8000, frameSamples: 160 });
    processor.noiseSuppression = false; // each stage switches on and off between frames
    const voice = processor.process(frame, played, frame); // AEC -> NS -> VAD -> AGC, in place
    const jitterOut = new DriftCompensator({ sampleRate: 8000 });
    jitterOut.push(fromNetwork); // decoded far-end audio, at the far end's clock
    jitterOut.pull(played); // what the sound card asks for, at its own clock
    // --- end ---
    expect(voice).toBe(false);
    expect(jitterOut.level).toBeLessThan(3); // the first pull drained it: the cushion builds up from here
  });

  it('a full-duplex call path on clocked devices', async () => {
    const clock = new VirtualClock();
    const out = join(dir, 'sent.wav');
    // --- README: call path ---
    const format = { sampleRate: 8000, channels: 1, frameMs: 20 };
    const mic = await openSource('tone:440', { clock, format }); // a real call: 'default'
    const speaker = await openSink('null', { clock, format });
    const toNetwork = await openSink(`record:${out}`, { format }); // stands in for encode + RTP
    const fromNetwork = new DriftCompensator({ sampleRate: 8000 }); // decoded RTP goes in here
    const echo = new EchoReference(160);
    const processor = new MicProcessor({ sampleRate: 8000, frameSamples: 160 });
    const reference = new Int16Array(160);
    const sent = new Int16Array(160);
    speaker.device.pullFrom((frame) => {
      fromNetwork.pull(frame); // the speaker's clock paces the receive path
      echo.played(frame);
    });
    mic.device.start((frame) => {
      echo.take(reference); // what the speaker played meanwhile
      processor.process(frame, reference, sent);
      toNetwork.device.write(sent);
    });
    clock.advance(2000);
    for (const d of [mic.device, speaker.device, toNetwork.device]) await d.close();
    // --- end ---
    const wav = parseWav(readFileSync(out));
    expect(wav.ok && wav.value.samples.length).toBe(16000);
    expect(echo.resyncs).toBeLessThanOrEqual(1);
  });

  it('lists devices', () => {
    // --- README: list ---
    const text = formatDeviceList(listDevices());
    // --- end ---
    expect(text).toMatch(/^null +in\/out/m);
  });
});
