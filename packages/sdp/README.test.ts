// The README's usage example, run as a test: the same code, with assertions
// where the README prints.

import { parseSdp, SdpSession } from '@twinkle/sdp';
import { describe, expect, it } from 'vitest';

describe('README example', () => {
  it('offers, answers and applies the answer', () => {
    const alice = new SdpSession({
      address: '192.0.2.1',
      port: 40000,
      sessionId: '3724394400',
      codecs: [
        { encoding: 'PCMA', clockRate: 8000 },
        { encoding: 'PCMU', clockRate: 8000 },
        { encoding: 'speex', clockRate: 8000 },
      ],
      ptime: 20,
    });
    const bob = new SdpSession({
      address: '192.0.2.2',
      port: 50000,
      sessionId: '3724394500',
      codecs: [{ encoding: 'PCMU', clockRate: 8000 }],
    });

    const offer = alice.createOffer(); // the body of the INVITE
    const answered = bob.receiveOffer(offer); // a Result: never throws on what arrives
    if (!answered.ok) throw new Error(answered.error.reason); // answer 488 (or 400) instead
    const applied = alice.applyAnswer(answered.value.sdp);
    if (!applied.ok) throw new Error(applied.error.reason);

    const audio = applied.value.audio;
    expect([audio?.sendCodec?.encoding, audio?.sendCodec?.payloadType]).toEqual(['PCMU', 0]);
    expect([audio?.remoteAddress, audio?.remotePort, audio?.remoteRtcpPort]).toEqual([
      '192.0.2.2',
      50000,
      50001,
    ]);
    expect(audio?.sendTelephoneEvent).toEqual({ payloadType: 101, clockRate: 8000, events: '0-15' });
    expect([...(audio?.receiveCodecs.keys() ?? [])]).toEqual([0]);

    const hold = alice.hold(); // a re-offer: a=sendonly, o= version 1
    expect(hold).toContain('a=sendonly\r\n');
    const parsed = parseSdp(hold);
    expect(parsed.ok && parsed.value.origin.sessionVersion).toBe(1n);
  });
});
