/** Two UserAgents over real UDP sockets on 127.0.0.1. */
import { afterEach, describe, expect, it } from 'vitest';
import { DigestVerifier } from '../auth/verifier.js';
import { messageSummaryPackage } from '../events/packages/message-summary.js';
import { TestRegistrar } from '../register/registrar.test.util.js';
import { LoopNetwork } from '../testing/loop-network.js';
import { seededBytes } from '../testing/seeded-random.js';
import { VirtualClock } from '../time/virtual-clock.js';
import type { ServerTransaction } from '../transaction/types.js';
import { formatUri } from '../uri/index.js';
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
    const carol = await createUserAgent({
      transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
      optionsBody: () => ({ contentType: 'application/sdp', body: 'v=0\r\n' }),
    });
    open.push(carol);
    const withSdp = await alice.options(`sip:c@127.0.0.1:${carol.transport.localAddress('udp')!.port}`);
    expect(withSdp.bodyText).toBe('v=0\r\n');
    expect(withSdp.header('supported')).toBe('100rel, timer, norefersub');
    bob.handle('MESSAGE', (tx) => tx.respond(bob.core.response(tx.request, 200)));
    const r = await alice.options(bobUri);
    expect(r.status).toBe(200);
    expect(r.header('allow')).toBe('BYE, OPTIONS, PRACK, UPDATE, INFO, MESSAGE, SUBSCRIBE, NOTIFY, REFER');
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

  it('answers a 401 challenge with the configured credentials (RFC 3261 22.2), never logging them', async () => {
    const lines: string[] = [];
    const capture =
      (level: string) =>
      (message: string, ...details: unknown[]) => {
        lines.push(
          `${level} ${message} ${details.map((d) => (d instanceof Error ? d.message : JSON.stringify(d))).join(' ')}`,
        );
      };
    const logger = {
      debug: capture('debug'),
      info: capture('info'),
      warn: capture('warn'),
      error: capture('error'),
    };
    const { alice, bob, bobUri } = await pair({
      credentials: [{ username: 'alice', password: 's3cret' }],
      logger,
    });
    const verifier = new DigestVerifier({ realm: 'bob.test', passwords: new Map([['alice', 's3cret']]) });
    let lastAuthorization: string | undefined;
    const seen: string[] = [];
    bob.handle('MESSAGE', (tx: ServerTransaction) => {
      const v = verifier.verify(tx.request);
      seen.push(v.ok ? `ok ${v.username}` : 'challenge');
      lastAuthorization = tx.request.header('authorization') ?? lastAuthorization;
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
    const response = /response="([0-9a-f]+)"/.exec(lastAuthorization ?? '')?.[1];
    expect(response).toBeDefined();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain('s3cret');
      expect(line).not.toContain(response!);
    }
  });

  it('routes SUBSCRIBE/NOTIFY/REFER to the event framework: unsolicited NOTIFY per its delegate', async () => {
    const { alice, bobUri } = await pair();
    const notify = {
      headers: { Event: 'message-summary', 'Subscription-State': 'active' },
      body: 'Messages-Waiting: yes\r\n',
      contentType: 'application/simple-message-summary',
    };
    expect((await alice.request('NOTIFY', bobUri, notify)).status).toBe(481); // RFC 6665 4.1.2.4 default
    const carol = await createUserAgent({
      transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
      events: { delegate: { onUnsolicitedNotify: (n) => n.event === 'message-summary' } },
    });
    open.push(carol);
    const carolUri = `sip:carol@127.0.0.1:${carol.transport.localAddress('udp')!.port}`;
    expect((await alice.request('NOTIFY', carolUri, notify)).status).toBe(200);
    expect((await alice.request('SUBSCRIBE', carolUri, { headers: { Event: 'nothing-known' } })).status).toBe(
      489,
    );
  });

  it('subscribes to message-summary served by the peer (RFC 6665, RFC 3842) and unsubscribes', async () => {
    const { alice, bob, bobUri } = await pair();
    bob.events.registerEventPackage(
      messageSummaryPackage({ summaryFor: () => ({ messagesWaiting: true, counts: [] }) }),
    );
    expect((await alice.options(bobUri)).header('allow-events')).toBe('message-summary'); // RFC 6665 8.2.2
    const sub = alice.subscribe(bobUri, 'message-summary', {
      accept: ['application/simple-message-summary'],
      expires: 600,
    });
    const first = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no NOTIFY within 2 s')), 2000);
      sub.notify.once((n) => {
        clearTimeout(t);
        resolve(new TextDecoder().decode(n.body));
      });
    });
    expect(first).toMatch(/^Messages-Waiting: yes/);
    await sub.unsubscribe();
  });

  it('rejects a bad target with a coded error; a closed agent refuses requests', async () => {
    const { alice } = await pair();
    await expect(alice.request('OPTIONS', 'not a uri')).rejects.toMatchObject({ code: 'bad-argument' });
    await expect(alice.request('ACK', 'sip:x@127.0.0.1')).rejects.toMatchObject({ code: 'bad-argument' });
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

  it('fails over to the next RFC 3263 destination on timeout and on 503 (RFC 3263 4.3)', async () => {
    const clock = new VirtualClock();
    const net = new LoopNetwork({ clock });
    const busy = await createUserAgent({ transport: net.endpoint('127.0.0.1', 5071), clock });
    const good = await createUserAgent({ transport: net.endpoint('127.0.0.1', 5072), clock });
    busy.handle('MESSAGE', (tx) => tx.respond(busy.core.response(tx.request, 503)));
    const hits: string[] = [];
    good.handle('MESSAGE', (tx) => {
      hits.push(`${tx.request.callId} ${tx.request.cseq?.seq}`);
      tx.respond(good.core.response(tx.request, 200));
    });
    const ua = await createUserAgent({
      transport: net.endpoint('127.0.0.1', 5060),
      clock,
      aor: 'sip:a@127.0.0.1',
      resolve: async () => [
        { protocol: 'udp', address: '127.0.0.1', port: 5079 }, // nobody there: Timer F (UDP reports no failure)
        { protocol: 'udp', address: '127.0.0.1', port: 5071 }, // 503
        { protocol: 'udp', address: '127.0.0.1', port: 5072 },
      ],
    });
    open.push(ua, busy, good);
    const r = await drive(clock, ua.message('sip:b@example.test', 'x'), 100, 1000);
    expect(r.status).toBe(200);
    expect(hits).toHaveLength(1);
    // The same request (Call-ID and CSeq) with a new branch at each destination.
    const sent = net.records((x) => x.from === '127.0.0.1:5060' && x.message.kind === 'request');
    const order = sent.map((x) => x.to).filter((to, i, all) => to !== all[i - 1]); // retransmissions folded
    expect(order).toEqual(['127.0.0.1:5079', '127.0.0.1:5071', '127.0.0.1:5072']);
    expect(clock.now()).toBeGreaterThanOrEqual(32_000); // 64*T1 spent on the silent first destination
    expect(new Set(sent.map((x) => x.message.callId)).size).toBe(1);
    expect(new Set(sent.map((x) => x.message.via?.[0]?.branch)).size).toBe(3);
    expect(new Set(sent.map((x) => x.message.cseq?.seq)).size).toBe(1);
  });

  it('takes Call-IDs, tags and branches from the injected random source', async () => {
    const run = async (): Promise<string> => {
      const clock = new VirtualClock();
      const net = new LoopNetwork({ clock });
      const peer = await createUserAgent({
        transport: net.endpoint('127.0.0.1', 5070),
        clock,
        random: seededBytes(9),
      });
      const ua = await createUserAgent({
        transport: net.endpoint('127.0.0.1', 5060),
        clock,
        random: seededBytes(3),
      });
      open.push(ua, peer);
      const r = await drive(clock, ua.options('sip:b@127.0.0.1:5070'));
      return `${r.callId} ${r.from?.tag} ${r.to?.tag} ${r.via?.[0]?.branch}`;
    };
    const first = await run();
    expect(await run()).toBe(first);
    expect(first).toMatch(/^[\w-]{24} [\w-]{16} [\w-]{16} z9hG4bK[\w-]{16}$/);
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

/** Advances virtual time in steps until `p` settles (bounded). */
async function drive<T>(clock: VirtualClock, p: Promise<T>, stepMs = 50, maxSteps = 400): Promise<T> {
  let done = false;
  const settled = p.finally(() => {
    done = true;
  });
  for (let i = 0; i < maxSteps && !done; i++) {
    await new Promise((r) => setImmediate(r));
    clock.advance(stepMs);
  }
  if (!done) throw new Error(`not settled after ${maxSteps * stepMs} ms of virtual time`);
  return settled;
}

describe('UserAgent.register (virtual time)', () => {
  it('registers with digest at a registrar reached over the loop network, refreshes, unregisters', async () => {
    const clock = new VirtualClock();
    const net = new LoopNetwork({ clock });
    const registrarUa = await createUserAgent({ transport: net.endpoint('127.0.0.1', 5070), clock });
    const registrar = new TestRegistrar({
      clock,
      auth: { realm: 'example.test', passwords: new Map([['alice', 'pw']]) },
    });
    registrarUa.handle('REGISTER', registrar.handle);
    const alice = await createUserAgent({
      transport: net.endpoint('127.0.0.1', 5060),
      clock,
      aor: 'sip:alice@example.test',
      credentials: [{ realm: 'example.test', username: 'alice', password: 'pw' }],
      resolve: async () => [{ protocol: 'udp', address: '127.0.0.1', port: 5070 }],
    });
    open.push(alice, registrarUa);
    const reg = await drive(clock, alice.register({ registrar: 'sip:example.test', expires: 120 }));
    expect(reg.state.state).toBe('registered');
    expect(registrar.bindings('sip:alice@example.test').map((c) => formatUri(c.uri))).toEqual([
      'sip:alice@127.0.0.1:5060',
    ]);
    const before = registrar.requests.length;
    for (let i = 0; i < 100; i++) {
      // 100 s: past the refresh point (max(60, 90) s after the 2xx)
      await new Promise((r) => setImmediate(r));
      clock.advance(1000);
    }
    expect(registrar.requests.length).toBeGreaterThan(before);
    expect(reg.state.state).toBe('registered');
    await drive(clock, reg.unregister());
    expect(registrar.bindings('sip:alice@example.test')).toEqual([]);
  });
});
