// The Opus example of README.md, run as a test: keep the two in step.
import { createDefaultRegistry, registerOpus } from '@twinkle/codecs';
import { expect, it } from 'vitest';

it('runs the README Opus example', async () => {
  const codecs = createDefaultRegistry(); // as before: no Opus in it
  expect(codecs.has('opus', 48000, 2)).toBe(false);
  const result = await registerOpus(codecs); // appends opus/48000/2 when libopus loads
  if (!result.registered) throw result.error;
  const opus = result.codec; // also: codecs.get('opus', 48000, 2)
  expect(codecs.get('opus', 48000, 2)).toBe(opus);
  // The receiver's fmtp bounds what we send (RFC 7587 section 7.1).
  const fmtp = { maxaveragebitrate: '20000', useinbandfec: '1', usedtx: '1' };
  const encoder = opus.createEncoder({ fmtp }); // 20 ms: 960 samples per channel
  const decoder = opus.createDecoder();
  const first = encoder.encode(new Int16Array(2 * 960)); // PCM is interleaved stereo, 48 kHz
  const second = encoder.encode(new Int16Array(2 * 960));
  expect(decoder.decode(first)).toHaveLength(1920);
  const recovered = decoder.decodeFec(second); // `first` lost: rebuild it from second's FEC
  const concealed = decoder.conceal(960); // nothing to rebuild from: libopus PLC
  expect([recovered.length, concealed.length]).toEqual([1920, 1920]);
  expect(encoder.bitrate).toBe(20000);
});
