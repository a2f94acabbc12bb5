/**
 * The registration example of README-section.md, run as a test against a
 * registrar on 127.0.0.1 (real UDP sockets). Keep the two in step. The
 * imports are relative until src/index.ts re-exports auth and register;
 * in the README they read `from '@twinkle/sip-core'`.
 */
import { describe, expect, it } from 'vitest';
import { DigestVerifier } from '../auth/index.js';
import { createResponse } from '../message/build.js';
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
