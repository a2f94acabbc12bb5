/** A session keeps the option tags of the peer's Supported: from its INVITE (UAS) and from its 2xx (UAC). */
import { afterEach, describe, expect, it } from 'vitest';
import { createUserAgent, type UserAgent } from '../ua/user-agent.js';
import type { Body, SessionDescriptionHandler } from './types.js';

const open: UserAgent[] = [];
afterEach(async () => {
  for (const ua of open.splice(0)) await ua.close();
});

const sdp = (port: number): Body => ({
  contentType: 'application/sdp',
  body: new TextEncoder().encode(
    `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\n`,
  ),
});
const media = (port: number): SessionDescriptionHandler => ({
  getOffer: async () => sdp(port),
  getAnswer: async () => sdp(port),
  setAnswer: async () => {},
});

describe('peerSupported', () => {
  it('holds the tags of every Supported line of the INVITE and of the 2xx, lower case', async () => {
    const listen = [{ protocol: 'udp' as const, address: '127.0.0.1', port: 0 }];
    const bob = await createUserAgent({
      transports: listen,
      aor: 'sip:bob@example.test',
      media: () => media(40030),
    });
    const alice = await createUserAgent({ transports: listen, aor: 'sip:alice@example.test' });
    open.push(alice, bob);
    const seen: string[][] = [];
    bob.onInvite((s) => {
      seen.push([...s.peerSupported]);
      void s.accept({ headers: [['Supported', 'Replaces, norefersub']] });
    });
    const call = alice.invite(`sip:bob@127.0.0.1:${bob.transport.localAddress('udp')!.port}`, media(40032), {
      headers: [['Supported', 'replaces']],
    });
    expect(call.peerSupported).toEqual([]);
    await call.invite();
    // The INVITE: the session layer's own line (100rel, timer) and ours.
    expect(seen[0]).toEqual(expect.arrayContaining(['timer', 'replaces']));
    expect(call.peerSupported).toEqual(expect.arrayContaining(['timer', 'replaces', 'norefersub']));
    await call.bye();
  });
});
