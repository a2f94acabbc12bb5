import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import type { AudioDeviceEvent } from '../device.js';
import { TELEPHONY_FORMAT } from '../format.js';
import { parseWav } from '../wav/wav-reader.js';
import { FileSource } from './file-source.js';
import { NullSink, NullSource } from './null-devices.js';
import { RecordSink } from './record-sink.js';
import { ToneSource } from './tone-source.js';

const dir = mkdtempSync(join(tmpdir(), 'twinkle-dev-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const speech = new URL('../../fixtures/speech_8k.wav', import.meta.url).pathname;

describe('clocked devices in virtual time', () => {
  it('deliver one frame per 20 ms, no more, no less', () => {
    const clock = new VirtualClock();
    const src = new NullSource(TELEPHONY_FORMAT, clock);
    const at: number[] = [];
    src.start((f) => {
      expect(f.length).toBe(160);
      at.push(clock.now());
    });
    clock.advance(19);
    expect(at).toEqual([]);
    clock.advance(81);
    expect(at).toEqual([20, 40, 60, 80, 100]);
  });

  it('tone: has the right frequency and is phase-continuous across frames', () => {
    const clock = new VirtualClock();
    const src = new ToneSource(TELEPHONY_FORMAT, clock, { frequencies: [1000], amplitude: 0.5 });
    const all: number[] = [];
    src.start((f) => all.push(...f));
    clock.advance(1000);
    expect(all.length).toBe(8000);
    // 1 kHz at 8 kHz: period of 8 samples, exactly.
    for (let i = 8; i < all.length; i++) expect(all[i]).toBe(all[i - 8]);
    let crossings = 0;
    for (let i = 1; i < all.length; i++) if (all[i - 1]! < 0 && all[i]! >= 0) crossings++;
    expect(crossings).toBeGreaterThanOrEqual(999);
    expect(Math.max(...all)).toBeGreaterThan(16000);
    expect(Math.max(...all)).toBeLessThanOrEqual(16384);
  });

  it('file: plays the WAV in order and loops by default', () => {
    const wav = parseWav(readFileSync(speech));
    if (!wav.ok) throw new Error(wav.error.message);
    const clock = new VirtualClock();
    const src = new FileSource(speech, TELEPHONY_FORMAT, clock);
    const got: Int16Array[] = [];
    src.start((f) => got.push(f.slice()));
    clock.advance(10_040); // 500 frames, then 2 more from the start again
    expect(got.length).toBe(502);
    expect(Array.from(got[123]!)).toEqual(Array.from(wav.value.samples.subarray(123 * 160, 124 * 160)));
    expect(Array.from(got[500]!)).toEqual(Array.from(wav.value.samples.subarray(0, 160)));
  });

  it('file-once ends with silence and one ended event', () => {
    const clock = new VirtualClock();
    const src = new FileSource(speech, TELEPHONY_FORMAT, clock, { loop: false });
    const events: AudioDeviceEvent[] = [];
    src.events.add((e) => events.push(e));
    let last = new Int16Array(0);
    src.start((f) => {
      last = f.slice();
    });
    clock.advance(12_000);
    expect(events).toEqual([{ kind: 'ended', device: `file:${speech}` }]);
    expect(last.every((s) => s === 0)).toBe(true);
  });

  it('file: converts 8 kHz material to a 16 kHz stream', () => {
    const clock = new VirtualClock();
    const src = new FileSource(speech, { sampleRate: 16000, channels: 1, frameMs: 20 }, clock);
    let frames = 0;
    src.start((f) => {
      expect(f.length).toBe(320);
      frames++;
    });
    clock.advance(200);
    expect(frames).toBe(10);
  });

  it('record: writes what it is given to a valid WAV', async () => {
    const clock = new VirtualClock();
    const path = join(dir, 'rec.wav');
    const src = new ToneSource(TELEPHONY_FORMAT, clock, { frequencies: [440] });
    const sink = new RecordSink(path, TELEPHONY_FORMAT);
    const sent: number[] = [];
    src.start((f) => {
      sent.push(...f);
      sink.write(f);
    });
    clock.advance(2000);
    await src.close();
    await sink.close();
    const back = parseWav(readFileSync(path));
    expect(back.ok && Array.from(back.value.samples)).toEqual(sent);
  });

  it('record: in pull mode asks for one frame per 20 ms of its clock', async () => {
    const clock = new VirtualClock();
    const path = join(dir, 'pull.wav');
    const sink = new RecordSink(path, TELEPHONY_FORMAT, { clock });
    let n = 0;
    sink.pullFrom((f) => f.fill(++n));
    clock.advance(1000);
    await sink.close();
    clock.advance(1000);
    expect(n).toBe(50);
    const back = parseWav(readFileSync(path));
    expect(back.ok && back.value.samples.length).toBe(8000);
    expect(back.ok && back.value.samples[7999]).toBe(50);
    expect(clock.timerCount).toBe(0);
  });

  it('a ring tone file played at the pace of a sink in pull mode', async () => {
    const clock = new VirtualClock();
    const ring = new FileSource(speech, TELEPHONY_FORMAT, new VirtualClock()); // its own clock stays unused
    const path = join(dir, 'ring.wav');
    const speaker = new RecordSink(path, TELEPHONY_FORMAT, { clock });
    speaker.pullFrom((f) => ring.read(f));
    clock.advance(500);
    await speaker.close();
    const back = parseWav(readFileSync(path));
    const src = parseWav(readFileSync(speech));
    if (!back.ok || !src.ok) throw new Error('wav');
    expect(Array.from(back.value.samples)).toEqual(Array.from(src.value.samples.subarray(0, 4000)));
    expect(() => ring.read(new Int16Array(10))).toThrow(RangeError);
  });

  it('null sink counts frames; close stops the clock', async () => {
    const clock = new VirtualClock();
    const src = new NullSource(TELEPHONY_FORMAT, clock);
    const sink = new NullSink(TELEPHONY_FORMAT);
    src.start((f) => sink.write(f));
    clock.advance(100);
    await src.close();
    clock.advance(100);
    expect(sink.frames).toBe(5);
    expect(clock.timerCount).toBe(0);
  });
});
