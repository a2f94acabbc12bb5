import { expect, it } from 'vitest';
import { SpeexDecoder, SpeexEncoder, speexWb } from '../index.js';

// The Speex example of the package README, run as written.
it('README Speex example', () => {
  const enc = new SpeexEncoder({ band: 'wb', quality: 8, vbr: true, dtx: true, framesPerPacket: 2 });
  const payload = enc.encode(new Int16Array(640)); // 40 ms at 16 kHz: two frames, one payload
  const pcm = new SpeexDecoder({ band: 'wb' }).decode(payload); // 640 samples; enhancer on by default
  const viaSdp = speexWb.createEncoder({ fmtp: { vbr: 'on', mode: '"8,any"' }, frameSamples: 320 });
  expect(pcm.length).toBe(640);
  expect(viaSdp.frameSamples).toBe(320);
});
