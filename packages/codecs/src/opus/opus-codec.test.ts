import { describe, expect, it } from 'vitest';
import { CodecError } from '../codec.js';
import { createDefaultRegistry } from '../default-registry.js';
import { CodecRegistry } from '../registry.js';
import { describeCodecConformance } from '../testkit/conformance.js';
import { loadOpusCodec, registerOpus } from './opus-codec.js';

const opus = await loadOpusCodec();

// Two independent channels (stereo=1) at 96 kbit/s, so each channel is coded on its own.
// Measured: SNR 10.3 dB, segmental SNR 12.7 dB on the kit's speech-like signal.
describeCodecConformance(opus, {
  minSnrDb: 9,
  minSegmentalSnrDb: 11,
  delaySamples: 312, // the encoder look-ahead in VoIP mode: 6.5 ms
  variableBitrate: true,
  encoderParams: { fmtp: { stereo: '1', maxaveragebitrate: '96000' }, bitrate: 96000 },
});

describe('the Opus codec description (RFC 7587)', () => {
  it('is opus/48000/2 even for mono, offers minptime=10;useinbandfec=1, accepts any fmtp', () => {
    expect([opus.name, opus.sampleRate, opus.clockRate, opus.channels]).toEqual(['opus', 48000, 48000, 2]);
    expect(opus.frameDurations).toEqual([20, 10, 40, 60]);
    expect(opus.fmtp).toEqual({ minptime: '10', useinbandfec: '1' });
    expect(opus.fmtpMatches?.({}, { stereo: '1', maxplaybackrate: '16000' })).toBe(true);
    expect(opus.version).toMatch(/^libopus 1\.\d/);
  });

  it('rejects a concealment that is not a multiple of 2.5 ms', () => {
    const err = (() => {
      try {
        opus.createDecoder().conceal(100);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(CodecError);
    expect((err as CodecError).code).toBe('unsupported-params');
  });

  it('decodes after free() of another instance and reset() of its own (heap bookkeeping)', () => {
    const enc = opus.createEncoder();
    const other = opus.createDecoder();
    other.free();
    other.free(); // twice is harmless
    const dec = opus.createDecoder();
    const p = enc.encode(new Int16Array(1920));
    dec.reset();
    expect(dec.decode(p)).toHaveLength(1920);
    expect(() => other.decode(p)).toThrow(/after free/);
  });
});

describe('many Opus streams in one libopus heap', () => {
  it('keeps earlier streams right while 300 more grow the WebAssembly memory, and frees them', () => {
    const frame = new Int16Array(1920);
    for (let i = 0; i < frame.length; i++) frame[i] = Math.round(8000 * Math.sin(i / 7));
    const ref = opus.createDecoder().decode(opus.createEncoder().encode(frame));
    const enc = opus.createEncoder();
    const dec = opus.createDecoder();
    const more = Array.from({ length: 300 }, () => [opus.createEncoder(), opus.createDecoder()] as const);
    for (const [e, d] of more) d.decode(e.encode(frame));
    expect(dec.decode(enc.encode(frame))).toEqual(ref);
    for (const [e, d] of more) {
      e.free();
      d.free();
    }
  });
});

describe('Opus as an optional codec', () => {
  it('registerOpus adds opus/48000/2 at the end of the default registry', async () => {
    const codecs = createDefaultRegistry();
    const before = codecs.list().length;
    const result = await registerOpus(codecs);
    expect(result.registered).toBe(true);
    expect(codecs.list()).toHaveLength(before + 1);
    expect(codecs.get('OPUS', 48000, 2)?.name).toBe('opus');
    expect(codecs.list().at(-1)?.name).toBe('opus');
  });

  it('without libopus: loadOpusCodec rejects with unsupported-params, registerOpus leaves the registry alone', async () => {
    const moduleUrl = new URL('./no-such-libopus.mjs', import.meta.url).href;
    await expect(loadOpusCodec({ moduleUrl })).rejects.toMatchObject({
      name: 'CodecError',
      code: 'unsupported-params',
      message: expect.stringMatching(/^Opus unavailable/),
    });
    const codecs = new CodecRegistry();
    const result = await registerOpus(codecs, { moduleUrl });
    expect(result.registered).toBe(false);
    expect(codecs.list()).toHaveLength(0);
  });

  it('refuses a module that lacks the libopus exports we bind', async () => {
    const moduleUrl = `data:text/javascript,${encodeURIComponent('export default async () => ({ _malloc() {} });')}`;
    await expect(loadOpusCodec({ moduleUrl })).rejects.toThrow(
      /Opus unavailable: .* lacks _oc_create_encoder/,
    );
  });
});
