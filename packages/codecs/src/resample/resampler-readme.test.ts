// The resampler example of README.md, run as a test: keep the two in step.
import { Resampler } from '@twinkle/codecs';
import { expect, it } from 'vitest';

it('runs the README resampler example', () => {
  const up = new Resampler({ inputRate: 8000, outputRate: 48000 }); // or quality: 'low-latency'
  const frame = new Int16Array(160); // 20 ms from an 8 kHz decoder
  const out = new Int16Array(up.outputLength(frame.length)); // 960 samples, 20 ms at 48 kHz
  const written = up.process(frame, out); // state carries over to the next call

  expect(out.length).toBe(960);
  expect(written).toBe(960);
  expect(up.delay / 48).toBeCloseTo(4.77, 1); // group delay in ms
});
