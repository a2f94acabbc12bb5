/**
 * A call between two of our UAs through kamailio (registrar and record-routing
 * proxy, interop/kamailio/kamailio.cfg) over UDP, TCP and TLS: both register
 * with digest (401), the caller's INVITE is challenged by the proxy (407) and
 * retried with credentials, kamailio finds the callee's binding, the callee
 * answers, ACK and BYE follow the Record-Route through the proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAMAILIO_REALM, KAMAILIO_USERS, KamailioPeer, requirePeer, within } from './harness/index.js';
import { type OurUa, startOurUa } from './our-ua.js';
import { parseUri, preloadedRouteSet, Registration, type SipRequest } from './stack.js';

const peers = requirePeer('kamailio', 'openssl');

type User = keyof typeof KAMAILIO_USERS;

describe.skipIf(peers.skip)('a call between two of our UAs through kamailio', () => {
  let kamailio: KamailioPeer;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    peers.assert();
    kamailio = await KamailioPeer.start({ tls: true, proxyAuth: true });
  });
  afterAll(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
    await kamailio?.close();
  });

  async function registeredUa(user: User, transport: 'udp' | 'tcp' | 'tls', autoAnswer: boolean) {
    const ua: OurUa = await startOurUa({
      user,
      domain: KAMAILIO_REALM,
      credentials: [{ realm: KAMAILIO_REALM, username: user, password: KAMAILIO_USERS[user] }],
      certificate: kamailio.certificate,
      autoAnswer,
    });
    cleanups.push(() => ua.close());
    const local = ua.stack.transport.localAddress(transport)!;
    const registration = new Registration({
      transactions: ua.stack.transactions,
      registrar: `sip:${KAMAILIO_REALM}`,
      aor: `sip:${user}@${KAMAILIO_REALM}`,
      contact: `sip:${user}@${local.host}:${local.port}${transport === 'udp' ? '' : `;transport=${transport}`}`,
      outboundProxy: kamailio.uri(transport),
      localAddress: (p) => ua.stack.transport.localAddress(p),
      resolveTarget: (uri) => ua.stack.locate(uri),
      auth: ua.auth!,
      expires: 60,
    });
    cleanups.push(() => registration.close());
    const state = await within(registration.register(), 5000, `${user} REGISTER`);
    expect(state.state, JSON.stringify(state.reason)).toBe('registered');
    return ua;
  }

  /** Requests the callee received in each transport's call, for the route checks. */
  const calleeSaw = new Map<string, SipRequest[]>();

  it.each([
    ['udp', 'alice', 'bob'],
    ['tcp', 'bob', 'carol'],
    ['tls', 'carol', 'dave'],
  ] as const)('over %s: %s calls %s', async (transport, caller, callee) => {
    const a = await registeredUa(caller, transport, false);
    const b = await registeredUa(callee, transport, true);
    const seenByCallee: SipRequest[] = [];
    calleeSaw.set(transport, seenByCallee);
    b.stack.transport.onMessage(({ message, source }) => {
      if (message.kind === 'request') {
        expect(source.protocol).toBe(transport);
        seenByCallee.push(message);
      }
    });
    const proxy = parseUri(kamailio.uri(transport));
    if (!proxy.ok) throw new Error('bad proxy URI');
    const { session, handler } = a.call(`sip:${callee}@${KAMAILIO_REALM}`, {
      routeSet: preloadedRouteSet({ outboundProxy: proxy.value }),
    });
    await within(session.invite(), 8000, 'call set-up through kamailio');
    expect(session.state).toBe('established');
    // the INVITE was challenged by the proxy (407) and sent again with credentials
    expect(session.request?.header('proxy-authorization')).toMatch(/^Digest .*realm="interop.test"/);
    expect(handler.remote[0]).toMatch(/c=IN IP4 127\.0\.0\.1/);
    const answered = b.incoming[0]!;
    await within(answered.waitFor('established'), 3000, 'callee confirmed by ACK');
    // the INVITE came through kamailio, which record-routed the dialog
    const invite = seenByCallee.find((r) => r.method === 'INVITE')!;
    expect(invite.headers('via')).toHaveLength(2);
    const proxyPort = transport === 'tls' ? kamailio.tlsPort : kamailio.port;
    expect(invite.header('record-route')).toContain(`127.0.0.1:${proxyPort}`);

    await within(session.bye(), 5000, 'BYE');
    const reason = await within(answered.ended(), 3000, 'callee sees the BYE');
    expect(reason).toMatchObject({ cause: 'bye', by: 'remote' });
    expect(seenByCallee.map((r) => r.method)).toEqual(expect.arrayContaining(['INVITE', 'ACK', 'BYE']));
  });

  // RFC 3261 12.1.1: the callee's 2xx copies the INVITE's Record-Route, so the caller's
  // ACK and BYE follow the route set through kamailio instead of going straight to the callee.
  it.each(['udp', 'tcp', 'tls'])(
    'over %s: ACK and BYE follow the Record-Route through kamailio',
    (transport) => {
      const seen = calleeSaw.get(transport);
      expect(seen, 'the call test of this transport ran').toBeDefined();
      for (const r of seen!.filter((m) => m.method === 'ACK' || m.method === 'BYE')) {
        expect(r.headers('via'), `${r.method} came through the proxy`).toHaveLength(2);
      }
    },
  );
});
