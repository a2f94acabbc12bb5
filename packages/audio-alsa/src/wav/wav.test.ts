import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeWav } from './wav-header.js';
import { parseWav } from './wav-reader.js';
import { WavWriter } from './wav-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'twinkle-wav-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WAV', () => {
  it.each([
    [8000, 1],
    [16000, 1],
    [32000, 2],
    [48000, 2],
  ])('round-trips %i Hz, %i channel(s)', (rate, channels) => {
    const samples = Int16Array.from({ length: 1000 * channels }, (_, i) => ((i * 37) % 65536) - 32768);
    const r = parseWav(encodeWav(rate, channels, samples));
    expect(r.ok && r.value.sampleRate).toBe(rate);
    expect(r.ok && r.value.channels).toBe(channels);
    expect(r.ok && Array.from(r.value.samples)).toEqual(Array.from(samples));
  });

  it('reads the shared fixture, skipping unknown chunks', () => {
    const bytes = readFileSync(new URL('../../fixtures/speech_8k.wav', import.meta.url));
    const r = parseWav(bytes);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.sampleRate).toBe(8000);
      expect(r.value.samples.length).toBe(80000);
    }
  });

  it('reads WAVE_FORMAT_EXTENSIBLE with a PCM sub-format', () => {
    const samples = Int16Array.of(1, -2, 3);
    const plain = encodeWav(16000, 1, samples);
    // Rebuild with a 40-byte fmt chunk: tag 0xFFFE, sub-format GUID starting 01 00.
    const out = new Uint8Array(plain.length + 24);
    const v = new DataView(out.buffer);
    out.set(plain.subarray(0, 20), 0);
    v.setUint32(16, 40, true);
    out.set(plain.subarray(20, 36), 20);
    v.setUint16(20, 0xfffe, true);
    v.setUint16(36, 22, true); // cbSize
    v.setUint16(44, 1, true); // sub-format: PCM
    out.set(plain.subarray(36), 60);
    v.setUint32(4, out.length - 8, true);
    const r = parseWav(out);
    expect(r.ok && Array.from(r.value.samples)).toEqual([1, -2, 3]);
  });

  it('returns errors, never throws, on bad input', () => {
    expect(parseWav(new Uint8Array(3))).toMatchObject({ ok: false, error: { code: 'not-riff' } });
    const wav = encodeWav(8000, 1, new Int16Array(4));
    const bad = wav.slice();
    bad[34] = 8; // 8-bit samples
    expect(parseWav(bad)).toMatchObject({ ok: false, error: { code: 'unsupported-format' } });
    expect(parseWav(wav.subarray(0, 30))).toMatchObject({ ok: false });
  });

  it('keeps the header valid while writing, and exact after close', () => {
    const path = join(dir, 'w.wav');
    const w = new WavWriter(path, { sampleRate: 8000, channels: 1, flushMs: 100 });
    w.write(new Int16Array(1000).fill(7)); // more than one flush period
    const mid = parseWav(readFileSync(path));
    expect(mid.ok && mid.value.samples.length).toBe(800);
    w.write(new Int16Array(5).fill(-3));
    w.close();
    const end = parseWav(readFileSync(path));
    expect(end.ok && end.value.samples.length).toBe(1005);
    expect(end.ok && end.value.samples[1004]).toBe(-3);
    expect(readFileSync(path).length).toBe(44 + 2010);
  });
});
