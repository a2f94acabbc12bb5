/**
 * The example of the package README.md, run as a test over real UDP sockets on
 * 127.0.0.1: keep the two in step. The README imports from
 * '@twinkle/sip-core'; here the same names come from the source files.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DigestVerifier } from '../auth/verifier.js';
import type { SipRequest } from '../message/sip-message.js';
import type { Body, SessionDescriptionHandler } from '../session/types.js';
import { createUserAgent, type UserAgent } from './user-agent.js';

/** A media seam that makes SDP text and plays nothing (tests, signalling-only use). */
class SdpOnly implements SessionDescriptionHandler {
  readonly seen: string[] = [];
  constructor(readonly port: number) {}
  #sdp(): Body {
    const text = `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${this.port} RTP/AVP 0\r\n`;
    return { contentType: 'application/sdp', body: new TextEncoder().encode(text) };
  }
  async getOffer(): Promise<Body> {
    return this.#sdp();
  }
  async getAnswer(offer: Body): Promise<Body> {
    this.seen.push(new TextDecoder().decode(offer.body));
    return this.#sdp();
  }
  async setAnswer(answer: Body): Promise<void> {
    this.seen.push(new TextDecoder().decode(answer.body));
  }
}

const running: UserAgent[] = [];
afterEach(async () => {
  for (const ua of running.splice(0)) await ua.close();
});

/** Bob: a registrar for his domain and a phone that answers every call. */
async function startBob(): Promise<{ bob: UserAgent; port: number }> {
  const verifier = new DigestVerifier({ realm: 'example.test', passwords: new Map([['alice', 'secret']]) });
  const bob = await createUserAgent({
    transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
    aor: 'sip:bob@example.test',
    media: (_invite: SipRequest) => new SdpOnly(40002),
  });
  bob.handle('REGISTER', (tx) => {
    const v = verifier.verify(tx.request);
    const headers = v.ok
      ? [{ name: 'Contact', value: `${tx.request.header('contact')};expires=600` }]
      : verifier.challenges().map((value) => ({ name: 'WWW-Authenticate', value }));
    tx.respond(bob.core.response(tx.request, v.ok ? 200 : 401, { headers }));
  });
  bob.onInvite((call) => {
    void call.progress().then(() => call.accept());
  });
  running.push(bob);
  return { bob, port: bob.transport.localAddress('udp')!.port };
}

// --- README example start
async function aliceCallsBob(bobPort: number, media: SessionDescriptionHandler): Promise<string[]> {
  const alice = await createUserAgent({
    transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
    aor: 'sip:alice@example.test',
    credentials: [{ realm: 'example.test', username: 'alice', password: 'secret' }],
    outboundProxy: `sip:127.0.0.1:${bobPort}`, // every request goes there first
  });
  const registration = await alice.register({ expires: 600 }); // answers the 401 itself
  const call = alice.invite('sip:bob@example.test', media);
  await call.invite(); // 180, 200, ACK: established
  const states = [registration.state.state, call.state];
  await call.bye();
  await registration.unregister();
  await alice.close();
  return [...states, call.state];
}
// --- README example end

describe('README example: register and place a call', () => {
  it('registers with digest, calls, hangs up, unregisters over UDP on 127.0.0.1', async () => {
    const { bob, port } = await startBob();
    const ended: string[] = [];
    bob.sessions.incoming.on((s) => {
      void s.ended().then((r) => ended.push(`${r.cause} by ${r.by}`));
    });
    const media = new SdpOnly(40000);
    expect(await aliceCallsBob(port, media)).toEqual(['registered', 'established', 'terminated']);
    expect(media.seen[0]).toContain('m=audio 40002 RTP/AVP 0');
    await new Promise((r) => setTimeout(r, 50));
    expect(ended).toEqual(['bye by remote']);
  });
});
