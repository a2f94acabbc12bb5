/**
 * Our registration client against kamailio as registrar (interop/kamailio/
 * kamailio.cfg) over UDP, TCP and TLS: REGISTER challenged with 401 and
 * answered with digest, a refresh before expiry, the bindings fetched, and
 * unregister.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAMAILIO_REALM, KAMAILIO_USERS, KamailioPeer, requirePeer, within } from './harness/index.js';
import { type OurStack, startOurStack } from './our-stack.js';
import { Registration, type RegistrationState } from './stack.js';

const peers = requirePeer('kamailio', 'openssl');

function nextState(reg: Registration, wanted: RegistrationState['state'], timeoutMs: number) {
  return new Promise<RegistrationState>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${wanted} state within ${timeoutMs} ms (now ${reg.state.state})`));
    }, timeoutMs);
    const off = reg.stateChange.on((s) => {
      if (s.state !== wanted) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

describe.skipIf(peers.skip)('registration with kamailio', () => {
  let kamailio: KamailioPeer;
  let stack: OurStack;

  beforeAll(async () => {
    peers.assert();
    kamailio = await KamailioPeer.start({ tls: true });
    stack = await startOurStack({ certificate: kamailio.certificate });
  });
  afterAll(async () => {
    await stack?.close();
    await kamailio?.close();
  });

  function registration(
    user: keyof typeof KAMAILIO_USERS,
    transport: 'udp' | 'tcp' | 'tls',
    password?: string,
  ) {
    return new Registration({
      transactions: stack.transactions,
      registrar: `sip:${KAMAILIO_REALM}`,
      aor: `sip:${user}@${KAMAILIO_REALM}`,
      outboundProxy: kamailio.uri(transport),
      localAddress: (p) => stack.transport.localAddress(p),
      resolveTarget: (uri) => stack.locate(uri),
      credentials: {
        credentials: [{ realm: KAMAILIO_REALM, username: user, password: password ?? KAMAILIO_USERS[user] }],
      },
      expires: 4,
      refreshMarginSeconds: 30,
    });
  }

  it.each([
    ['udp', 'alice'],
    ['tcp', 'bob'],
    ['tls', 'carol'],
  ] as const)('over %s: 401 then 200, refresh, bindings, unregister', async (transport, user) => {
    const reg = registration(user, transport);
    const statuses: number[] = [];
    const offTx = stack.transport.onMessage(({ message }) => {
      if ('status' in message && message.cseq?.method === 'REGISTER') statuses.push(message.status);
    });
    try {
      const first = await reg.register();
      expect(first.state, JSON.stringify(first.reason)).toBe('registered');
      expect(statuses.slice(0, 2)).toEqual([401, 200]);
      const ours = first.bindings?.filter((b) => b.ours) ?? [];
      expect(ours).toHaveLength(1);
      // UDP is the default transport of a sip: URI, so its Contact carries no parameter
      if (transport === 'udp') expect(ours[0]!.uri).not.toContain(';transport=');
      else expect(ours[0]!.uri).toContain(`;transport=${transport}`);
      expect(ours[0]!.expires).toBeLessThanOrEqual(4);

      // refreshed at max(4/2, 4-30) = 2 s after the 2xx
      const refreshed = await nextState(reg, 'registered', 5000);
      expect(refreshed.expiresAt!).toBeGreaterThan(first.expiresAt!);
      // the refresh reuses the nonce with the next nonce count (RFC 7616 3.4.5), and
      // kamailio (auth nonce_count on) accepts it without a new challenge
      expect(statuses).toEqual([401, 200, 200]);

      const bindings = await reg.fetchBindings();
      expect(bindings.filter((b) => b.ours)).toHaveLength(1);

      const gone = await reg.unregister();
      expect(gone.state).toBe('unregistered');
      const after = await reg.fetchBindings();
      expect(after.filter((b) => b.ours)).toHaveLength(0);
    } finally {
      offTx();
      reg.close();
    }
  });

  it('two bindings of one AOR (UDP and TCP contacts); unregisterAll removes both (Contact: *)', async () => {
    const udp = registration('alice', 'udp');
    const tcp = registration('alice', 'tcp');
    try {
      expect((await udp.register()).state).toBe('registered');
      const second = await tcp.register();
      expect(second.state).toBe('registered');
      expect(second.bindings).toHaveLength(2);
      expect(second.bindings?.filter((b) => b.ours)).toHaveLength(1);
      const all = await udp.unregisterAll();
      expect(all.state).toBe('unregistered');
      expect(await tcp.fetchBindings()).toHaveLength(0);
    } finally {
      udp.close();
      tcp.close();
    }
  });

  it('an interval below min_expires gets 423 with Min-Expires and is retried with it (RFC 3261 10.2.8)', async () => {
    const reg = new Registration({
      transactions: stack.transactions,
      registrar: `sip:${KAMAILIO_REALM}`,
      aor: `sip:bob@${KAMAILIO_REALM}`,
      outboundProxy: kamailio.uri('udp'),
      localAddress: (p) => stack.transport.localAddress(p),
      resolveTarget: (uri) => stack.locate(uri),
      credentials: {
        credentials: [{ realm: KAMAILIO_REALM, username: 'bob', password: KAMAILIO_USERS.bob }],
      },
      expires: 1,
    });
    const statuses: number[] = [];
    const off = stack.transport.onMessage(({ message }) => {
      if ('status' in message && message.cseq?.method === 'REGISTER') statuses.push(message.status);
    });
    try {
      const state = await within(reg.register(), 5000, 'REGISTER');
      expect(state.state, JSON.stringify(state.reason)).toBe('registered');
      expect(statuses).toContain(423);
      expect(state.bindings?.find((b) => b.ours)?.expires).toBe(2);
      await within(reg.unregister(), 5000, 'unregister');
    } finally {
      off();
      reg.close();
    }
  });

  it('a wrong password ends in failed with the 401', async () => {
    const reg = registration('dave', 'udp', 'not-the-password');
    try {
      const state = await reg.register();
      expect(state.state === 'failed' || state.state === 'retrying').toBe(true);
      expect(state.reason).toMatchObject({ kind: 'auth', status: 401 });
    } finally {
      reg.close();
    }
  });
});
