/**
 * The registration example of README.md, run as a test against a
 * registrar on 127.0.0.1 (real UDP sockets). Keep the two in step. The
 * imports are relative until src/index.ts re-exports auth and register;
 * in the README they read `from '@twinkle/sip-core'`.
 */
import { describe, expect, it } from 'vitest';
import { AuthError, AuthSession, DigestVerifier } from '../auth/index.js';
import { createRequest, createResponse } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { createNodeDnsResolver, locateSipServers } from '../resolve/index.js';
import { TransactionLayer } from '../transaction/index.js';
import { SipTransportLayer } from '../transport/index.js';
import { Registration } from './index.js';

// --- README example start
async function registerAlice(registrar: string): Promise<string[]> {
  const transport = await SipTransportLayer.create({
    listen: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
  });
  const transactions = new TransactionLayer({ transport });
  const resolver = createNodeDnsResolver();
  const registration = new Registration({
    transactions,
    registrar, // e.g. 'sip:example.com'
    aor: 'sip:alice@example.com',
    localAddress: (protocol) => transport.localAddress(protocol),
    resolveTarget: (uri) => locateSipServers(uri, { resolver, transports: ['udp'] }),
    credentials: { credentials: [{ realm: 'example.com', username: 'alice', password: 'secret' }] },
    expires: 600,
  });
  const seen: string[] = [];
  registration.stateChange.on((s) => seen.push(s.state));
  const state = await registration.register(); // answers the 401, then refreshes before expiry
  if (state.state === 'registered') console.log('registered until', state.expiresAt, state.bindings);
  else console.log('not registered:', state.reason, 'next attempt at', state.retryAt);
  await registration.unregister(); // expires=0 for our binding
  registration.close();
  transactions.close();
  await transport.close();
  return seen;
}
// --- README example end

// --- README auth example start
/** Sends a request, answering 401/407 once per realm; `send` resolves with the final response. */
async function sendAuthenticated(
  auth: AuthSession,
  request: SipRequest,
  send: (r: SipRequest) => Promise<SipResponse>,
): Promise<SipResponse> {
  let current = auth.authorize(request); // preemptive credentials for realms seen before
  for (;;) {
    const response = await send(current);
    if (response.status !== 401 && response.status !== 407) return response;
    try {
      current = await auth.retry(current, response); // CSeq + 1, new branch, credentials per realm
    } catch (error) {
      if (error instanceof AuthError) return response; // error.code: 'rejected', 'no-credentials'...
      throw error;
    }
  }
}
// --- README auth example end

describe('README auth example', () => {
  it('answers a proxy challenge, then authorizes the next request preemptively', async () => {
    const proxy = new DigestVerifier({
      realm: 'atlanta.example.com',
      kind: 'proxy',
      algorithms: ['SHA-256', 'MD5'],
      passwords: new Map([['alice', 'secret']]),
    });
    const sent: SipRequest[] = [];
    const send = async (r: SipRequest): Promise<SipResponse> => {
      sent.push(r);
      const v = proxy.verify(r);
      if (v.ok) return createResponse(r, 200);
      const headers = proxy
        .challenges(v.reason === 'stale')
        .map((value) => ({ name: 'Proxy-Authenticate', value }));
      return createResponse(r, 407, undefined, { headers });
    };
    const auth = new AuthSession({ store: { credentials: [{ username: 'alice', password: 'secret' }] } });
    const message = (cseq: number) =>
      createRequest({
        method: 'MESSAGE',
        uri: 'sip:bob@biloxi.example.com',
        via: `SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKm${cseq}`,
        from: '<sip:alice@atlanta.example.com>;tag=a',
        to: '<sip:bob@biloxi.example.com>',
        callId: `m${cseq}`,
        cseq,
        body: 'hi',
        contentType: 'text/plain',
      });
    expect((await sendAuthenticated(auth, message(1), send)).status).toBe(200);
    expect((await sendAuthenticated(auth, message(5), send)).status).toBe(200);
    expect(
      sent.map((r) => [r.cseq?.seq, /algorithm=(\S+),/.exec(r.header('proxy-authorization') ?? '')?.[1]]),
    ).toEqual([
      [1, undefined],
      [2, 'SHA-256'],
      [5, 'SHA-256'],
    ]);
    const wrong = new AuthSession({ store: { credentials: [{ username: 'alice', password: 'nope' }] } });
    expect((await sendAuthenticated(wrong, message(9), send)).status).toBe(407);
    expect(sent.length).toBe(6);
  });
});

describe('README registration example', () => {
  it('registers with digest authentication and unregisters over UDP on 127.0.0.1', async () => {
    const server = await SipTransportLayer.create({
      listen: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
    });
    const layer = new TransactionLayer({ transport: server });
    const verifier = new DigestVerifier({ realm: 'example.com', passwords: new Map([['alice', 'secret']]) });
    const expiries: string[] = [];
    layer.onRequest((tx) => {
      const ok = verifier.verify(tx.request);
      if (!ok.ok) {
        const headers = verifier.challenges().map((value) => ({ name: 'WWW-Authenticate', value }));
        tx.respond(createResponse(tx.request, 401, undefined, { headers }));
        return;
      }
      const contact = tx.request.header('contact') ?? '';
      expiries.push(/expires=(\d+)/.exec(contact)?.[1] ?? '');
      tx.respond(createResponse(tx.request, 200, undefined, { headers: { Contact: contact } }));
    });
    try {
      const port = server.localAddress('udp')!.port;
      const seen = await registerAlice(`sip:127.0.0.1:${port}`);
      expect(seen).toEqual(['registering', 'registered', 'unregistered']);
      expect(expiries).toEqual(['600', '0']);
    } finally {
      layer.close();
      await server.close();
    }
  });
});
