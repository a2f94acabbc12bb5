import { describe, expect, it } from 'vitest';
import { exchange, GSM, make, PCMA, PCMU, parsed, SPEEX } from './session.test.util.js';

describe('SdpSession offers', () => {
  it('numbers codecs: static types kept, dynamic from 96, telephone-event 101 with 0-15', () => {
    const s = make({
      codecs: [
        SPEEX,
        { encoding: 'G722', clockRate: 8000 },
        PCMA,
        GSM,
        PCMU,
        { encoding: 'G729', clockRate: 8000 },
      ],
      ptime: 20,
    });
    const offer = s.createOffer();
    expect(offer).toBe(
      [
        'v=0',
        'o=- 1001 0 IN IP4 192.0.2.10',
        's=-',
        'c=IN IP4 192.0.2.10',
        't=0 0',
        'm=audio 40000 RTP/AVP 96 9 8 3 0 18 101',
        'a=rtpmap:96 speex/8000',
        'a=rtpmap:9 G722/8000',
        'a=rtpmap:8 PCMA/8000',
        'a=rtpmap:3 GSM/8000',
        'a=rtpmap:0 PCMU/8000',
        'a=rtpmap:18 G729/8000',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-15',
        'a=ptime:20',
        'a=sendrecv',
        '',
      ].join('\r\n'),
    );
  });

  it('reuses in a re-offer the payload types it answered with (RFC 3264 section 8.3.2)', () => {
    const alice = make({
      codecs: [{ ...SPEEX, payloadType: 98 }, PCMU],
      telephoneEvent: { payloadType: 100 },
    });
    const bob = make({ codecs: [SPEEX, PCMU], sessionId: '2002' });
    const first = exchange(alice, bob);
    expect(parsed(first.answer).media[0]!.formats).toEqual(['98', '0', '100']);
    const reoffer = parsed(bob.hold());
    expect(reoffer.media[0]!.formats).toEqual(['98', '0', '100']);
    // A fresh session numbers the same codecs its own way.
    expect(parsed(make({ codecs: [SPEEX, PCMU] }).createOffer()).media[0]!.formats).toEqual([
      '96',
      '0',
      '101',
    ]);
  });

  it('writes IPv6 addresses as IN IP6', () => {
    const offer = make({ codecs: [PCMU], address: '2001:db8::5' }).createOffer();
    expect(offer).toContain('o=- 1001 0 IN IP6 2001:db8::5\r\n');
    expect(offer).toContain('c=IN IP6 2001:db8::5\r\n');
  });

  it('keeps the version when an offer repeats itself and raises it by one on a change', () => {
    const a = make({ codecs: [PCMU] });
    const b = make({ codecs: [PCMU], sessionId: '2002' });
    exchange(a, b);
    const same = exchange(a, b);
    expect(parsed(same.offer).origin.sessionVersion).toBe(0n);
    a.update({ port: 40002 });
    a.update({ address: '192.0.2.99' });
    const moved = exchange(a, b);
    // Only the version of o= changes within a session (RFC 3264 section 8), not its address.
    expect(parsed(moved.offer).origin).toMatchObject({ sessionVersion: 1n, address: '192.0.2.10' });
    expect(parsed(moved.offer).connection?.address).toBe('192.0.2.99');
    expect(parsed(a.hold()).origin.sessionVersion).toBe(2n);
  });
});

