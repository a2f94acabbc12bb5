import { describe, expect, it } from 'vitest';
import { answerOffer } from './answer.js';
import type { CryptoAttribute } from './model.js';
import { parseSdp } from './parse.js';
import { serializeSdp } from './serialize.js';
import { exchange, make, PCMU, parsed } from './session.test.util.js';

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

  it('adds a=inactive to c=0.0.0.0 when the RFC 2543 hold meets a remote hold', () => {
    const alice = make({ codecs: [PCMU], holdVariant: 'rfc2543' });
    const bob = make({ codecs: [PCMU], sessionId: '2002' });
    exchange(alice, bob);
    exchange(bob, alice, bob.hold());
    const both = exchange(alice, bob, alice.hold());
    expect(both.offer).toContain('c=IN IP4 0.0.0.0\r\n');
    expect(both.offer).toContain('a=inactive\r\n');
    expect(both.answerer.audio).toMatchObject({ send: false, receive: false });
  });

  it('offers a disabled stream when it has nothing to offer', () => {
    const offer = make({ codecs: [], telephoneEvent: false }).createOffer();
    expect(offer).toContain('m=audio 0 RTP/AVP 0\r\n');
    expect(parseSdp(offer).ok).toBe(true);
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
