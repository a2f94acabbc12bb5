import { describe, expect, it } from 'vitest';
import { crlf, sipBody } from './fixtures.test.util.js';
import { parseSdp } from './parse.js';
import { serializeSdp } from './serialize.js';

const rich = crlf(`v=0
o=twinkle 971731711378798081 18446744073709551615 IN IP6 2001:db8::20
s=-
i=A call
c=IN IP6 2001:db8::20
b=AS:64
t=0 0
a=ice-lite
m=audio 6000 RTP/SAVP 98 0 101
b=TIAS:64000
a=rtpmap:98 iLBC/8000
a=fmtp:98 mode=30
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
a=ptime:30
a=maxptime:60
a=sendonly
a=rtcp:6011 IN IP4 192.0.2.7
a=rtcp-mux
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32 UNENCRYPTED_SRTCP KDR=1
a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj
a=zrtp-hash:1.10 FE30EFD02423CB054E50EFD0248742AC7A52C8F91BC2DF881AE642C371BA46DF
a=ice-ufrag:F7gI
a=ice-pwd:x9cml/YzichV2+XlhiMu8g
a=candidate:1 1 UDP 2130706431 2001:db8::20 6000 typ host
a=x-unknown`);

describe('parseSdp', () => {
  it('reads every field it models from a rich body', () => {
    const r = parseSdp(rich);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.value;
    expect(s.origin).toEqual({
      username: 'twinkle',
      sessionId: '971731711378798081',
      sessionVersion: 18446744073709551615n,
      addressType: 'IP6',
      address: '2001:db8::20',
    });
    expect(s.name).toBe('-');
    expect(s.information).toBe('A call');
    expect(s.connection).toEqual({ addressType: 'IP6', address: '2001:db8::20' });
    expect(s.bandwidths).toEqual([{ type: 'AS', limit: 64 }]);
    expect(s.attributes).toEqual([{ name: 'ice-lite' }]);
    const m = s.media[0]!;
    expect(m.type).toBe('audio');
    expect(m.port).toBe(6000);
    expect(m.protocol).toBe('RTP/SAVP');
    expect(m.formats).toEqual(['98', '0', '101']);
    expect(m.rtpMaps).toEqual([
      { payloadType: 98, encoding: 'iLBC', clockRate: 8000 },
      { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
      { payloadType: 101, encoding: 'telephone-event', clockRate: 8000 },
    ]);
    expect(m.fmtps).toEqual([
      { payloadType: 98, parameters: 'mode=30' },
      { payloadType: 101, parameters: '0-16' },
    ]);
    expect(m.bandwidths).toEqual([{ type: 'TIAS', limit: 64000 }]);
    expect(m.ptime).toBe(30);
    expect(m.maxptime).toBe(60);
    expect(m.direction).toBe('sendonly');
    expect(m.rtcp).toEqual({ port: 6011, connection: { addressType: 'IP4', address: '192.0.2.7' } });
    expect(m.rtcpMux).toBe(true);
    expect(m.crypto).toEqual([
      {
        tag: 1,
        suite: 'AES_CM_128_HMAC_SHA1_80',
        keyParams: 'inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32',
        sessionParams: ['UNENCRYPTED_SRTCP', 'KDR=1'],
      },
      {
        tag: 2,
        suite: 'AES_CM_128_HMAC_SHA1_32',
        keyParams: 'inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj',
        sessionParams: [],
      },
    ]);
    expect(m.zrtpHash).toEqual({
      version: '1.10',
      hash: 'fe30efd02423cb054e50efd0248742ac7a52c8f91bc2df881ae642c371ba46df',
    });
    // ICE attributes are ignored without error, but not lost.
    expect(m.attributes.map((a) => a.name)).toEqual(['ice-ufrag', 'ice-pwd', 'candidate', 'x-unknown']);
  });

  it('round-trips through serializeSdp, keeping a version above 2^53 exact', () => {
    const first = parseSdp(rich);
    if (!first.ok) throw new Error(first.error.reason);
    const text = serializeSdp(first.value);
    expect(text).toContain('o=twinkle 971731711378798081 18446744073709551615 IN IP6 2001:db8::20\r\n');
    expect(text.endsWith('\r\n')).toBe(true);
    const second = parseSdp(text);
    expect(second).toEqual(first);
  });

  it('interprets only direction and zrtp-hash at session level; keeps the rest verbatim', () => {
    const r = parseSdp(
      crlf(`v=0
o=- 1 1 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=0 0
a=recvonly
a=rtpmap:96 speex/8000
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR
a=zrtp-hash:1.10 00ff
m=audio 4000 RTP/AVP 0`),
    );
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.value.direction).toBe('recvonly');
    expect(r.value.zrtpHash).toEqual({ version: '1.10', hash: '00ff' });
    expect(r.value.attributes.map((a) => a.name)).toEqual(['rtpmap', 'crypto']);
    expect(r.value.media[0]!.direction).toBeUndefined();
  });

  it('accepts bare LF line ends and a trailing empty line', () => {
    const r = parseSdp(
      'v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0\n\n',
    );
    expect(r.ok && r.value.media[0]!.port).toBe(4000);
  });

  it('reads a port count and a media-level c= per stream (RFC 5118 section 4.8 layout)', () => {
    const r = parseSdp(
      crlf(`v=0
o=- 1 1 IN IP4 host.example.com
s=
t=0 0
m=audio 22334/2 RTP/AVP 0
c=IN IP4 192.0.2.1
m=video 6024 RTP/AVP 107
c=IN IP6 2001:db8::1`),
    );
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.value.name).toBe('');
    expect(r.value.connection).toBeUndefined();
    expect(r.value.media.map((m) => [m.port, m.connection?.address])).toEqual([
      [22334, '192.0.2.1'],
      [6024, '2001:db8::1'],
    ]);
  });

  const base = [
    'v=0',
    'o=- 1 1 IN IP4 192.0.2.1',
    's=-',
    'c=IN IP4 192.0.2.1',
    't=0 0',
    'm=audio 4000 RTP/AVP 0',
  ];
  const variant = (edit: (lines: string[]) => void): string => {
    const lines = [...base];
    edit(lines);
    return `${lines.join('\r\n')}\r\n`;
  };
  it.each([
    ['bad-version', variant((l) => l.splice(0, 1))],
    ['bad-version', variant((l) => (l[0] = 'v=1'))],
    ['bad-version', ''],
    ['missing-origin', variant((l) => l.splice(1, 1))],
    ['bad-origin', variant((l) => (l[1] = 'o=- 1 x IN IP4 192.0.2.1'))],
    ['bad-origin', variant((l) => (l[1] = 'o=- 1 1 ATM NSAP 47.0005'))],
    ['missing-session-name', variant((l) => l.splice(2, 1))],
    ['missing-timing', variant((l) => l.splice(4, 1))],
    ['bad-timing', variant((l) => (l[4] = 't=now'))],
    ['bad-connection', variant((l) => (l[3] = 'c=IN IP5 192.0.2.1'))],
    ['missing-connection', variant((l) => l.splice(3, 1))],
    ['bad-media', variant((l) => (l[5] = 'm=audio port RTP/AVP 0'))],
    ['bad-media', variant((l) => (l[5] = 'm=audio 70000 RTP/AVP 0'))],
    ['bad-media', variant((l) => (l[5] = 'm=audio 4000 RTP/AVP'))],
    ['bad-line', variant((l) => l.push('testing=123'))],
    ['bad-line', variant((l) => l.push(' a=sendrecv'))],
    ['duplicate-line', variant((l) => l.push('v=0'))],
    ['duplicate-line', variant((l) => l.splice(2, 0, 'o=- 2 2 IN IP4 192.0.2.1'))],
    ['misplaced-line', variant((l) => l.push('t=0 0'))],
  ])('refuses a body with %s', (code, text) => {
    const r = parseSdp(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('names the offending line', () => {
    const r = parseSdp('v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio x RTP/AVP 0\r\n');
    expect(r.ok ? undefined : r.error).toEqual({
      code: 'bad-media',
      reason: 'malformed m= line: audio x RTP/AVP 0',
      line: 5,
    });
  });

  it('tolerates a rejected stream without formats', () => {
    const r = parseSdp(variant((l) => (l[5] = 'm=video 0 RTP/AVP')));
    expect(r.ok && r.value.media[0]!.formats).toEqual([]);
  });

  it('stays linear on long hostile lines', () => {
    const head = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n';
    const hostile = [
      `m=audio 4000 RTP/AVP ${'0 '.repeat(50_000)}\t`,
      `m=audio 4000 RTP/AVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 ${'x '.repeat(50_000)}\t`,
      `m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 ${'P'.repeat(100_000)}/`,
    ];
    for (const tail of hostile) {
      const started = performance.now();
      parseSdp(`${head}${tail}\r\n`);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it('never throws on mangled input', () => {
    // A deterministic LCG: every run mangles the same way.
    let seed = 0x2545f491;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const alphabet = 'v=oscmta:/ 0123456789INP\r\n-.RTAVPrtpmapfmtpcrypto|\u0000\u00ff';
    for (let round = 0; round < 3000; round++) {
      const chars = [...rich];
      const edits = 1 + rnd(8);
      for (let e = 0; e < edits; e++) {
        const at = rnd(chars.length);
        const op = rnd(3);
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, alphabet[rnd(alphabet.length)]!);
        else chars[at] = alphabet[rnd(alphabet.length)]!;
      }
      const text = chars.join('');
      const r = parseSdp(text);
      if (r.ok) expect(() => serializeSdp(r.value)).not.toThrow();
      else expect(typeof r.error.reason).toBe('string');
    }
  });
});

describe('parseSdp on the SDP bodies of the RFC 4475 and RFC 5118 messages', () => {
  it.each([
    'rfc4475/wsinv.dat',
    'rfc4475/esc01.dat',
    'rfc4475/sdp01.dat',
    'rfc4475/ltgtruri.dat',
    'rfc4475/multi01.dat',
  ])('%s: two streams, one session-level c=', (name) => {
    const r = parseSdp(sipBody(name));
    if (!r.ok) throw new Error(r.error.reason);
    const s = r.value;
    expect(s.origin.username).toBe('mhandley');
    expect(s.origin.sessionId).toBe('29739');
    expect(s.origin.sessionVersion).toBe(7272939n);
    expect(s.media.map((m) => [m.type, m.port, m.formats.join(' ')])).toEqual([
      ['audio', 49217, '0 12'],
      ['video', 3227, '31'],
    ]);
    expect(s.media[1]!.rtpMaps).toEqual([{ payloadType: 31, encoding: 'LPC' }]);
  });

  it('wsinv.dat: c= differs from the o= address', () => {
    const r = parseSdp(sipBody('rfc4475/wsinv.dat'));
    expect(r.ok && [r.value.origin.address, r.value.connection?.address]).toEqual(['192.0.2.3', '192.0.2.4']);
  });

  it('ltgtruri.dat: an NTP start time', () => {
    const r = parseSdp(sipBody('rfc4475/ltgtruri.dat'));
    expect(r.ok && r.value.timing).toEqual({ start: 3149328700, stop: 0 });
  });

  it('inv2543.dat: one PCMU stream', () => {
    const r = parseSdp(sipBody('rfc4475/inv2543.dat'));
    expect(r.ok && r.value.media.map((m) => m.formats)).toEqual([['0']]);
  });

  it('mismatch02.dat: a body without s= and t= is refused', () => {
    const r = parseSdp(sipBody('rfc4475/mismatch02.dat'));
    expect(r.ok ? undefined : r.error.code).toBe('missing-session-name');
  });

  it('test.dat: a body with a line that is not <type>=<value> is refused', () => {
    const r = parseSdp(sipBody('rfc4475/test.dat'));
    expect(r.ok ? undefined : r.error).toMatchObject({ code: 'bad-line', line: 2 });
  });

  it.each([
    ['rfc5118/ipv6-in-sdp.dat', '2001:db8::20'],
    ['rfc5118/ipv4-mapped-ipv6.dat', '::ffff:192.0.2.2'],
  ])('%s: c=IN IP6 without brackets', (name, address) => {
    const r = parseSdp(sipBody(name));
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.value.origin).toMatchObject({ sessionId: '971731711378798081', addressType: 'IP6', address });
    expect(r.value.connection).toEqual({ addressType: 'IP6', address });
    expect(r.value.timing).toEqual({ start: 3338481189, stop: 3370017201 });
    expect(r.value.media[0]!.rtpMaps).toEqual([{ payloadType: 2, encoding: 'G726-32', clockRate: 8000 }]);
    expect(r.value.media[1]!.rtpMaps).toEqual([
      { payloadType: 107, encoding: 'H263-1998', clockRate: 90000 },
    ]);
  });

  it('rfc5118/mult-ip-in-sdp.dat: IPv4 audio and IPv6 video, no session c=', () => {
    const r = parseSdp(sipBody('rfc5118/mult-ip-in-sdp.dat'));
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.value.connection).toBeUndefined();
    expect(r.value.media.map((m) => m.connection)).toEqual([
      { addressType: 'IP4', address: '192.0.2.1' },
      { addressType: 'IP6', address: '2001:db8::1' },
    ]);
  });
});
