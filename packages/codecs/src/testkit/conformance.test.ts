// The kit on codec shapes the built-in codecs do not have: stereo, 48 kHz, and a
// decoder that delays the signal (checked with a fixed and a found delay).
import { type AudioCodecFactory, CodecError, resolveFrameSamples } from '../codec.js';
import { describeCodecConformance } from './conformance.js';

/** 16-bit linear, little-endian, interleaved stereo at 48 kHz. */
const stereo: AudioCodecFactory = {
  name: 'X-S16LE',
  sampleRate: 48000,
  clockRate: 48000,
  channels: 2,
  frameDurations: [20, 10],
  createEncoder(params) {
    const frameSamples = resolveFrameSamples(stereo, params);
    return {
      frameSamples,
      encode(pcm) {
        if (pcm.length !== 2 * frameSamples) throw new CodecError('invalid-frame-size', 'wrong size');
        return new Uint8Array(pcm.slice().buffer);
      },
      reset() {},
    };
  },
  createDecoder() {
    return {
      decode(payload) {
        if (payload.length % 4 !== 0) throw new CodecError('malformed-payload', 'not whole stereo samples');
        return new Int16Array(payload.slice().buffer);
      },
      reset() {},
    };
  },
};

const DELAY = 5;

/** Lossless 8 kHz mono whose decoder outputs the signal 5 samples late. */
const delayed: AudioCodecFactory = {
  name: 'X-DELAY',
  sampleRate: 8000,
  clockRate: 8000,
  channels: 1,
  frameDurations: [20],
  createEncoder(params) {
    const frameSamples = resolveFrameSamples(delayed, params);
    return {
      frameSamples,
      encode(pcm) {
        if (pcm.length !== frameSamples) throw new CodecError('invalid-frame-size', 'wrong size');
        return new Uint8Array(pcm.slice().buffer);
      },
      reset() {},
    };
  },
  createDecoder() {
    let tail = new Int16Array(DELAY);
    return {
      decode(payload) {
        const input = new Int16Array(payload.slice(0, payload.length & ~1).buffer);
        const out = new Int16Array(input.length);
        const joined = new Int16Array(DELAY + input.length);
        joined.set(tail);
        joined.set(input, DELAY);
        out.set(joined.subarray(0, input.length));
        tail = joined.slice(input.length);
        return out;
      },
      conceal(samples) {
        return new Int16Array(samples);
      },
      reset() {
        tail = new Int16Array(DELAY);
      },
    };
  },
};

describeCodecConformance(stereo, { minSnrDb: 200, payloadBytes: (n) => 4 * n });
describeCodecConformance(delayed, { minSnrDb: 200, delaySamples: DELAY, title: 'X-DELAY, fixed delay' });
describeCodecConformance(delayed, { minSnrDb: 200, delaySamples: 'auto', title: 'X-DELAY, found delay' });
