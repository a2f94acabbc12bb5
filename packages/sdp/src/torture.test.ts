import { describe, expect, it } from 'vitest';
import { sipBody } from './fixtures.test.util.js';
import { SdpSession } from './session.js';

/** Answers the SDP offers carried by the RFC 4475 and RFC 5118 messages. */
const phone = () =>
  new SdpSession({
    address: '192.0.2.200',
    port: 8000,
    sessionId: '4242',
    codecs: [
      { encoding: 'G726-32', clockRate: 8000 },
      { encoding: 'PCMA', clockRate: 8000 },
      { encoding: 'PCMU', clockRate: 8000 },
    ],
  });

describe('answering the offers of the torture messages', () => {
  it.each([
    'rfc4475/wsinv.dat',
    'rfc4475/esc01.dat',
    'rfc4475/sdp01.dat',
    'rfc4475/ltgtruri.dat',
    'rfc4475/multi01.dat',
  ])('%s: PCMU accepted, the LPC video rejected with port 0', (name) => {
    const r = phone().receiveOffer(sipBody(name));
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.value.sdp).toContain('m=audio 8000 RTP/AVP 0\r\n');
    expect(r.value.sdp).toContain('m=video 0 RTP/AVP 31\r\n');
    expect(r.value.negotiation.audio).toMatchObject({ remotePort: 49217, sendCodec: { payloadType: 0 } });
  });

  it('rfc4475/inv2543.dat: a one-stream PCMU offer without rtpmap', () => {
    const r = phone().receiveOffer(sipBody('rfc4475/inv2543.dat'));
    expect(r.ok && r.value.negotiation.audio?.remoteAddress).toBe('192.0.2.5');
  });

  it.each(['rfc4475/mismatch02.dat', 'rfc4475/test.dat'])('%s: the body is refused, not answered', (name) => {
    expect(phone().receiveOffer(sipBody(name)).ok).toBe(false);
  });

  it.each([
    ['rfc5118/ipv6-in-sdp.dat', '2001:db8::20'],
    ['rfc5118/ipv4-mapped-ipv6.dat', '::ffff:192.0.2.2'],
  ])('%s: G726-32 audio to an IPv6 address, H.263 video rejected', (name, address) => {
    const r = phone().receiveOffer(sipBody(name));
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.value.negotiation.audio).toMatchObject({
      remoteAddress: address,
      remoteAddressType: 'IP6',
      remotePort: 6000,
      sendCodec: { payloadType: 2, encoding: 'G726-32' },
    });
    expect(r.value.sdp).toContain('m=video 0 RTP/AVP 107\r\n');
  });

  it('rfc5118/mult-ip-in-sdp.dat: the media-level IPv4 address of the audio stream', () => {
    const r = phone().receiveOffer(sipBody('rfc5118/mult-ip-in-sdp.dat'));
    expect(r.ok && r.value.negotiation.audio).toMatchObject({
      remoteAddress: '192.0.2.1',
      remotePort: 22334,
    });
  });
});
