import { describe, expect, it } from 'vitest';
import { answerOffer } from './answer.js';
import type { CodecCapability } from './codec.js';
import type { CryptoAttribute } from './model.js';
import { parseSdp } from './parse.js';
import { serializeSdp } from './serialize.js';
import { SdpSession, type SdpSessionOptions } from './session.js';

const PCMU = { encoding: 'PCMU', clockRate: 8000 };
const PCMA = { encoding: 'PCMA', clockRate: 8000 };
const GSM = { encoding: 'GSM', clockRate: 8000 };
const SPEEX = { encoding: 'speex', clockRate: 8000 };

const make = <C extends CodecCapability>(o: Partial<SdpSessionOptions<C>> & { codecs: readonly C[] }) =>
  new SdpSession<C>({ address: '192.0.2.10', port: 40000, sessionId: '1001', ...o });

const parsed = (text: string) => {
  const r = parseSdp(text);
  if (!r.ok) throw new Error(r.error.reason);
  return r.value;
};

/** Runs one offer/answer exchange from `a` to `b`; returns both sides' negotiations. */
function exchange<C extends CodecCapability>(a: SdpSession<C>, b: SdpSession<C>, offer = a.createOffer()) {
  const answered = b.receiveOffer(offer);
  if (!answered.ok) throw new Error(answered.error.reason);
  const applied = a.applyAnswer(answered.value.sdp);
  if (!applied.ok) throw new Error(applied.error.reason);
  return { offer, answer: answered.value.sdp, offerer: applied.value, answerer: answered.value.negotiation };
}

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
    const moved = exchange(a, b);
    expect(parsed(moved.offer).origin.sessionVersion).toBe(1n);
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

describe('SdpSession SDES-SRTP (RFC 4568)', () => {
  const line = (tag: number, suite: string, key: string): CryptoAttribute => ({
    tag,
    suite,
    keyParams: `inline:${key}`,
    sessionParams: [],
  });
  const offered = [
    line(1, 'AES_CM_128_HMAC_SHA1_80', 'WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz'),
    line(2, 'AES_CM_128_HMAC_SHA1_32', 'KZ7i3Sb0Mgm/xTE6s1h/pDAYl8DlO7tIHyrOWUv0'),
  ];
  const bobKey = 'PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR';
  const pick32 = (lines: readonly CryptoAttribute[]) => {
    const l = lines.find((c) => c.suite === 'AES_CM_128_HMAC_SHA1_32');
    return l && line(l.tag, l.suite, bobKey);
  };

  it('offers RTP/SAVP with our lines and agrees on the line the answerer picked', () => {
    const alice = make({ codecs: [PCMU], srtp: { offer: offered, answer: () => undefined, required: true } });
    const bob = make({ codecs: [PCMU], srtp: { offer: [], answer: pick32 } });
    const { offer, answer, offerer, answerer } = exchange(alice, bob);
    expect(offer).toContain('m=audio 40000 RTP/SAVP 0 101\r\n');
    expect(offer).toContain(
      `a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:${offered[1]!.keyParams.slice(7)}\r\n`,
    );
    expect(answer).toContain(`a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:${bobKey}\r\n`);
    expect(offerer.audio).toMatchObject({
      protocol: 'RTP/SAVP',
      localCrypto: offered[1],
      remoteCrypto: { tag: 2 },
    });
    expect(answerer.audio).toMatchObject({ localCrypto: { tag: 2 }, remoteCrypto: offered[1] });
  });

  it('rejects an RTP/SAVP stream without an acceptable crypto line', () => {
    const alice = make({ codecs: [PCMU], srtp: { offer: offered, answer: () => undefined, required: true } });
    const offer = alice.createOffer();
    const refused = make({ codecs: [PCMU] }).receiveOffer(offer);
    expect(refused.ok ? undefined : refused.error.code).toBe('not-acceptable');
    const { answer, negotiation } = answerOffer(
      parsed(offer),
      { address: '192.0.2.20', port: 5000, codecs: [PCMU] },
      {
        origin: parsed(offer).origin,
        localHold: false,
      },
    );
    expect(serializeSdp(answer)).toContain('m=audio 0 RTP/SAVP 0 101\r\n');
    expect(negotiation.audio).toBeUndefined();
  });
});

