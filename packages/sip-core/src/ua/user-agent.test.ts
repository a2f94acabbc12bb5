/** Two UserAgents over real UDP sockets on 127.0.0.1. */
import { afterEach, describe, expect, it } from 'vitest';
import { DigestVerifier } from '../auth/verifier.js';
import { LoopNetwork } from '../testing/loop-network.js';
import { VirtualClock } from '../time/virtual-clock.js';
import type { ServerTransaction } from '../transaction/types.js';
import { UserAgentError } from './errors.js';
import { createUserAgent, type UserAgent } from './user-agent.js';

const open: UserAgent[] = [];
afterEach(async () => {
  for (const ua of open.splice(0)) await ua.close();
});

async function pair(aliceOptions: Parameters<typeof createUserAgent>[0] = {}) {
  const udp = [{ protocol: 'udp' as const, address: '127.0.0.1', port: 0 }];
  const alice = await createUserAgent({
    transports: udp,
    aor: 'sip:alice@127.0.0.1',
    userAgent: 'twinkle-test',
    ...aliceOptions,
  });
  const bob = await createUserAgent({ transports: udp, aor: 'sip:bob@127.0.0.1', userAgent: 'twinkle-bob' });
  open.push(alice, bob);
  const port = bob.transport.localAddress('udp')!.port;
  return { alice, bob, bobUri: `sip:bob@127.0.0.1:${port}` };
}

describe('UserAgent over UDP loopback', () => {
  it('OPTIONS: the peer core answers with its capabilities', async () => {
    const { alice, bob, bobUri } = await pair();
    bob.handle('MESSAGE', (tx) => tx.respond(bob.core.response(tx.request, 200)));
    const r = await alice.options(bobUri);
    expect(r.status).toBe(200);
    expect(r.header('allow')).toBe('OPTIONS, MESSAGE');
    expect(r.header('server')).toBe('twinkle-bob');
  });

  it('MESSAGE: delivered with body, From and User-Agent; answered 200', async () => {
    const { alice, bob, bobUri } = await pair({ displayName: 'Alice' });
    const got: string[] = [];
    bob.handle('MESSAGE', (tx) => {
      got.push(`${tx.request.from?.displayName} ${tx.request.header('user-agent')} ${tx.request.bodyText}`);
      tx.respond(bob.core.response(tx.request, 200));
    });
    const r = await alice.message(bobUri, 'hello bob');
    expect(r.status).toBe(200);
    expect(got).toEqual(['Alice twinkle-test hello bob']);
    expect(r.from?.tag).toBeDefined();
    expect(r.to?.tag).toBeDefined();
  });

  it('answers a 401 challenge with the configured credentials (RFC 3261 22.2)', async () => {
    const { alice, bob, bobUri } = await pair({ credentials: [{ username: 'alice', password: 's3cret' }] });
    const verifier = new DigestVerifier({ realm: 'bob.test', passwords: new Map([['alice', 's3cret']]) });
    const seen: string[] = [];
    bob.handle('MESSAGE', (tx: ServerTransaction) => {
      const v = verifier.verify(tx.request);
      seen.push(v.ok ? `ok ${v.username}` : 'challenge');
      if (v.ok) tx.respond(bob.core.response(tx.request, 202));
      else
        tx.respond(
          bob.core.response(tx.request, 401, {
            headers: verifier.challenges().map((value) => ({ name: 'WWW-Authenticate', value })),
          }),
        );
    });
    const r = await alice.message(bobUri, 'secret hello');
    expect(r.status).toBe(202);
    expect(seen).toEqual(['challenge', 'ok alice']);
  });

  it('rejects a bad target with a coded error; a closed agent refuses requests', async () => {
    const { alice } = await pair();
    await expect(alice.request('OPTIONS', 'not a uri')).rejects.toMatchObject({ code: 'bad-argument' });
    await alice.close();
    await expect(alice.options('sip:x@127.0.0.1')).rejects.toBeInstanceOf(UserAgentError);
  });
});

describe('UserAgent over the loop network (virtual time)', () => {
  it('times out after Timer F when nobody answers, then tries no more destinations', async () => {
    const clock = new VirtualClock();
    const net = new LoopNetwork({ clock });
    const a = net.endpoint('127.0.0.1', 5060);
    net.endpoint('127.0.0.1', 5070); // exists, never answers (no layer on it)
    const ua = await createUserAgent({ transport: a, clock, aor: 'sip:a@127.0.0.1' });
    open.push(ua);
    const p = ua.options('sip:b@127.0.0.1:5070');
    const outcome = p.then(
      () => 'answered',
      (e: UserAgentError) => e.code,
    );
    for (let i = 0; i < 70; i++) {
      await Promise.resolve();
      clock.advance(500);
    }
    expect(await outcome).toBe('timeout');
  });

  it('sends through the outbound proxy as a loose route (RFC 3261 8.1.2)', async () => {
    const clock = new VirtualClock();
    const net = new LoopNetwork({ clock });
    const a = net.endpoint('127.0.0.1', 5060);
    const proxy = net.endpoint('127.0.0.1', 5090);
    const seen: string[] = [];
    proxy.onMessage((m) => {
      if (m.message.kind === 'request') seen.push(`${m.message.requestUri} | ${m.message.header('route')}`);
    });
    const ua = await createUserAgent({
      transport: a,
      clock,
      aor: 'sip:a@127.0.0.1',
      outboundProxy: 'sip:127.0.0.1:5090',
    });
    open.push(ua);
    const p = ua.options('sip:b@127.0.0.1:5070').catch(() => undefined);
    for (let i = 0; i < 3; i++) {
      await Promise.resolve();
      clock.advance(10);
    }
    expect(seen[0]).toBe('sip:b@127.0.0.1:5070 | <sip:127.0.0.1:5090;lr>');
    for (let i = 0; i < 70; i++) clock.advance(500);
    await p;
  });
});
