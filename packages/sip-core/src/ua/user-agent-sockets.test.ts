/** The facade over TCP and IPv6 loopback, and the 513 path for oversized requests. */
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { Body, SessionDescriptionHandler } from '../session/types.js';
import { createUserAgent, type UserAgent } from './user-agent.js';

const open: UserAgent[] = [];
afterEach(async () => {
  for (const ua of open.splice(0)) await ua.close();
});

const sdp = (port: number): Body => ({
  contentType: 'application/sdp',
  body: new TextEncoder().encode(
    `v=0\r\no=- 1 1 IN IP6 ::1\r\ns=-\r\nc=IN IP6 ::1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\n`,
  ),
});
const media = (port: number): SessionDescriptionHandler => ({
  getOffer: async () => sdp(port),
  getAnswer: async () => sdp(port),
  setAnswer: async () => {},
});

describe.each([
  ['tcp', '127.0.0.1'],
  ['udp', '::1'],
  ['tcp', '::1'],
] as const)('UserAgent over %s on %s', (protocol, address) => {
  it('OPTIONS, MESSAGE and a call with BYE', async () => {
    const listen = [{ protocol, address, port: 0 }];
    const bob = await createUserAgent({
      transports: listen,
      aor: 'sip:bob@example.test',
      media: () => media(40010),
    });
    const alice = await createUserAgent({ transports: listen, aor: 'sip:alice@example.test' });
    open.push(alice, bob);
    bob.handle('MESSAGE', (tx) => tx.respond(bob.core.response(tx.request, 200)));
    bob.onInvite((call) => void call.accept());
    const host = address.includes(':') ? `[${address}]` : address;
    const target = `sip:bob@${host}:${bob.transport.localAddress(protocol)!.port};transport=${protocol}`;
    expect((await alice.options(target)).status).toBe(200);
    expect((await alice.message(target, 'hi')).status).toBe(200);
    const call = alice.invite(target, media(40012));
    await call.invite();
    expect(call.state).toBe('established');
    await call.bye();
    expect(call.reason?.cause).toBe('bye');
  });
});

describe('oversized requests', () => {
  it('get 513 from the transport (RFC 3261 21.5.14) and never reach the core', async () => {
    const ua = await createUserAgent({
      transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
      maxMessageSize: 1500,
    });
    open.push(ua);
    let reached = false;
    ua.handle('MESSAGE', (tx) => {
      reached = true;
      tx.respond(ua.core.response(tx.request, 200));
    });
    const port = ua.transport.localAddress('udp')!.port;
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const body = 'x'.repeat(3000);
    const text =
      `MESSAGE sip:ua@127.0.0.1:${port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${sock.address().port};branch=z9hG4bKbig1\r\n` +
      'Max-Forwards: 70\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:ua@127.0.0.1>\r\nCall-ID: big1\r\nCSeq: 1 MESSAGE\r\n' +
      `Content-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const answer = new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no answer in 2 s')), 2000);
      sock.once('message', (m) => {
        clearTimeout(t);
        resolve(m.toString('latin1'));
      });
    });
    sock.send(text, port, '127.0.0.1');
    try {
      expect((await answer).split('\r\n')[0]).toBe('SIP/2.0 513 Message Too Large');
    } finally {
      sock.close();
    }
    expect(reached).toBe(false);
  });
});
