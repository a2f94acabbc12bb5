import { describe, expect, it } from 'vitest';
import { compactNtpFromUnixMs, ntpFromUnixMs, ntpMiddle32, roundTripSeconds } from './ntp.js';
import { encodeRtcp } from './rtcp-build.js';
import { parseRtcp } from './rtcp-parse.js';
import { type RtcpPacket, SdesItemType } from './rtcp-types.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

const block = {
  ssrc: 0x01020304,
  fractionLost: 64,
  cumulativeLost: -3,
  highestSequence: 0x00011234,
  jitter: 17,
  lastSenderReport: 0xabcd1234,
  delaySinceLastSenderReport: 0x00010000,
};

describe('RTCP compound packets', () => {
  it('round-trips SR, RR, SDES, BYE, APP and an unknown type', () => {
    const packets: RtcpPacket[] = [
      {
        type: 'sr',
        ssrc: 0xcafebabe,
        sender: {
          ntpSeconds: 0xe0000000,
          ntpFraction: 0x80000000,
          rtpTimestamp: 160,
          packetCount: 5,
          octetCount: 800,
        },
        reports: [block],
      },
      { type: 'rr', ssrc: 0xcafebabe, reports: [block, { ...block, ssrc: 9 }] },
      {
        type: 'sdes',
        chunks: [
          { ssrc: 0xcafebabe, items: [{ type: SdesItemType.CNAME, text: 'alice@example.org' }] },
          {
            ssrc: 7,
            items: [
              { type: SdesItemType.CNAME, text: 'bö' },
              { type: SdesItemType.TOOL, text: 'twinkle' },
            ],
          },
        ],
      },
      { type: 'app', subtype: 3, ssrc: 1, name: 'TWNK', data: new Uint8Array([1, 2, 3, 4]) },
      { type: 'other', packetType: 205, count: 1, body: new Uint8Array(8).fill(7) },
      { type: 'bye', ssrcs: [0xcafebabe, 7], reason: 'done' },
    ];
    const wire = encodeRtcp(packets);
    expect(wire.length % 4).toBe(0);
    const r = parseRtcp(wire);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toHaveLength(6);
    expect(r.value[0]).toMatchObject(packets[0]!);
    expect(r.value[1]).toMatchObject(packets[1]!);
    expect(r.value[2]).toEqual(packets[2]);
    expect(r.value[3]).toMatchObject({ type: 'app', subtype: 3, name: 'TWNK' });
    expect(r.value[4]).toMatchObject({ type: 'other', packetType: 205, count: 1 });
    expect(r.value[5]).toEqual(packets[5]);
  });

  it('encodes multi-byte UTF-8 text (and lone surrogates as U+FFFD) at the right length', () => {
    for (const text of ['a', 'é', '€', '😀', 'x\ud800y', 'x\ud800', '\udc00\ud800\udc00', 'ü😀€a']) {
      const wire = encodeRtcp([
        { type: 'rr', ssrc: 1, reports: [] },
        { type: 'sdes', chunks: [{ ssrc: 1, items: [{ type: 1, text }] }] },
        { type: 'bye', ssrcs: [1], reason: text },
      ]);
      const r = parseRtcp(wire);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const expected = Buffer.from(text, 'utf8').toString('utf8');
      expect(r.value[1]).toEqual({
        type: 'sdes',
        chunks: [{ ssrc: 1, items: [{ type: 1, text: expected }] }],
      });
      expect(r.value[2]).toEqual({ type: 'bye', ssrcs: [1], reason: expected });
    }
  });

  it('parses a hand-written RR + SDES CNAME byte for byte', () => {
    // RR with no blocks from 0x11111111, then SDES with CNAME "ab" (2 + 2 + 4 + null, padded).
    const wire = hex('80c90001 11111111 81ca0003 11111111 0102 6162 00000000');
    const r = parseRtcp(wire);
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.value[1]).toEqual({
        type: 'sdes',
        chunks: [{ ssrc: 0x11111111, items: [{ type: 1, text: 'ab' }] }],
      });
    expect(
      Buffer.from(
        encodeRtcp([
          { type: 'rr', ssrc: 0x11111111, reports: [] },
          { type: 'sdes', chunks: [{ ssrc: 0x11111111, items: [{ type: 1, text: 'ab' }] }] },
        ]),
      ).toString('hex'),
    ).toBe('80c900011111111181ca00031111111101026162' + '00000000');
  });

  it.each([
    ['too-short', '80c9'],
    ['bad-version', '40c90001 11111111'],
    ['bad-length', '80c90002 11111111'],
    ['bad-length', '81c90001 11111111'],
    ['not-report-first', '81ca0001 11111111'],
    ['bad-padding', 'a0c90001 11111111 80c90001 11111111'],
    ['bad-sdes', '80c90001 11111111 81ca0002 11111111 0105 6162'],
  ])('rejects %s', (code, h) => {
    const r = parseRtcp(hex(h));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('accepts reduced-size RTCP when asked to', () => {
    expect(parseRtcp(hex('81cb0001 11111111'), { requireReportFirst: false }).ok).toBe(true);
  });

  it('accepts padding on the last packet', () => {
    const r = parseRtcp(hex('a0c90002 11111111 00000004'));
    expect(r.ok && r.value[0]).toMatchObject({ type: 'rr', ssrc: 0x11111111 });
  });
});

describe('NTP and round-trip time', () => {
  it('converts Unix time to NTP', () => {
    const t = ntpFromUnixMs(1_500);
    expect(t.seconds).toBe(2_208_988_801);
    expect(t.fraction).toBe(0x80000000);
    expect(ntpMiddle32(0x12345678, 0x9abcdef0)).toBe(0x56789abc);
  });

  it('computes RTT as A - LSR - DLSR (RFC 3550 figure 2)', () => {
    // The worked example of RFC 3550 6.4.1: A = 0xb710:8000, LSR = 0xb705:2000, DLSR = 0x0005:4000 -> 6.125 s.
    expect(roundTripSeconds(0xb7108000, 0xb7052000, 0x00054000)).toBe(6.125);
    expect(roundTripSeconds(0xb7108000, 0, 0)).toBeUndefined();
    const sent = compactNtpFromUnixMs(10_000);
    const back = compactNtpFromUnixMs(10_250);
    expect(roundTripSeconds(back, sent, Math.round(0.2 * 65536))).toBeCloseTo(0.05, 3);
  });
});
