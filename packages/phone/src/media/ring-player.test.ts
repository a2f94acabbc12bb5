import { fileURLToPath } from 'node:url';
import { VirtualClock } from '@twinkle/audio-alsa';
import { describe, expect, it } from 'vitest';
import { CadenceTone, RING_CADENCE, RINGBACK_CADENCE } from './cadence-tone.js';
import { MemorySink, readWav, rms } from './media-test-support.js';
import { RingPlayer } from './ring-player.js';

const speech = fileURLToPath(new URL('../../fixtures/media/speech_8k.wav', import.meta.url));

/** Zero crossings per second of a frame: twice the frequency of a pure tone. */
function frequency(frame: Int16Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < frame.length; i++) if (frame[i - 1]! < 0 !== frame[i]! < 0) crossings++;
  return (crossings * rate) / frame.length / 2;
}

describe('RingPlayer', () => {
  it('plays ringback as 425 Hz, 1 s on and 4 s off, looping until stopped', async () => {
    const clock = new VirtualClock();
    const sink = new MemorySink(clock);
    const player = await RingPlayer.start({ device: sink, cadence: RINGBACK_CADENCE });
    clock.advance(11_000);
    await player.stop();
    clock.advance(1000);
    const f = sink.frames;
    expect(f.length).toBe(550); // nothing after stop
    const on = (from: number, to: number) => f.slice(from, to).every((x) => rms(x) > 3000);
    const off = (from: number, to: number) => f.slice(from, to).every((x) => rms(x) === 0);
    expect(on(1, 49)).toBe(true);
    expect(off(51, 249)).toBe(true);
    expect(on(251, 299)).toBe(true);
    expect(off(301, 499)).toBe(true);
    expect(on(501, 549)).toBe(true);
    const burst = new Int16Array(30 * 160);
    for (let i = 0; i < 30; i++) burst.set(f[10 + i]!, i * 160);
    expect(Math.abs(frequency(burst, 8000) - 425)).toBeLessThan(3);
  });

  it('loops a WAV file (ringtone_file) on the device, converted to its rate', async () => {
    const clock = new VirtualClock();
    const sink = new MemorySink(clock, 16000);
    const player = await RingPlayer.start({ device: sink, file: speech, cadence: RING_CADENCE });
    expect(player.notices).toEqual([]);
    clock.advance(10_400);
    await player.stop();
    const file = readWav(speech).samples; // 10 s at 8 kHz
    const played = new Int16Array(sink.frames.length * 320);
    sink.frames.forEach((fr, i) => {
      played.set(fr, i * 320);
    });
    // Same loudness per second as the file, and the loop starts over at 10 s.
    const sec = (a: Int16Array, rate: number, s: number) => rms(a.subarray(s * rate, (s + 1) * rate));
    for (const s of [1, 4, 7]) expect(sec(played, 16000, s) / sec(file, 8000, s)).toBeCloseTo(1, 1);
    const head = played.subarray(0, 3200);
    const again = played.subarray(160_000, 163_200);
    expect(again).toEqual(head);
  });

  it('falls back to the generated ring when the file is missing, and says so', async () => {
    const clock = new VirtualClock();
    const sink = new MemorySink(clock);
    const player = await RingPlayer.start({
      device: sink,
      file: '/nonexistent/ring.wav',
      cadence: RING_CADENCE,
    });
    clock.advance(1000);
    await player.stop();
    expect(player.notices).toHaveLength(1);
    expect(player.notices[0]).toMatch(/cannot read \/nonexistent\/ring.wav/);
    expect(rms(sink.frames[10]!)).toBeGreaterThan(3000);
  });

  it('ramps each burst in and out, without clicks', () => {
    const tone = new CadenceTone({ frequencies: [1000], pattern: [100, 100] }, 8000);
    const out = new Int16Array(1600);
    tone.read(out);
    expect(Math.abs(out[0]!)).toBe(0);
    expect(Math.max(...out.subarray(0, 10).map(Math.abs))).toBeLessThan(2000);
    expect(Math.max(...out.subarray(790, 800).map(Math.abs))).toBeLessThan(3000);
    expect(out.subarray(800, 1600).every((v) => v === 0)).toBe(true);
  });
});
