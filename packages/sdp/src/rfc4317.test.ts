import { describe, expect, it } from 'vitest';
import { answerOffer } from './answer.js';
import type { CodecCapability } from './codec.js';
import type { LocalMediaOptions } from './local-media.js';
import type { Origin } from './model.js';
import { applyAnswer, type PendingOffer } from './offer.js';
import { parseSdp } from './parse.js';
import { examples, ILBC, PCMA, PCMU, sdp, text } from './rfc4317.test.util.js';
import { serializeSdp } from './serialize.js';

/** Alice's offer of sections 2.x as our pending offer: PCMU 0, PCMA 8, iLBC 97. */
const alicePending = (key: string): PendingOffer<CodecCapability> => ({
  offer: sdp(key),
  audioIndex: 0,
  codecs: [
    { payloadType: 0, capability: PCMU },
    { payloadType: 8, capability: PCMA },
    { payloadType: 97, capability: ILBC },
  ],
  want: { send: true, receive: true },
  localHold: false,
});

const bob = (
  codecs: readonly CodecCapability[],
  extra: Partial<LocalMediaOptions> = {},
): LocalMediaOptions => ({
  address: 'host.biloxi.example.com',
  port: 49172,
  codecs,
  telephoneEvent: false,
  ...extra,
});
const bobOrigin: Origin = {
  username: 'bob',
  sessionId: '2808844564',
  sessionVersion: 2808844564n,
  addressType: 'IP4',
  address: 'host.biloxi.example.com',
};

describe('RFC 4317 bodies', () => {
  it('has all 54 bodies of the RFC', () => {
    expect(examples.size).toBe(54);
  });

  it.each([...examples.keys()])('%s parses and serializes back byte for byte', (key) => {
    const r = parseSdp(text(key));
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.value.name).toBe(' ');
    expect(serializeSdp(r.value)).toBe(text(key));
  });
});

describe('RFC 4317 answers applied by the offerer (Alice)', () => {
  const apply = (section: string) => {
    const r = applyAnswer(alicePending(`${section} offer`), sdp(`${section} answer`), bob([]));
    if (!r.ok) throw new Error(r.error.reason);
    return r.value;
  };

  it('2.1: one codec accepted; send and receive PCMU', () => {
    const a = apply('2.1').audio!;
    expect(a.sendCodec).toMatchObject({ payloadType: 0, encoding: 'PCMU', capability: PCMU });
    expect([...a.receiveCodecs.keys()]).toEqual([0]);
    expect([a.remoteAddress, a.remotePort, a.remoteRtcpAddress, a.remoteRtcpPort]).toEqual([
      'host.biloxi.example.com',
      49174,
      'host.biloxi.example.com',
      49175,
    ]);
    expect([a.direction, a.send, a.receive, a.remoteHold]).toEqual(['sendrecv', true, true, false]);
  });

  it('2.2: two codecs accepted, in our preference order', () => {
    const a = apply('2.2').audio!;
    expect(a.sendCodecs.map((c) => c.payloadType)).toEqual([0, 8]);
    expect([...a.receiveCodecs.keys()]).toEqual([0, 8]);
  });

  it("2.2: the offerer's order of preference can be the answerer's", () => {
    const r = applyAnswer(
      alicePending('2.2 offer'),
      {
        ...sdp('2.2 answer'),
        media: [{ ...sdp('2.2 answer').media[0]!, formats: ['8', '0'] }, sdp('2.2 answer').media[1]!],
      },
      bob([], { preference: 'remote' }),
    );
    expect(r.ok && r.value.audio!.sendCodecs.map((c) => c.encoding)).toEqual(['PCMA', 'PCMU']);
  });

  it('2.3: iLBC is 97 in the offer and 99 in the answer: send with 99, receive with 97', () => {
    const a = apply('2.3').audio!;
    expect(a.sendCodec).toMatchObject({ payloadType: 99, encoding: 'iLBC', capability: ILBC });
    expect([...a.receiveCodecs]).toEqual([
      [97, expect.objectContaining({ payloadType: 97, encoding: 'iLBC' })],
    ]);
  });

  it('2.4: the audio stream is the first; the events-only stream is not ours', () => {
    const a = apply('2.4').audio!;
    expect([a.mediaIndex, a.sendCodec?.payloadType, a.remotePort]).toEqual([0, 97, 49172]);
  });

  it('2.8: audio address of the session', () => {
    const a = apply('2.8').audio!;
    expect([a.remoteAddress, a.remotePort]).toEqual(['host.biloxi.example.com', 49174]);
  });

  it('3.1: a sendonly answer holds us: we receive but do not send', () => {
    const a = apply('3.1').audio!;
    expect([a.direction, a.send, a.receive, a.remoteHold]).toEqual(['recvonly', false, true, true]);
    expect(a.remoteAddress).toBe('placeholder.biloxi.example.com');
  });

  it('5.3: an answer with c=0.0.0.0 (black hole) means we must not send', () => {
    const a = apply('5.3').audio!;
    expect([a.send, a.receive, a.remoteHold]).toEqual([false, true, true]);
  });

  it('refuses an answer whose m= line count differs from the offer', () => {
    const r = applyAnswer(alicePending('2.1 offer'), sdp('3.1 answer'), bob([]));
    expect(r.ok ? undefined : r.error.code).toBe('media-count');
  });

  it('a rejected audio stream gives no audio', () => {
    const r = applyAnswer(alicePending('2.6 offer'), sdp('2.6 answer'), bob([]));
    expect(r.ok && r.value.audio).toBeUndefined();
  });
});

