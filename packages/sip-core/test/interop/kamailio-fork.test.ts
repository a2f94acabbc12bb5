/**
 * Forking by a real proxy: two of our UAs register as the same user, so
 * kamailio forks the INVITE to both (RFC 3261 16.6). Both answer at once, so
 * either both 200s reach the caller (the caller keeps the first dialog and
 * ACKs and BYEs the second, 13.2.2.4) or kamailio CANCELs the slower branch
 * (487). Either way exactly one callee session stays up until the caller
 * hangs up, and nothing is left established afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAMAILIO_REALM, KAMAILIO_USERS, KamailioPeer, requirePeer, within } from './harness/index.js';
import { type OurUa, startOurUa } from './our-ua.js';
import { type InviteServerSession, parseUri, preloadedRouteSet, Registration } from './stack.js';

const peers = requirePeer('kamailio');

describe.skipIf(peers.skip)('forking through kamailio', () => {
  let kamailio: KamailioPeer;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    peers.assert();
    kamailio = await KamailioPeer.start();
  });
  afterAll(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
    await kamailio?.close();
  });

  async function registered(user: 'alice' | 'bob', autoAnswer: boolean): Promise<OurUa> {
    const ua = await startOurUa({
      user,
      domain: KAMAILIO_REALM,
      credentials: [{ realm: KAMAILIO_REALM, username: user, password: KAMAILIO_USERS[user] }],
      autoAnswer,
    });
    cleanups.push(() => ua.close());
    const registration = new Registration({
      transactions: ua.stack.transactions,
      registrar: `sip:${KAMAILIO_REALM}`,
      aor: `sip:${user}@${KAMAILIO_REALM}`,
      outboundProxy: kamailio.uri('udp'),
      localAddress: (p) => ua.stack.transport.localAddress(p),
      resolveTarget: (uri) => ua.stack.locate(uri),
      auth: ua.auth!,
      expires: 60,
    });
    cleanups.push(() => registration.close());
    expect((await within(registration.register(), 5000, `${user} REGISTER`)).state).toBe('registered');
    return ua;
  }

  it('two registrations of bob: one callee session survives, the other is BYEd or cancelled', async () => {
    const alice = await registered('alice', false);
    const bob1 = await registered('bob', true);
    const bob2 = await registered('bob', true);
    const proxy = parseUri(kamailio.uri('udp'));
    if (!proxy.ok) throw new Error('bad proxy URI');
    const { session } = alice.call(`sip:bob@${KAMAILIO_REALM}`, {
      routeSet: preloadedRouteSet({ outboundProxy: proxy.value }),
    });
    await within(session.invite(), 8000, 'forked call set-up');
    // let a second 200 arrive and be ACKed and BYEd, or the CANCEL land: wait (bounded, not a
    // fixed sleep, which a loaded machine can outrun) until one session is up and the other ended
    const settled = (): boolean => {
      const all = [...bob1.incoming, ...bob2.incoming];
      return (
        all.filter((s) => s.state === 'established').length === 1 && all.some((s) => s.reason !== undefined)
      );
    };
    for (const end = Date.now() + 10_000; !settled() && Date.now() < end; )
      await new Promise((r) => setTimeout(r, 20));
    const callees: InviteServerSession[] = [...bob1.incoming, ...bob2.incoming];
    expect(callees).toHaveLength(2); // kamailio forked to both contacts
    const up = callees.filter((s) => s.state === 'established');
    expect(up, callees.map((s) => `${s.state}/${s.reason?.cause}`).join(' ')).toHaveLength(1);
    const other = callees.find((s) => s !== up[0])!;
    expect(['bye', 'cancelled']).toContain(other.reason?.cause);
    // the survivor is the dialog the caller kept
    expect(up[0]!.dialogId?.localTag).toBe(session.dialogId?.remoteTag);

    await within(session.bye(), 5000, 'BYE');
    await within(up[0]!.ended(), 3000, 'callee sees the BYE');
    expect(callees.every((s) => s.state === 'terminated')).toBe(true);
  });
});
