import { expect, it } from 'vitest';
import { ilbc, negotiateIlbcMode } from '../index.js';

it('runs the iLBC example of the README', () => {
  const mode = negotiateIlbcMode({ mode: '20' }, { mode: '30' }); // 30: the lower rate wins (RFC 3952 section 5)
  const encoder = ilbc.createEncoder({ frameSamples: 480, fmtp: { mode: String(mode) } }); // 60 ms packets
  const payload = encoder.encode(new Int16Array(480)); // two 50-byte frames back to back, 100 bytes
  const decoder = ilbc.createDecoder({ fmtp: { mode: '30' } });
  const pcm = decoder.decode(payload); // 480 samples; a 38-byte multiple would decode as 20 ms frames
  const lost = decoder.conceal?.(240); // one 30 ms frame of packet loss concealment
  expect(mode).toBe(30);
  expect(payload.length).toBe(100);
  expect(pcm.length).toBe(480);
  expect(lost?.length).toBe(240);
});
