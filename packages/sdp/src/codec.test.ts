import { describe, expect, it } from 'vitest';
import { type CodecCapability, codecMatches, resolveFormats, staticPayloadType } from './codec.js';
import { assignPayloadTypes } from './local-media.js';
import type { MediaDescription } from './model.js';
import { formatEventList, intersectEvents, parseEventList } from './telephone-event.js';

const media = (formats: string[], rtpMaps: MediaDescription['rtpMaps'] = []): MediaDescription => ({
  type: 'audio',
  port: 4000,
  protocol: 'RTP/AVP',
  formats,
  rtpMaps,
  fmtps: [{ payloadType: 97, parameters: 'mode=20' }],
  bandwidths: [],
  rtcpMux: false,
  crypto: [],
  attributes: [],
});

describe('static payload types', () => {
  it.each([
    [{ encoding: 'PCMU', clockRate: 8000 }, 0],
    [{ encoding: 'gsm', clockRate: 8000 }, 3],
    [{ encoding: 'PCMA', clockRate: 8000 }, 8],
    [{ encoding: 'G722', clockRate: 8000 }, 9],
    [{ encoding: 'G729', clockRate: 8000 }, 18],
    [{ encoding: 'L16', clockRate: 44100, channels: 2 }, 10],
    [{ encoding: 'L16', clockRate: 44100 }, 11],
    [{ encoding: 'G722', clockRate: 16000 }, undefined],
    [{ encoding: 'speex', clockRate: 8000 }, undefined],
  ])('%o -> %s', (codec, pt) => {
    expect(staticPayloadType(codec)).toBe(pt);
  });
});

describe('resolveFormats', () => {
  it('takes rtpmap first, the static table for bare static types, and skips the rest', () => {
    const formats = resolveFormats(
      media(
        ['0', '97', '96', '8', 'x', '200', '3'],
        [
          { payloadType: 97, encoding: 'iLBC', clockRate: 8000 },
          { payloadType: 96, encoding: 'speex' },
          { payloadType: 3, encoding: 'PCMU', clockRate: 8000 },
        ],
      ),
    );
    expect(formats).toEqual([
      { payloadType: 0, encoding: 'PCMU', clockRate: 8000, channels: 1 },
      { payloadType: 97, encoding: 'iLBC', clockRate: 8000, channels: 1, fmtp: 'mode=20' },
      { payloadType: 8, encoding: 'PCMA', clockRate: 8000, channels: 1 },
      // An explicit rtpmap overrides the static meaning of a number.
      { payloadType: 3, encoding: 'PCMU', clockRate: 8000, channels: 1 },
    ]);
  });
});

describe('codecMatches', () => {
  const g726: CodecCapability = { encoding: 'G726-32', clockRate: 8000 };
  it('tells the AAL2 packing of G.726 from the RFC 3551 one by name', () => {
    const remote = { payloadType: 2, encoding: 'AAL2-G726-32', clockRate: 8000, channels: 1 };
    expect(codecMatches(g726, remote)).toBe(false);
    expect(codecMatches({ ...g726, encoding: 'AAL2-G726-32' }, remote)).toBe(true);
  });
  it('compares clock rate and channels', () => {
    expect(codecMatches(g726, { payloadType: 2, encoding: 'g726-32', clockRate: 8000, channels: 1 })).toBe(
      true,
    );
    expect(codecMatches(g726, { payloadType: 2, encoding: 'G726-32', clockRate: 16000, channels: 1 })).toBe(
      false,
    );
    expect(codecMatches(g726, { payloadType: 2, encoding: 'G726-32', clockRate: 8000, channels: 2 })).toBe(
      false,
    );
  });
});

describe('assignPayloadTypes', () => {
  it('keeps static types, honours explicit ones, and fills 96-127 around reserved numbers', () => {
    const a = { encoding: 'A', clockRate: 8000 };
    const b = { encoding: 'B', clockRate: 8000, payloadType: 96 };
    const c = { encoding: 'C', clockRate: 8000 };
    const pcma = { encoding: 'PCMA', clockRate: 8000 };
    expect(
      assignPayloadTypes([a, b, pcma, c], [97]).map((n) => [n.capability.encoding, n.payloadType]),
    ).toEqual([
      ['A', 98],
      ['B', 96],
      ['PCMA', 8],
      ['C', 99],
    ]);
  });
  it('gives a clashing explicit type a dynamic number, and drops codecs past 127', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ encoding: `X${i}`, clockRate: 8000 }));
    const numbered = assignPayloadTypes([{ encoding: 'Y', clockRate: 8000, payloadType: 0 }, ...many]);
    expect(numbered).toHaveLength(33);
    expect(numbered[0]!.payloadType).toBe(0);
    expect(numbered[32]!.payloadType).toBe(127);
    const clash = assignPayloadTypes([
      { encoding: 'PCMU', clockRate: 8000 },
      { encoding: 'Z', clockRate: 8000, payloadType: 0 },
    ]);
    expect(clash.map((n) => n.payloadType)).toEqual([0, 96]);
  });
  it('prefers numbers remembered from earlier in the session', () => {
    const s = { encoding: 'speex', clockRate: 8000 };
    expect(assignPayloadTypes([s], [], new Map([[s, 110]]))[0]!.payloadType).toBe(110);
  });
});

describe('telephone-event lists (RFC 4733)', () => {
  it('parses values and ranges, defaulting to 0-15', () => {
    expect([...parseEventList('0-3,10, 12 - 13')]).toEqual([0, 1, 2, 3, 10, 12, 13]);
    expect(parseEventList(undefined).size).toBe(16);
    expect([...parseEventList('x,300,5')]).toEqual([5]);
  });
  it('writes ranges back compactly and intersects', () => {
    expect(formatEventList(new Set([0, 1, 2, 3, 5, 7, 8]))).toBe('0-3,5,7-8');
    expect(intersectEvents('0-15', '10-20,66')).toBe('10-15');
    expect(intersectEvents('0-15', '66')).toBe('');
  });
});
