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

  it('returns an independent registry on every call', () => {
    const a = createDefaultRegistry();
    a.unregister('PCMU', 8000);
    expect(createDefaultRegistry().has('PCMU', 8000)).toBe(true);
  });
});
