import { describe, expect, it } from 'vitest';
import { type AudioCodecFactory, CodecError } from './codec.js';
import { CodecRegistry } from './registry.js';

function fake(name: string, clockRate = 8000, channels = 1, staticPayloadType?: number): AudioCodecFactory {
  return {
    name,
    sampleRate: clockRate,
    clockRate,
    channels,
    frameDurations: [20],
    ...(staticPayloadType === undefined ? {} : { staticPayloadType }),
    createEncoder: () => {
      throw new Error('not used');
    },
    createDecoder: () => {
      throw new Error('not used');
    },
  };
}

describe('CodecRegistry', () => {
  it('finds codecs by case-insensitive name, clock rate and channels (default 1)', () => {
    const pcmu = fake('PCMU', 8000, 1, 0);
    const opus = fake('opus', 48000, 2);
    const reg = new CodecRegistry().register(pcmu).register(opus);
    expect(reg.get('pcmu', 8000)).toBe(pcmu);
    expect(reg.get('PCMU', 8000, 1)).toBe(pcmu);
    expect(reg.get('OPUS', 48000, 2)).toBe(opus);
    expect(reg.get('opus', 48000)).toBeUndefined();
    expect(reg.get('PCMU', 16000)).toBeUndefined();
    expect(reg.has('Pcmu', 8000)).toBe(true);
  });

  it('lists in registration order and starts empty (no globals)', () => {
    expect(new CodecRegistry().list()).toEqual([]);
    const a = fake('A');
    const b = fake('B');
    expect(new CodecRegistry().register(b).register(a).list()).toEqual([b, a]);
    expect(new CodecRegistry().list()).toEqual([]);
  });

  it('refuses a duplicate unless asked to replace, keeping the position', () => {
    const reg = new CodecRegistry().register(fake('A')).register(fake('B'));
    let err: unknown;
    try {
      reg.register(fake('a'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CodecError);
    expect((err as CodecError).code).toBe('duplicate-codec');
    const a2 = fake('a');
    reg.register(a2, { replace: true });
    expect(reg.list().map((f) => f.name)).toEqual(['a', 'B']);
    expect(reg.get('A', 8000)).toBe(a2);
  });

  it('unregisters and maps static payload types', () => {
    const reg = new CodecRegistry().register(fake('PCMU', 8000, 1, 0)).register(fake('X'));
    expect([...reg.staticPayloadTypes().keys()]).toEqual([0]);
    expect(reg.unregister('pcmu', 8000)).toBe(true);
    expect(reg.unregister('pcmu', 8000)).toBe(false);
    expect(reg.list().map((f) => f.name)).toEqual(['X']);
  });
});
