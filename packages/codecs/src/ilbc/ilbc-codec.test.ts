import { describe, expect, it } from 'vitest';
import { CodecError } from '../codec.js';
import { describeCodecConformance } from '../testkit/conformance.js';
import { ilbc, ilbcModeFromFmtp, negotiateIlbcMode } from './ilbc-codec.js';

const bytesFor = (n: number): number => (n % 240 === 0 ? (n / 240) * 50 : (n / 160) * 38);

// 720 ms: a whole number of packets at every packet size (the encoder is the slow part).
describeCodecConformance(ilbc, {
  minSnrDb: 7,
  minSegmentalSnrDb: 6.5,
  payloadBytes: bytesFor,
  durationMs: 720,
  // The enhancer delays by 80 samples (30 ms frames, the default) or 40 (20 ms frames).
  delaySamples: 'auto',
});

describe('iLBC RTP payload format (RFC 3952)', () => {
  it('reads the mode from fmtp, 30 ms by default', () => {
    expect(ilbcModeFromFmtp({ mode: '20' })).toBe(20);
    expect(ilbcModeFromFmtp({ MODE: ' 30 ' })).toBe(30);
    expect(ilbcModeFromFmtp({ mode: '25' })).toBeUndefined();
    expect(ilbcModeFromFmtp(undefined)).toBeUndefined();
  });
  it('negotiates 20 ms only when both sides ask for it (section 5)', () => {
    expect(negotiateIlbcMode({ mode: '20' }, { mode: '20' })).toBe(20);
    expect(negotiateIlbcMode({ mode: '20' }, { mode: '30' })).toBe(30);
    expect(negotiateIlbcMode({ mode: '30' }, { mode: '20' })).toBe(30);
    expect(negotiateIlbcMode({ mode: '20' }, {})).toBe(30);
    expect(ilbc.fmtpMatches?.({ mode: '20' }, { mode: '30' })).toBe(true);
  });
  it('packs several frames per packet, in the fmtp mode', () => {
    expect(ilbc.createEncoder({ frameSamples: 480 }).encode(new Int16Array(480)).length).toBe(100);
    expect(
      ilbc.createEncoder({ frameSamples: 480, fmtp: { mode: '20' } }).encode(new Int16Array(480)).length,
    ).toBe(114);
    expect(ilbc.createEncoder({ frameSamples: 320 }).encode(new Int16Array(320)).length).toBe(76);
    expect(() => ilbc.createEncoder({ frameSamples: 160, fmtp: { mode: '30' } })).toThrow(CodecError);
  });
  it('decodes either mode by payload length, and rejects lengths that fit neither', () => {
    const dec = ilbc.createDecoder({ fmtp: { mode: '30' } });
    const p20 = ilbc.createEncoder({ frameSamples: 320 }).encode(new Int16Array(320).fill(1000));
    expect(dec.decode(p20).length).toBe(320);
    expect(dec.conceal?.(160).length).toBe(160);
    const p30 = ilbc.createEncoder({ frameSamples: 720 }).encode(new Int16Array(720).fill(1000));
    expect(dec.decode(p30).length).toBe(720);
    expect(() => dec.decode(new Uint8Array(37))).toThrow(CodecError);
  });
});
