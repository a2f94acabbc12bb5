// The examples of README.md (usage, and a codec in one file), run as tests: keep the two in step.
import {
  type AudioCodecFactory,
  CodecError,
  CodecRegistry,
  createDefaultRegistry,
  resolveFrameSamples,
  tryDecode,
} from '@twinkle/codecs';
import { describeCodecConformance } from '@twinkle/codecs/testkit';
import { expect, it } from 'vitest';

/** L16 (RFC 3551 section 4.5.11): 16-bit linear PCM, network byte order. */
const l16: AudioCodecFactory = {
  name: 'L16',
  sampleRate: 8000,
  clockRate: 8000,
  channels: 1,
  frameDurations: [20, 10, 30],
  createEncoder(params) {
    const frameSamples = resolveFrameSamples(l16, params);
    return {
      frameSamples,
      encode(pcm) {
        if (pcm.length !== frameSamples) {
          throw new CodecError('invalid-frame-size', `L16 expects ${frameSamples} samples`);
        }
        const out = new Uint8Array(2 * pcm.length);
        const view = new DataView(out.buffer);
        for (let i = 0; i < pcm.length; i++) view.setInt16(2 * i, pcm[i]!); // big-endian by default
        return out;
      },
      reset() {},
    };
  },
  createDecoder() {
    return {
      decode(payload) {
        if (payload.length % 2 !== 0) throw new CodecError('malformed-payload', 'odd L16 payload length');
        const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
        return Int16Array.from({ length: payload.length / 2 }, (_, i) => view.getInt16(2 * i));
      },
      reset() {},
    };
  },
};

// One line puts the codec through the whole contract (lossless, so the SNR is infinite).
describeCodecConformance(l16, { minSnrDb: 200, payloadBytes: (samples) => 2 * samples });

it('registers with one call and is found the way an SDP rtpmap names it', () => {
  const registry = new CodecRegistry().register(l16);
  expect(registry.get('l16', 8000)).toBe(l16);

  const phoneCodecs = createDefaultRegistry().register(l16);
  const pcmu = phoneCodecs.get('PCMU', 8000)!;
  const encoder = pcmu.createEncoder(); // 20 ms: 160 samples
  const payload = encoder.encode(new Int16Array(160));
  expect(payload.length).toBe(160);
  expect(pcmu.createDecoder().decode(payload)).toHaveLength(160);
  expect(phoneCodecs.list().at(-1)).toBe(l16);
});

it('runs the usage example at the top of README.md', () => {
  const codecs = createDefaultRegistry(); // a fresh instance; importing registers nothing
  const pcmu = codecs.get('PCMU', 8000)!; // as an SDP rtpmap names it, case-insensitive

  const encoder = pcmu.createEncoder(); // default frame: 20 ms = 160 samples
  const decoder = pcmu.createDecoder();
  const payload = encoder.encode(new Int16Array(160)); // one RTP payload (160 bytes)

  const result = tryDecode(decoder, payload); // never throws on network bytes
  const pcm = result.ok ? result.pcm : decoder.conceal?.(160); // lost or bad: conceal
  expect(payload).toHaveLength(160);
  expect(pcm).toHaveLength(160);
  expect(decoder.conceal?.(160)).toHaveLength(160);
});
