import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VirtualClock } from '@twinkle/audio-alsa';
import { pcmu } from '@twinkle/codecs';
import { afterAll, describe, expect, it } from 'vitest';
import { mediaCodec } from './media-codec.js';
import { MediaSession } from './media-session.js';
import {
  ArraySource,
  bestLag,
  correlation,
  MemorySink,
  negotiate,
  readWav,
  rms,
  runMedia,
} from './media-test-support.js';
import type { DspSettings } from './media-types.js';

const speech = fileURLToPath(new URL('../../fixtures/media/speech_8k.wav', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'twinkle-media-rt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('MediaSession on the default real-time clock', () => {
  it('carries a tone for a second of wall-clock time', async () => {
    const heard = join(dir, 'rt.wav');
    const a = await MediaSession.open({ address: '127.0.0.1', port: 0, microphone: 'tone:440' });
    const b = await MediaSession.open({ address: '127.0.0.1', port: 0, speaker: `record:${heard}` });
    try {
      const codecs = [mediaCodec(pcmu)];
      const n = negotiate({ media: a, codecs }, { media: b, codecs });
      await a.start(n.a);
      await b.start(n.b);
      await new Promise((r) => setTimeout(r, 1200));
    } finally {
      await a.close();
      await b.close();
    }
    const rec = readWav(heard).samples;
    expect(rec.length).toBeGreaterThan(8000 * 0.8);
    // After the jitter buffer's start, most frames carry the tone (loose: CI machines are loaded).
    const frames = Math.floor(rec.length / 160);
    let loud = 0;
    for (let i = 15; i < frames; i++) if (rms(rec.subarray(i * 160, (i + 1) * 160)) > 1000) loud++;
    expect(loud / (frames - 15)).toBeGreaterThan(0.6);
  });
});

/** Two seconds and a half of speech at -26 dB through a session with `dsp`; what the far end heard. */
async function quietSpeech(dsp: DspSettings | undefined) {
  const clock = new VirtualClock();
  const src = readWav(speech).samples.map((v) => Math.round(v * 0.05));
  const heard = new MemorySink(clock);
  const mic = new ArraySource(clock, src);
  const a = await MediaSession.open({
    address: '127.0.0.1',
    port: 0,
    clock,
    microphone: mic,
    ...(dsp ? { dsp } : {}),
  });
  const b = await MediaSession.open({ address: '127.0.0.1', port: 0, clock, speaker: heard });
  try {
    const codecs = [mediaCodec(pcmu)];
    const n = negotiate({ media: a, codecs }, { media: b, codecs });
    await a.start(n.a);
    await b.start(n.b);
    await runMedia(clock, 4000, a, b);
  } finally {
    await a.close();
    await b.close();
  }
  const rec = new Int16Array(heard.frames.length * 160);
  heard.frames.forEach((f, i) => {
    rec.set(f, i * 160);
  });
  // The last 1.5 s of speech, aligned.
  const from = 16000;
  const len = 12000;
  const lag = bestLag(src, rec, from, len, 2400);
  return {
    corr: correlation(src, rec, lag, from, len),
    gain: rms(rec.subarray(from + lag, from + lag + len)) / rms(src.subarray(from, from + len)),
  };
}

describe('MediaSession with the mic-path processing on', () => {
  it('without processing the level is what the microphone gave', async () => {
    const r = await quietSpeech(undefined);
    expect(r.corr).toBeGreaterThan(0.95);
    expect(r.gain).toBeGreaterThan(0.9);
    expect(r.gain).toBeLessThan(1.1);
  });

  it('gain control raises quiet speech; echo cancellation with no echo leaves it intact', async () => {
    const r = await quietSpeech({ echoCancellation: true, noiseSuppression: true, gainControl: true });
    expect(r.corr).toBeGreaterThan(0.8);
    expect(r.gain).toBeGreaterThan(2);
  });
});