describe('SdpSession hold', () => {
  it('holds with sendonly and resumes with sendrecv (RFC 3264 section 8.4)', () => {
    const alice = make({ codecs: [PCMU] });
    const bob = make({ codecs: [PCMU], sessionId: '2002' });
    exchange(alice, bob);
    const held = exchange(alice, bob, alice.hold());
    expect(held.offer).toContain('a=sendonly\r\n');
    expect(held.answer).toContain('a=recvonly\r\n');
    expect(held.offerer.audio).toMatchObject({ send: true, receive: false, localHold: true });
    expect(held.answerer.audio).toMatchObject({ send: false, receive: true, remoteHold: true });
    const resumed = exchange(alice, bob, alice.unhold());
    expect(resumed.offer).toContain('a=sendrecv\r\n');
    expect(resumed.answerer.audio).toMatchObject({ send: true, receive: true, remoteHold: false });
  });

  it('holds a stream the remote already holds with inactive', () => {
    const alice = make({ codecs: [PCMU] });
    const bob = make({ codecs: [PCMU], sessionId: '2002' });
    exchange(alice, bob);
    exchange(bob, alice, bob.hold());
    const both = exchange(alice, bob, alice.hold());
    expect(both.offer).toContain('a=inactive\r\n');
    expect(both.answer).toContain('a=inactive\r\n');
    expect(both.offerer.audio).toMatchObject({ send: false, receive: false });
  });

  it('writes the RFC 2543 hold as c=0.0.0.0 (hold_variant), and the peer sees a hold', () => {
    const alice = make({ codecs: [PCMU], holdVariant: 'rfc2543' });
    const bob = make({ codecs: [PCMU], sessionId: '2002' });
    exchange(alice, bob);
    const held = exchange(alice, bob, alice.hold());
    expect(held.offer).toContain('c=IN IP4 0.0.0.0\r\n');
    expect(held.offer).toContain('o=- 1001 1 IN IP4 192.0.2.10\r\n');
    expect(held.offer).not.toMatch(/a=(sendrecv|sendonly|recvonly|inactive)/);
    expect(held.answerer.audio).toMatchObject({ send: false, remoteHold: true });
    expect(held.offerer.audio).toMatchObject({ send: true, receive: false, localHold: true });
    const resumed = exchange(alice, bob, alice.unhold());
    expect(resumed.offer).toContain('c=IN IP4 192.0.2.10\r\n');
    expect(resumed.answerer.audio?.send).toBe(true);
  });

  it('falls back to a=sendonly for the RFC 2543 variant over IPv6', () => {
    const alice = make({ codecs: [PCMU], holdVariant: 'rfc2543', address: '2001:db8::1' });
    expect(alice.hold()).toContain('a=sendonly\r\n');
  });
});

describe('SdpSession state errors', () => {
  it('refuses an answer without an offer, and an offer while ours is pending (glare)', () => {
    const alice = make({ codecs: [PCMU] });
    const bob = make({ codecs: [PCMU], sessionId: '2002' });
    const stray = alice.applyAnswer(bob.createOffer());
    expect(stray.ok ? undefined : stray.error.code).toBe('no-offer');
    alice.createOffer();
    const glare = alice.receiveOffer(bob.createOffer());
    expect(glare.ok ? undefined : glare.error.code).toBe('offer-pending');
    alice.rollback();
    expect(alice.hasPendingOffer).toBe(false);
    expect(alice.receiveOffer(make({ codecs: [PCMU], sessionId: '3003' }).createOffer()).ok).toBe(true);
  });

  it('keeps the offer pending when the answer is unreadable', () => {
    const alice = make({ codecs: [PCMU] });
    alice.createOffer();
    const bad = alice.applyAnswer('v=0\r\nnonsense\r\n');
    expect(bad.ok ? undefined : bad.error.code).toBe('bad-line');
    expect(alice.hasPendingOffer).toBe(true);
  });

  it('refuses a re-offer with fewer m= lines than the session (RFC 3264 section 8)', () => {
    const bob = make({ codecs: [PCMU] });
    const two =
      'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\nm=video 5002 RTP/AVP 31\r\n';
    expect(bob.receiveOffer(two).ok).toBe(true);
    const one = bob.receiveOffer(two.replace('m=video 5002 RTP/AVP 31\r\n', ''));
    expect(one.ok ? undefined : one.error.code).toBe('media-count');
  });
});

describe('SdpSession unacceptable offers', () => {
  const body = (media: string) =>
    `v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n${media}`;
  it('refuses an offer with no usable stream (488) and leaves the session as it was', () => {
    const bob = make({ codecs: [PCMU] });
    const first = bob.receiveOffer(body('m=audio 5000 RTP/AVP 0\r\n'));
    if (!first.ok) throw new Error(first.error.reason);
    for (const media of [
      'm=audio 5000 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\n',
      'm=video 5002 RTP/AVP 31\r\n',
    ]) {
      const r = bob.receiveOffer(body(media));
      expect(r.ok ? undefined : r.error.code).toBe('not-acceptable');
    }
    expect(bob.negotiation?.audio?.remotePort).toBe(5000);
    const again = bob.receiveOffer(body('m=audio 5000 RTP/AVP 0\r\n'));
    expect(again.ok && again.value.sdp).toBe(first.value.sdp);
  });

  it('answers an offer that disables every stream (port 0) with port 0', () => {
    const bob = make({ codecs: [PCMU] });
    bob.receiveOffer(body('m=audio 5000 RTP/AVP 0\r\n'));
    const r = bob.receiveOffer(body('m=audio 0 RTP/AVP 0\r\n'));
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.value.sdp).toContain('m=audio 0 RTP/AVP 0\r\n');
    expect(r.value.negotiation.audio).toBeUndefined();
  });
});

describe('SdpSession answers per offered direction (RFC 3264 section 6.1)', () => {
  const offer = (session: string, media: string) =>
    `v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n${session}m=audio 5000 RTP/AVP 0\r\n${media}`;
  it.each([
    ['', '', 'sendrecv', true, true, false],
    ['', 'a=sendonly\r\n', 'recvonly', false, true, true],
    ['', 'a=recvonly\r\n', 'sendonly', true, false, false],
    ['', 'a=inactive\r\n', 'inactive', false, false, true],
    ['a=sendonly\r\n', '', 'recvonly', false, true, true],
    ['a=sendonly\r\n', 'a=sendrecv\r\n', 'sendrecv', true, true, false],
  ])('session %j media %j -> %s', (session, media, direction, send, receive, remoteHold) => {
    const r = make({ codecs: [PCMU] }).receiveOffer(offer(session, media));
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.value.sdp).toContain(`a=${direction}\r\n`);
    expect(r.value.negotiation.audio).toMatchObject({ direction, send, receive, remoteHold });
  });
});
