import { describe, expect, it } from 'vitest';
import { make, PCMA, PCMU } from './session.test.util.js';

const answerFrom = (address: string, port: number, pt: number, name: string) =>
  [
    'v=0',
    `o=- 7 1 IN IP4 ${address}`,
    's=-',
    `c=IN IP4 ${address}`,
    't=0 0',
    `m=audio ${port} RTP/AVP ${pt}`,
    `a=rtpmap:${pt} ${name}/8000`,
    '',
  ].join('\r\n');

describe('a second answer to the same offer (forks, a 2xx revising early media)', () => {
  it('replaces the negotiated remote address and codec', () => {
    const s = make({ codecs: [PCMU, PCMA] });
    s.createOffer();
    const early = s.applyAnswer(answerFrom('192.0.2.1', 5000, 0, 'PCMU'));
    expect(early.ok && early.value.audio?.remotePort).toBe(5000);
    // Without an offer pending, applyAnswer refuses; reviseAnswer takes the other fork's answer.
    expect(s.applyAnswer(answerFrom('192.0.2.2', 6000, 8, 'PCMA'))).toMatchObject({ ok: false });
    const revised = s.reviseAnswer(answerFrom('192.0.2.2', 6000, 8, 'PCMA'));
    expect(revised.ok).toBe(true);
    if (!revised.ok) return;
    expect(revised.value.audio).toMatchObject({ remoteAddress: '192.0.2.2', remotePort: 6000 });
    expect(revised.value.audio?.sendCodec?.encoding).toBe('PCMA');
    expect(s.negotiation?.audio?.remotePort).toBe(6000);
  });

  it('needs an answered offer of ours, and a usable answer', () => {
    const s = make({ codecs: [PCMU] });
    expect(s.reviseAnswer(answerFrom('192.0.2.2', 6000, 0, 'PCMU'))).toMatchObject({
      ok: false,
      error: { code: 'no-offer' },
    });
    s.createOffer();
    s.applyAnswer(answerFrom('192.0.2.1', 5000, 0, 'PCMU'));
    expect(s.reviseAnswer('not sdp')).toMatchObject({ ok: false });
    expect(s.negotiation?.audio?.remotePort).toBe(5000);
  });
});