describe('SdpSession negotiation', () => {
  it("answers in our preference order by default, in the offerer's when configured", () => {
    const alice = make({ codecs: [PCMA, PCMU, GSM] });
    const mine = exchange(alice, make({ codecs: [GSM, PCMU] }));
    expect(parsed(mine.answer).media[0]!.formats).toEqual(['3', '0', '101']);
    expect(mine.answerer.audio?.sendCodec?.encoding).toBe('GSM');
    const theirs = exchange(
      make({ codecs: [PCMA, PCMU, GSM] }),
      make({ codecs: [GSM, PCMU], preference: 'remote' }),
    );
    expect(parsed(theirs.answer).media[0]!.formats).toEqual(['0', '3', '101']);
    expect(theirs.answerer.audio?.sendCodec?.encoding).toBe('PCMU');
  });

  it('keeps payload types per direction when the answerer numbers codecs its own way', () => {
    const alice = make({ codecs: [SPEEX, PCMU], telephoneEvent: { payloadType: 101 } });
    const bob = make({
      codecs: [{ ...SPEEX, payloadType: 110 }, PCMU],
      telephoneEvent: { payloadType: 120 },
      answerPayloadTypes: 'local',
    });
    const { offerer, answerer } = exchange(alice, bob);
    // Alice listed speex as 96, Bob as 110: each sends with the other's number.
    expect(offerer.audio?.sendCodec?.payloadType).toBe(110);
    expect([...offerer.audio!.receiveCodecs.keys()]).toEqual([96, 0]);
    expect(answerer.audio?.sendCodec?.payloadType).toBe(96);
    expect([...answerer.audio!.receiveCodecs.keys()]).toEqual([110, 0]);
    expect(offerer.audio?.sendTelephoneEvent?.payloadType).toBe(120);
    expect(offerer.audio?.receiveTelephoneEvent?.payloadType).toBe(101);
    expect(answerer.audio?.sendTelephoneEvent?.payloadType).toBe(101);
    expect(answerer.audio?.receiveTelephoneEvent?.payloadType).toBe(120);
  });

  it('matches encoding names case-insensitively and channels exactly', () => {
    const bob = make({ codecs: [{ encoding: 'L16', clockRate: 44100, channels: 2 }, PCMU] });
    const offer = [
      'v=0',
      'o=- 1 1 IN IP4 192.0.2.1',
      's=-',
      'c=IN IP4 192.0.2.1',
      't=0 0',
      'm=audio 5000 RTP/AVP 11 96 97',
      'a=rtpmap:96 pcmu/8000',
      'a=rtpmap:97 L16/44100/2',
      '',
    ].join('\r\n');
    const r = bob.receiveOffer(offer);
    if (!r.ok) throw new Error(r.error.reason);
    // 11 is L16 mono by the static table: not our stereo L16.
    expect(r.value.negotiation.audio?.sendCodecs.map((c) => [c.payloadType, c.channels])).toEqual([
      [97, 2],
      [96, 1],
    ]);
    expect(r.value.sdp).toContain('a=rtpmap:97 L16/44100/2\r\n');
  });

  it('leaves out a dynamic payload type without rtpmap', () => {
    const bob = make({ codecs: [SPEEX, PCMU] });
    const r = bob.receiveOffer(
      'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 96 0\r\n',
    );
    expect(r.ok && r.value.negotiation.audio?.sendCodecs.map((c) => c.encoding)).toEqual(['PCMU']);
  });

  it('uses the fmtp comparator of a capability (iLBC mode)', () => {
    const mode = (f: string | undefined) => /mode=(\d+)/.exec(f ?? '')?.[1] ?? '30';
    const ilbc30 = {
      encoding: 'iLBC',
      clockRate: 8000,
      fmtp: 'mode=30',
      fmtpMatches: (l?: string, r?: string) => mode(l) === mode(r),
    };
    const offer = (m: string) =>
      `v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 97 0\r\na=rtpmap:97 iLBC/8000\r\na=fmtp:97 mode=${m}\r\n`;
    const twenty = make({ codecs: [ilbc30, PCMU] }).receiveOffer(offer('20'));
    expect(twenty.ok && twenty.value.negotiation.audio?.sendCodec?.encoding).toBe('PCMU');
    const thirty = make({ codecs: [ilbc30, PCMU] }).receiveOffer(offer('30'));
    if (!thirty.ok) throw new Error(thirty.error.reason);
    expect(thirty.value.negotiation.audio?.sendCodec).toMatchObject({
      encoding: 'iLBC',
      remoteFmtp: 'mode=30',
    });
    expect(thirty.value.sdp).toContain('a=fmtp:97 mode=30\r\n');
  });

  it('intersects telephone-event ranges, and drops the format when nothing is common', () => {
    const alice = make({ codecs: [PCMU], telephoneEvent: { events: '0-16,32' } });
    const bob = make({ codecs: [PCMU], telephoneEvent: { events: '0-11,16,32-40' } });
    const { answer, offerer, answerer } = exchange(alice, bob);
    expect(answer).toContain('a=fmtp:101 0-11,16,32\r\n');
    expect(offerer.audio?.sendTelephoneEvent?.events).toBe('0-11,16,32');
    expect(answerer.audio?.receiveTelephoneEvent?.events).toBe('0-11,16,32');
    const none = exchange(
      make({ codecs: [PCMU], telephoneEvent: { events: '16' } }),
      make({ codecs: [PCMU] }),
    );
    expect(none.answer).not.toContain('telephone-event');
    expect(none.offerer.audio?.sendTelephoneEvent).toBeUndefined();
    const off = exchange(make({ codecs: [PCMU], telephoneEvent: false }), make({ codecs: [PCMU] }));
    expect(off.offer).not.toContain('telephone-event');
  });

  it('reports ptime, maxptime, rtcp and rtcp-mux', () => {
    const alice = make({ codecs: [PCMU], ptime: 20, maxptime: 40, rtcpPort: 40009 });
    const bob = make({ codecs: [PCMU], address: '192.0.2.20', port: 50000, ptime: 30 });
    const plain = exchange(alice, bob);
    expect(plain.offer).toContain('a=rtcp:40009\r\n');
    expect(plain.answerer.audio).toMatchObject({
      remotePort: 40000,
      remoteRtcpPort: 40009,
      rtcpMux: false,
      sendPtime: 20,
      sendMaxptime: 40,
      receivePtime: 30,
    });
    expect(plain.offerer.audio).toMatchObject({
      remoteAddress: '192.0.2.20',
      remoteRtcpPort: 50001,
      sendPtime: 30,
    });
    const muxed = exchange(
      make({ codecs: [PCMU], rtcpMux: true, rtcpPort: 40009 }),
      make({ codecs: [PCMU], port: 50000, rtcpMux: true }),
    );
    expect(muxed.offer).toContain('a=rtcp-mux\r\n');
    expect(muxed.offer).not.toContain('a=rtcp:');
    expect(muxed.offerer.audio).toMatchObject({ rtcpMux: true, remoteRtcpPort: 50000 });
    const refused = exchange(make({ codecs: [PCMU], rtcpMux: true }), make({ codecs: [PCMU] }));
    expect(refused.answer).not.toContain('rtcp-mux');
    expect(refused.offerer.audio?.rtcpMux).toBe(false);
  });

  it('exchanges a=zrtp-hash', () => {
    const hash = (c: string) => ({ version: '1.10', hash: c.repeat(64) });
    const { offer, answer, offerer, answerer } = exchange(
      make({ codecs: [PCMU], zrtpHash: hash('a') }),
      make({ codecs: [PCMU], zrtpHash: hash('b') }),
    );
    expect(offer).toContain(`a=zrtp-hash:1.10 ${'a'.repeat(64)}\r\n`);
    expect(answer).toContain(`a=zrtp-hash:1.10 ${'b'.repeat(64)}\r\n`);
    expect(offerer.audio?.remoteZrtpHash).toEqual(hash('b'));
    expect(answerer.audio?.remoteZrtpHash).toEqual(hash('a'));
  });
});
