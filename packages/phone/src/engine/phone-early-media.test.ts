/**
 * A callee made of a bare sip-core UserAgent answers our INVITE with 183
 * Session Progress carrying SDP (early media, RFC 3261 13.2.1 preview, or a
 * reliable 1xx with PRACK per RFC 3262): the phone stops its local ringback,
 * reports early-media and hands the early answer to the media layer.
 */

import { SdpSession } from '@twinkle/sdp';
import { createUserAgent, type UserAgent } from '@twinkle/sip-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, type TestPhone, testProfile } from './phone.test.util.js';
import type { Body, SessionDescriptionHandler } from './sip-types.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** The far end's media seam: answers with PCMU on port 50000. */
function farMedia(): SessionDescriptionHandler {
  const sdp = new SdpSession({
    address: '127.0.0.1',
    port: 50000,
    sessionId: '77',
    codecs: [{ encoding: 'PCMU', clockRate: 8000 }],
  });
  const body = (text: string): Body => ({
    contentType: 'application/sdp',
    body: new TextEncoder().encode(text),
  });
  return {
    getOffer: async () => body(sdp.createOffer()),
    getAnswer: async (offer) => {
      const r = sdp.receiveOffer(new TextDecoder().decode(offer.body));
      if (!r.ok) throw new Error(r.error.reason);
      return body(r.value.sdp);
    },
    setAnswer: async () => {},
  };
}

async function farEnd(reliable: 'supported' | 'preferred'): Promise<UserAgent> {
  const ua = await createUserAgent({
    transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
    aor: 'sip:ivr@127.0.0.1',
    reliableProvisional: reliable,
    media: () => farMedia(),
  });
  cleanup.push(() => ua.close());
  return ua;
}

describe('early media', () => {
  it.each(['supported', 'preferred'] as const)(
    '183 with SDP (100rel %s): early-media, no ringback, then answered',
    async (mode) => {
      const far = await farEnd(mode);
      far.onInvite((call) => {
        void call
          .progress({ status: 180 })
          .then(() => call.progress({ status: 183 }))
          .then(() => new Promise((r) => setTimeout(r, 50)))
          .then(() => call.accept());
      });
      const a: TestPhone = await startPhone([testProfile('alice', { codecs: ['g711u'] })]);
      cleanup.push(() => a.phone.quit());
      const port = far.transport.localAddress('udp')!.port;
      await a.phone.call(`sip:ivr@127.0.0.1:${port}`);
      const early = await a.waitFor('call-state', (e) => e.state === 'early-media');
      expect(early.status).toBe(183);
      const media = a.media.ports[0]!;
      // The early answer reached the media: it plays what the far end sends.
      expect(media.applied[0]?.remotePort).toBe(50000);
      expect(a.tones.log).toEqual(['ringback 1', 'stop ringback 1']);
      await a.waitFor('call-state', (e) => e.state === 'answered');
      await a.phone.bye();
      await a.waitFor('call-ended');
    },
  );
});
