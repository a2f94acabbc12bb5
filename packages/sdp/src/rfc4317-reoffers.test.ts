import { describe, expect, it } from 'vitest';
import type { CodecCapability } from './codec.js';
import type { LocalMediaOptions } from './local-media.js';
import { parseSdp } from './parse.js';
import { ILBC, PCMA, PCMU, sdp, text } from './rfc4317.test.util.js';
import { SdpSession } from './session.js';

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
describe('RFC 4317 re-offers through an SdpSession', () => {
  const session = (codecs: readonly CodecCapability[]) =>
    new SdpSession({ ...bob(codecs), username: 'bob', sessionId: '2808844564', sessionVersion: 2808844564n });
  const version = (s: string) => /^o=\S+ \S+ (\d+)/m.exec(s)![1];

  it('5.1: no media, then audio added; the version goes up by one', () => {
    const s = session([ILBC]);
    const first = s.receiveOffer(text('5.1 offer'));
    if (!first.ok) throw new Error(first.error.reason);
    expect(version(first.value.sdp)).toBe('2808844564');
    const second = s.receiveOffer(text('5.1 second-offer'));
    if (!second.ok) throw new Error(second.error.reason);
    expect(version(second.value.sdp)).toBe('2808844565');
    expect(second.value.negotiation.audio?.sendCodec?.encoding).toBe('iLBC');
  });

  it('2.5: a re-offer that changes nothing for us is answered with the same version', () => {
    const s = session([ILBC]);
    const first = s.receiveOffer(text('2.5 offer'));
    const second = s.receiveOffer(text('2.5 second-offer'));
    if (!first.ok || !second.ok) throw new Error('refused');
    expect(second.value.sdp).toBe(first.value.sdp);
    expect(second.value.negotiation.audio).toMatchObject({
      remoteAddress: 'newhost.biloxi.example.com',
      remotePort: 49178,
    });
  });

  it('2.2: the second offer narrows to PCMU; the declined video stays with port 0', () => {
    const s = session([PCMU, PCMA]);
    s.receiveOffer(text('2.2 offer'));
    const second = s.receiveOffer(text('2.2 second-offer'));
    if (!second.ok) throw new Error(second.error.reason);
    const answer = sdp('2.2 second-answer');
    const ours = parseSdp(second.value.sdp);
    if (!ours.ok) throw new Error(ours.error.reason);
    expect(ours.value.media.map((m) => [m.type, m.port === 0, m.formats])).toEqual(
      answer.media.map((m) => [m.type, m.port === 0, m.formats]),
    );
    expect(version(second.value.sdp)).toBe('2808844565');
  });

  it('4.3: our hold re-offer keeps the rejected video m= line, and applies the RFC answer', () => {
    const s = session([ILBC]);
    s.receiveOffer(text('4.3 offer'));
    const offer = parseSdp(s.hold());
    if (!offer.ok) throw new Error(offer.error.reason);
    expect(offer.value.media.map((m) => [m.type, m.port, m.direction])).toEqual([
      ['audio', 49172, 'sendonly'],
      ['video', 0, undefined],
    ]);
    expect(offer.value.origin.sessionVersion).toBe(2808844565n);
    const applied = s.applyAnswer(text('4.3 second-answer'));
    expect(applied.ok && applied.value.audio).toMatchObject({
      direction: 'sendonly',
      send: true,
      receive: false,
      localHold: true,
      remoteHold: false,
    });
  });

  it('2.7: a second video codec offered; the video stays rejected, with the new format list', () => {
    const s = session([ILBC]);
    const first = s.receiveOffer(text('2.7 offer'));
    const second = s.receiveOffer(text('2.7 second-offer'));
    if (!first.ok || !second.ok) throw new Error('refused');
    expect(first.value.sdp).toContain('m=audio 49172 RTP/AVP 99\r\n');
    expect(second.value.sdp).toContain('m=video 0 RTP/AVP 31 32\r\n');
    expect(version(second.value.sdp)).toBe('2808844565');
  });

  it('4.2: video added by a re-offer is declined, audio goes on', () => {
    const s = session([PCMU]);
    s.receiveOffer(text('4.2 offer'));
    const second = s.receiveOffer(text('4.2 second-offer'));
    if (!second.ok) throw new Error(second.error.reason);
    const ours = sdp('4.2 second-answer');
    const answer = parseSdp(second.value.sdp);
    if (!answer.ok) throw new Error(answer.error.reason);
    expect(answer.value.media.map((m) => [m.type, m.formats])).toEqual(
      ours.media.map((m) => [m.type, m.formats]),
    );
    expect(answer.value.media.map((m) => m.port)).toEqual([49172, 0]);
    expect(second.value.negotiation.audio?.sendCodec?.payloadType).toBe(0);
  });

  it('4.1: an events stream added by the answerer is declined; the audio stream is kept', () => {
    const alice = new SdpSession({
      address: 'host.atlanta.example.com',
      port: 49170,
      codecs: [PCMU, ILBC],
      telephoneEvent: false,
      username: 'alice',
      sessionId: '2890844526',
      sessionVersion: 2890844526n,
    });
    // Our offer is the RFC's, but for s=- and an explicit a=sendrecv.
    expect(alice.createOffer()).toBe(
      text('4.1 offer')
        .replace('s= ', 's=-')
        .replace('a=rtpmap:97 iLBC/8000\r\n', 'a=rtpmap:97 iLBC/8000\r\na=sendrecv\r\n'),
    );
    const applied = alice.applyAnswer(text('4.1 answer'));
    expect(applied.ok && applied.value.audio?.sendCodec?.payloadType).toBe(97);
    const second = alice.receiveOffer(text('4.1 second-offer'));
    if (!second.ok) throw new Error(second.error.reason);
    const answer = parseSdp(second.value.sdp);
    if (!answer.ok) throw new Error(answer.error.reason);
    expect(answer.value.media.map((m) => [m.port, m.formats])).toEqual([
      [49170, ['97']],
      [0, ['98']],
    ]);
    expect(answer.value.origin.sessionVersion).toBe(2890844527n);
  });

  it('5.2: the black-holed offerer reconnects; the answer no longer says recvonly', () => {
    const s = session([ILBC]);
    const first = s.receiveOffer(text('5.2 offer'));
    const second = s.receiveOffer(text('5.2 second-offer'));
    if (!first.ok || !second.ok) throw new Error('refused');
    expect(first.value.negotiation.audio?.send).toBe(false);
    expect(second.value.negotiation.audio).toMatchObject({
      remoteAddress: 'host.atlanta.example.com',
      send: true,
      receive: true,
    });
    expect(second.value.sdp).toContain('a=sendrecv\r\n');
  });

  it('5.3: the answerer reconnects by a re-offer; we send again', () => {
    const alice = new SdpSession({
      address: 'host.atlanta.example.com',
      port: 49170,
      codecs: [ILBC],
      telephoneEvent: false,
      sessionId: '2890844526',
    });
    alice.createOffer();
    const blackHoled = alice.applyAnswer(text('5.3 answer'));
    expect(blackHoled.ok && blackHoled.value.audio?.send).toBe(false);
    const resumed = alice.receiveOffer(text('5.3 second-offer'));
    expect(resumed.ok && resumed.value.negotiation.audio).toMatchObject({ send: true, remotePort: 49172 });
    expect(resumed.ok && resumed.value.sdp).toContain('m=audio 49170 RTP/AVP 97\r\n');
  });

  it('3.1: held by the answer, then taken off hold by a re-offer', () => {
    const alice = new SdpSession({
      address: 'host.atlanta.example.com',
      port: 49170,
      codecs: [PCMU, ILBC],
      telephoneEvent: false,
      username: 'alice',
      sessionId: '2890844526',
      sessionVersion: 2890844526n,
    });
    const offer = alice.createOffer();
    expect(offer).toContain('m=audio 49170 RTP/AVP 0 97\r\n');
    const held = alice.applyAnswer(text('3.1 answer'));
    expect(held.ok && held.value.audio?.remoteHold).toBe(true);
    alice.update({ port: 49178 });
    const resumed = alice.receiveOffer(text('3.1 second-offer'));
    if (!resumed.ok) throw new Error(resumed.error.reason);
    expect(resumed.value.negotiation.audio).toMatchObject({ send: true, receive: true, remoteHold: false });
    expect(resumed.value.sdp).toContain('o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com\r\n');
    expect(resumed.value.sdp).toContain('m=audio 49178 RTP/AVP 97\r\n');
  });
});