describe('RFC 4317 offers answered by us (Bob)', () => {
  const answer = (key: string, options: LocalMediaOptions) =>
    answerOffer(sdp(key), options, { origin: bobOrigin, localHold: false });

  it('2.1: PCMU accepted, video rejected with port 0 and its formats', () => {
    const { answer: a, negotiation } = answer('2.1 offer', bob([PCMU]));
    expect(a.media.map((m) => [m.type, m.port, m.formats.join(' ')])).toEqual([
      ['audio', 49172, '0'],
      ['video', 0, '31 32'],
    ]);
    expect(negotiation.audio?.sendCodec?.payloadType).toBe(0);
    expect(serializeSdp(a)).toContain('m=video 0 RTP/AVP 31 32\r\n');
  });

  it('2.2: the answer lists the two codecs we share, as the RFC answer does', () => {
    const { answer: a } = answer('2.2 offer', bob([PCMU, PCMA]));
    expect(a.media[0]!.formats).toEqual(sdp('2.2 answer').media[0]!.formats);
    expect(a.media[1]!.port).toBe(0);
  });

  it('2.3: answering with our own payload type 99 keeps the mapping per direction', () => {
    const { answer: a, negotiation } = answer(
      '2.3 offer',
      bob([{ ...ILBC, payloadType: 99 }], { answerPayloadTypes: 'local' }),
    );
    expect(a.media[0]!.formats).toEqual(['99']);
    expect(a.media[0]!.rtpMaps).toEqual([{ payloadType: 99, encoding: 'iLBC', clockRate: 8000 }]);
    expect(negotiation.audio?.sendCodec?.payloadType).toBe(97);
    expect([...negotiation.audio!.receiveCodecs.keys()]).toEqual([99]);
  });

  it('2.6: the PCMU stream is declined and the iLBC + telephone-event stream accepted', () => {
    const { answer: a, negotiation } = answer('2.6 offer', bob([ILBC], { telephoneEvent: {} }));
    const rfc = sdp('2.6 answer');
    expect(a.media.map((m) => [m.port === 0, m.formats])).toEqual(
      rfc.media.map((m) => [m.port === 0, m.formats]),
    );
    const audio = negotiation.audio!;
    expect(audio.mediaIndex).toBe(1);
    // No fmtp in the offer: RFC 4733 section 7.1.1 means events 0-15.
    expect(audio.sendTelephoneEvent).toEqual({ payloadType: 101, clockRate: 8000, events: '0-15' });
    expect(audio.receiveTelephoneEvent).toEqual({ payloadType: 101, clockRate: 8000, events: '0-15' });
  });

  it('2.4: we take one audio stream; the events-only stream is declined', () => {
    const { answer: a } = answer('2.4 offer', bob([ILBC]));
    expect(a.media.map((m) => [m.port, m.formats.join(' ')])).toEqual([
      [49172, '97'],
      [0, '98'],
    ]);
  });

  it('3.2 second offer: a sendonly audio stream is answered recvonly', () => {
    const { answer: a, negotiation } = answer('3.2 second-offer', bob([PCMU, ILBC]));
    expect(a.media[0]!.direction).toBe('recvonly');
    expect(negotiation.audio).toMatchObject({ send: false, receive: true, remoteHold: true });
  });

  it('5.2: an offer with c=0.0.0.0 is answered recvonly; nothing is sent to it', () => {
    const { answer: a, negotiation } = answer('5.2 offer', bob([ILBC]));
    expect(a.media[0]!.direction).toBe('recvonly');
    expect(negotiation.audio).toMatchObject({ remoteAddress: '0.0.0.0', send: false, remoteHold: true });
  });

  it('5.1: an offer without media is answered without media (RFC 3725 flow IV)', () => {
    const { answer: a, negotiation } = answer('5.1 offer', bob([ILBC]));
    expect(a.media).toEqual([]);
    expect(negotiation.audio).toBeUndefined();
    expect(serializeSdp(a)).not.toContain('m=');
  });
});
