/**
 * The UserAgent facade (transport, transactions, UA core, sessions,
 * registration in one object), as a user of the package would use it,
 * against sipp and kamailio on loopback.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  KAMAILIO_REALM,
  KAMAILIO_USERS,
  KamailioPeer,
  requirePeer,
  type SippOptions,
  SippPeer,
  within,
} from './harness/index.js';
import { LoopbackSdpHandler } from './sdp-handler.js';
import { createResponse, createUserAgent, type UserAgent, type UserAgentOptions } from './stack.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

async function userAgent(options: UserAgentOptions): Promise<UserAgent> {
  const ua = await createUserAgent({
    transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
    ...options,
  });
  open.push(ua);
  return ua;
}

async function sipp(options: SippOptions): Promise<SippPeer> {
  const s = await SippPeer.start({ timeoutS: 15, ...options });
  open.push(s);
  return s;
}

const sippPeers = requirePeer('sipp');

describe.skipIf(sippPeers.skip)('UserAgent facade with sipp', () => {
  beforeAll(() => sippPeers.assert());

  it("answers sipp's OPTIONS with 200 (UA core capabilities)", async () => {
    const ua = await userAgent({ aor: 'sip:bob@127.0.0.1' });
    const port = ua.transport.localAddress('udp')!.port;
    const peer = await sipp({
      scenario: { file: 'options.xml' },
      remote: `127.0.0.1:${port}`,
      calls: 20,
      rate: 50,
    });
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
    expect(r.stats?.successful).toBe(20);
  });

  it("takes sipp uac's calls through onInvite (5 calls, sipp hangs up)", async () => {
    const ua = await userAgent({ aor: 'sip:bob@127.0.0.1', media: () => new LoopbackSdpHandler() });
    const ended: string[] = [];
    ua.onInvite((s) => {
      void s.ended().then((r) => ended.push(`${r.cause}/${r.by}`));
      void s.accept().catch(() => {});
    });
    const port = ua.transport.localAddress('udp')!.port;
    const peer = await sipp({
      scenario: { builtin: 'uac' },
      remote: `127.0.0.1:${port}`,
      service: 'bob',
      calls: 5,
      rate: 20,
    });
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
    expect(r.stats?.successful).toBe(5);
    await within(
      (async () => {
        while (ended.length < 5) await new Promise((res) => setTimeout(res, 20));
      })(),
      2000,
      'five sessions ended',
    );
    expect(ended).toEqual(Array(5).fill('bye/remote'));
  });

  it("applies the UA core rules to sipp's requests: 420 + Unsupported, 501, 481, OPTIONS with Allow", async () => {
    const ua = await userAgent({ aor: 'sip:bob@127.0.0.1', media: () => new LoopbackSdpHandler() });
    ua.onInvite((s) => void s.accept().catch(() => {}));
    const port = ua.transport.localAddress('udp')!.port;
    const peer = await sipp({
      scenario: { file: 'uac-core-rules.xml' },
      remote: `127.0.0.1:${port}`,
      service: 'bob',
    });
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
  });

  it("calls sipp's built-in uas with invite() and hangs up", async () => {
    const peer = await sipp({ scenario: { builtin: 'uas' } });
    const ua = await userAgent({ aor: 'sip:alice@127.0.0.1' });
    const call = ua.invite(`sip:service@${peer.address}`, new LoopbackSdpHandler());
    await within(call.invite(), 8000, 'call set-up');
    await within(call.bye(), 5000, 'BYE');
    const r = await peer.result(10_000);
    expect(r.ok, r.report).toBe(true);
  });
});

const kamailioPeers = requirePeer('kamailio', 'openssl');

describe.skipIf(kamailioPeers.skip)('UserAgent facade with kamailio', () => {
  let kamailio: KamailioPeer;
  beforeAll(async () => {
    kamailioPeers.assert();
    kamailio = await KamailioPeer.start({ proxyAuth: true, tls: true });
    return () => kamailio.close();
  });

  it('registers two UAs with register(), calls and sends a MESSAGE from one to the other through the proxy', async () => {
    const make = (user: 'alice' | 'bob') =>
      userAgent({
        aor: `sip:${user}@${KAMAILIO_REALM}`,
        credentials: [{ realm: KAMAILIO_REALM, username: user, password: KAMAILIO_USERS[user] }],
        outboundProxy: kamailio.uri('udp'),
        media: () => new LoopbackSdpHandler(),
      });
    const alice = await make('alice');
    const bob = await make('bob');
    bob.onInvite((s) => void s.accept().catch(() => {}));
    const regA = await within(alice.register({ expires: 60 }), 5000, 'alice REGISTER');
    const regB = await within(bob.register({ expires: 60 }), 5000, 'bob REGISTER');
    expect(regA.state.state).toBe('registered');
    expect(regB.state.state).toBe('registered');

    const call = alice.invite(`sip:bob@${KAMAILIO_REALM}`, new LoopbackSdpHandler());
    await within(call.invite(), 8000, 'call through kamailio');
    expect(call.state).toBe('established');
    await within(call.bye(), 5000, 'BYE');
    expect(call.reason).toMatchObject({ cause: 'bye', by: 'local' });

    // MESSAGE (RFC 3428) through the proxy, which demands proxy digest for it as for the INVITE
    const texts: string[] = [];
    bob.handle('MESSAGE', (tx) => {
      texts.push(new TextDecoder().decode(tx.request.body));
      tx.respond(createResponse(tx.request, 200));
    });
    const answer = await within(alice.message(`sip:bob@${KAMAILIO_REALM}`, 'hello bob'), 5000, 'MESSAGE');
    expect(answer.status).toBe(200);
    expect(texts).toEqual(['hello bob']);

    await within(regA.unregister(), 5000, 'alice unregister');
    await within(regB.unregister(), 5000, 'bob unregister');
    expect(regA.state.state).toBe('unregistered');
  });

  it.each(['tcp', 'tls'] as const)(
    'over %s: register() both, call and hang up through the proxy',
    async (transport) => {
      const cert = kamailio.certificate;
      const make = async (user: 'carol' | 'dave') => {
        const port = await freePort();
        return userAgent({
          transports: [{ protocol: transport, address: '127.0.0.1', port }],
          aor: `sip:${user}@${KAMAILIO_REALM}`,
          credentials: [{ realm: KAMAILIO_REALM, username: user, password: KAMAILIO_USERS[user] }],
          outboundProxy: kamailio.uri(transport),
          media: () => new LoopbackSdpHandler(),
          ...(cert ? { tls: { ca: cert.certPem, cert: cert.certPem, key: cert.keyPem } } : {}),
        });
      };
      const carol = await make('carol');
      const dave = await make('dave');
      dave.onInvite((s) => void s.accept().catch(() => {}));
      const registrations = [];
      for (const u of [carol, dave]) {
        const reg = await within(u.register({ expires: 60 }), 5000, 'REGISTER');
        expect(reg.state.state, JSON.stringify(reg.state.reason)).toBe('registered');
        registrations.push(reg);
      }
      const call = carol.invite(`sip:dave@${KAMAILIO_REALM}`, new LoopbackSdpHandler());
      await within(call.invite(), 8000, `call over ${transport}`);
      await within(call.bye(), 5000, 'BYE');
      expect(call.reason).toMatchObject({ cause: 'bye', by: 'local' });
      // leave no binding behind for the next transport's run
      for (const reg of registrations) await within(reg.unregister(), 5000, 'unregister');
    },
  );
});
