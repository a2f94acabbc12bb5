import { describe, expect, it } from 'vitest';
import { describeCodecConformance } from '../testkit/index.js';
import { pcma, pcmu } from './g711-codec.js';

describeCodecConformance(pcmu, { minSnrDb: 30, minSegmentalSnrDb: 25, payloadBytes: (n) => n });
describeCodecConformance(pcma, { minSnrDb: 30, minSegmentalSnrDb: 25, payloadBytes: (n) => n });

describe('G.711 factories', () => {
  it('carry the RFC 3551 names and static payload types', () => {
    expect([pcmu.name, pcmu.staticPayloadType, pcmu.clockRate]).toEqual(['PCMU', 0, 8000]);
    expect([pcma.name, pcma.staticPayloadType, pcma.clockRate]).toEqual(['PCMA', 8, 8000]);
  });

  it('encode one byte per sample with the G.191 rounding', () => {
    const enc = pcmu.createEncoder({ frameSamples: 80 });
    const pcm = new Int16Array(80);
    pcm[0] = -1;
    pcm[1] = 32767;
    pcm[2] = -32768;
    const out = enc.encode(pcm);
    expect([out[0], out[1], out[2], out[3]]).toEqual([0x7f, 0x80, 0x00, 0xff]);
    expect(pcma.createDecoder().decode(Uint8Array.of(0xd5, 0x2a))).toEqual(Int16Array.of(8, -32256));
  });
});
