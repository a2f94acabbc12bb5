import { createDefaultRegistry } from '@twinkle/codecs';
import { describe, expect, it } from 'vitest';
import { chooseSendFrame } from './send-frame.js';

const registry = createDefaultRegistry();
const ilbc = registry.get('iLBC', 8000)!;
const pcmu = registry.get('PCMU', 8000)!;

describe('chooseSendFrame', () => {
  it('keeps a ptime the codec can fill, and the remote fmtp', () => {
    expect(chooseSendFrame(pcmu, 30, undefined, undefined)).toEqual({ ptimeMs: 30 });
    expect(chooseSendFrame(pcmu, undefined, undefined, undefined)).toEqual({
      ptimeMs: pcmu.frameDurations[0],
    });
  });

  it('takes the nearest duration, the shorter on a tie, for a ptime the codec has not', () => {
    expect(chooseSendFrame(pcmu, 25, undefined, undefined).ptimeMs).toBe(20);
    expect(chooseSendFrame(pcmu, 7, undefined, undefined).ptimeMs).toBe(10); // G.711: 10, 20, 30, 40, 60
    expect(chooseSendFrame(pcmu, 50, undefined, undefined).ptimeMs).toBe(40);
  });

  it('iLBC: 30 ms mode unless both sides say 20 (RFC 3952 section 5), whatever ptime says', () => {
    expect(chooseSendFrame(ilbc, 20, 'mode=30', 'mode=30')).toEqual({ ptimeMs: 30, fmtp: { mode: '30' } });
    expect(chooseSendFrame(ilbc, 20, 'mode=20', 'mode=30')).toEqual({ ptimeMs: 30, fmtp: { mode: '30' } });
    expect(chooseSendFrame(ilbc, 20, 'mode=30', 'mode=20')).toEqual({ ptimeMs: 30, fmtp: { mode: '30' } });
    expect(chooseSendFrame(ilbc, 20, undefined, undefined)).toEqual({ ptimeMs: 30, fmtp: { mode: '30' } });
    expect(chooseSendFrame(ilbc, 20, 'mode=20', 'mode=20')).toEqual({ ptimeMs: 20, fmtp: { mode: '20' } });
  });

  it('iLBC: packets of whole frames of the mode', () => {
    expect(chooseSendFrame(ilbc, 60, 'mode=30', 'mode=30').ptimeMs).toBe(60);
    expect(chooseSendFrame(ilbc, 60, 'mode=20', 'mode=20').ptimeMs).toBe(60);
    expect(chooseSendFrame(ilbc, 30, 'mode=20', 'mode=20').ptimeMs).toBe(20);
    expect(chooseSendFrame(ilbc, 40, 'mode=30', 'mode=30').ptimeMs).toBe(30);
    expect(chooseSendFrame(ilbc, 90, 'mode=20', 'mode=20').ptimeMs).toBe(60); // 60 and 120 tie: the shorter
    // the encoder takes what was chosen
    for (const [ptime, local, remote] of [
      [20, 'mode=30', 'mode=30'],
      [30, 'mode=20', 'mode=20'],
      [40, 'mode=20', 'mode=30'],
    ] as const) {
      const f = chooseSendFrame(ilbc, ptime, local, remote);
      expect(() =>
        ilbc.createEncoder({ frameSamples: f.ptimeMs * 8, ...(f.fmtp ? { fmtp: f.fmtp } : {}) }),
      ).not.toThrow();
    }
  });

  it('keeps the remote iLBC fmtp parameters besides the mode', () => {
    expect(chooseSendFrame(ilbc, 30, 'mode=30', 'mode=20;x=1').fmtp).toEqual({ mode: '30', x: '1' });
  });
});
