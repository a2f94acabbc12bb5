// The detector on DTMF that an independent tool made: ffmpeg synthesises the Q.23 tone pairs
// (aevalsrc), encodes them to G.711 µ-law and decodes them again, the path inband DTMF takes
// from a PCMU peer. Needs the `ffmpeg` Debian package (listed in .ci/apt-packages.txt); skipped
// without it on a developer machine, but fails when CI=true.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DtmfDetector } from './dtmf-detector.js';
import { type DtmfDigit, isDtmfDigit } from './dtmf-event.js';
import { dtmfFrequencies } from './dtmf-tone-generator.js';

const haveFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
const runIt = it.skipIf(!haveFfmpeg && process.env.CI !== 'true');

function ffmpeg(args: string[], input?: Buffer): Buffer {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...args], {
    input,
    maxBuffer: 1 << 24,
    timeout: 20_000,
  });
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr?.toString()}`);
  return r.stdout;
}

/** Keys `toneMs` long with `gapMs` pauses, each tone pair at `amplitude` per frequency (full scale 1). */
function ffmpegDtmf(digits: string, toneMs: number, gapMs: number, amplitude: number): Int16Array {
  const terms = [...digits].map((d, i) => {
    if (!isDtmfDigit(d)) throw new RangeError(d);
    const [low, high] = dtmfFrequencies(d as DtmfDigit);
    const from = (gapMs + i * (toneMs + gapMs)) / 1000;
    const to = from + toneMs / 1000;
    // commas inside a filter argument are escaped for the filtergraph parser
    return `between(t\\,${from}\\,${to})*${amplitude}*(sin(2*PI*${low}*t)+sin(2*PI*${high}*t))`;
  });
  const seconds = ((digits.length + 1) * (toneMs + gapMs)) / 1000;
  const ulaw = ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `aevalsrc=${terms.join('+')}:s=8000:d=${seconds}`,
    '-c:a',
    'pcm_mulaw',
    '-f',
    'mulaw',
    '-',
  ]);
  const pcm = ffmpeg(['-f', 'mulaw', '-ar', '8000', '-ac', '1', '-i', '-', '-f', 's16le', '-'], ulaw);
  return new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length >> 1);
}

describe('DtmfDetector on ffmpeg-made, µ-law coded DTMF', () => {
  runIt('hears every key of a dialled string, once each', () => {
    const pcm = ffmpegDtmf('0123456789*#ABCD', 60, 60, 0.25);
    const d = new DtmfDetector();
    const found = [...d.process(pcm), ...d.flush()];
    expect(found.map((f) => f.digit).join('')).toBe('0123456789*#ABCD');
    for (const f of found) {
      expect(f.durationMs).toBeGreaterThan(45);
      expect(f.durationMs).toBeLessThan(75);
    }
  });

  runIt('hears quiet keys (-23 dBm0 per tone) and not 20 ms blips', () => {
    const quiet = new DtmfDetector();
    const q = ffmpegDtmf('159', 80, 80, 0.05);
    expect([...quiet.process(q), ...quiet.flush()].map((f) => f.digit).join('')).toBe('159');
    const blips = new DtmfDetector();
    const b = ffmpegDtmf('159', 20, 80, 0.25);
    expect([...blips.process(b), ...blips.flush()]).toEqual([]);
  });
});
