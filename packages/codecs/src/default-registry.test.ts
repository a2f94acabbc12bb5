import { describe, expect, it } from 'vitest';
import { builtInCodecs, createDefaultRegistry } from './default-registry.js';

describe('createDefaultRegistry', () => {
  it('registers every built-in codec, G.711 first', () => {
    const reg = createDefaultRegistry();
    expect(reg.list()).toEqual(builtInCodecs);
    expect(
      reg
        .list()
        .slice(0, 2)
        .map((f) => f.name),
    ).toEqual(['PCMU', 'PCMA']);
    expect(reg.get('pcma', 8000)?.staticPayloadType).toBe(8);
  });

  it('holds G.726 at every rate in both packings', () => {
    const reg = createDefaultRegistry();
    for (const rate of [16, 24, 32, 40]) {
      expect(reg.get(`g726-${rate}`, 8000)?.name).toBe(`G726-${rate}`);
      expect(reg.get(`AAL2-G726-${rate}`, 8000)?.name).toBe(`AAL2-G726-${rate}`);
    }
  });

  it('returns an independent registry on every call', () => {
    const a = createDefaultRegistry();
    a.unregister('PCMU', 8000);
    expect(createDefaultRegistry().has('PCMU', 8000)).toBe(true);
  });
});
