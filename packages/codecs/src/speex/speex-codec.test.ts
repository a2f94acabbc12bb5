import { describe, expect, it } from 'vitest';
import { describeCodecConformance } from '../testkit/conformance.js';
import { speexEncoderOptionsFromFmtp, speexNb, speexUwb, speexWb } from './speex-codec.js';

// Speex is a perceptual (CELP) codec: the waveform SNR of a round trip is modest
// (measured: 6.4 dB at the narrowband default mode 3 = 8 kbit/s, 13.4 dB wideband
// and 12.4 dB ultra-wideband at quality 8, 8.2 dB narrowband VBR).
describeCodecConformance(speexNb, { minSnrDb: 5.5, minSegmentalSnrDb: 5.5, delaySamples: 'auto' });
describeCodecConformance(speexWb, { minSnrDb: 12, minSegmentalSnrDb: 12, delaySamples: 'auto' });
describeCodecConformance(speexUwb, { minSnrDb: 11, minSegmentalSnrDb: 10, delaySamples: 'auto' });
describeCodecConformance(speexNb, {
  title: 'speex/8000 VBR with DTX conformance',
  minSnrDb: 7,
  minSegmentalSnrDb: 7,
  delaySamples: 'auto',
  variableBitrate: true,
  encoderParams: { fmtp: { vbr: 'on', cng: 'on' } },
});

describe('Speex fmtp (RFC 5574 section 6.1)', () => {
  it('defaults to mode 3 in narrowband and 8 in wideband', () => {
    expect(speexEncoderOptionsFromFmtp('nb', undefined)).toMatchObject({ nbMode: 3, vbr: false, vad: false });
    expect(speexEncoderOptionsFromFmtp('wb', {})).toMatchObject({ quality: 8 });
  });

  it('takes the first supported mode of the list and the vbr/cng preferences', () => {
    expect(speexEncoderOptionsFromFmtp('nb', { mode: '"9,6,any"', vbr: 'on' })).toMatchObject({
      nbMode: 6,
      vbr: true,
    });
    expect(speexEncoderOptionsFromFmtp('uwb', { mode: '"any"', vbr: 'vad', cng: 'on' })).toMatchObject({
      quality: 8,
      vad: true,
      dtx: true,
    });
  });

  it('payload sizes follow the mode: 20 bytes at mode 3, 38 at mode 5', () => {
    const pcm = new Int16Array(160).map((_, i) => Math.round(3000 * Math.sin(i / 3)));
    expect(speexNb.createEncoder({ fmtp: { mode: '3' } }).encode(pcm).length).toBe(20);
    expect(speexNb.createEncoder({ fmtp: { mode: '"5,any"' } }).encode(pcm).length).toBe(38);
    expect(
      speexNb.createEncoder({ frameSamples: 320, fmtp: { mode: '5' } }).encode(new Int16Array(320)).length,
    ).toBe(75);
  });

  it('picks the highest quality within a bit-rate budget', () => {
    const enc = speexWb.createEncoder({ bitrate: 20000 });
    const bytes = enc.encode(new Int16Array(320)).length;
    expect(bytes * 8 * 50).toBeLessThanOrEqual(20000 + 8 * 50);
    expect(bytes).toBeGreaterThan(30);
  });
});

describe('Speex in the default registry', () => {
  it('is registered at 8, 16 and 32 kHz', async () => {
    const { createDefaultRegistry } = await import('../default-registry.js');
    const reg = createDefaultRegistry();
    expect(reg.get('SPEEX', 8000)).toBe(speexNb);
    expect(reg.get('speex', 16000)).toBe(speexWb);
    expect(reg.get('speex', 32000)).toBe(speexUwb);
  });
});
