/**
 * A nonce that expired at kamailio (auth nonce_expire 2 s): the refresh of a
 * registration reuses it, kamailio answers 401 with stale=true, and our
 * client answers the new challenge at once with the same credentials
 * (RFC 7616 3.3) instead of failing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAMAILIO_REALM, KAMAILIO_USERS, KamailioPeer, requirePeer, within } from './harness/index.js';
import { type OurStack, startOurStack } from './our-stack.js';
import { Registration, type SipResponse } from './stack.js';

const peers = requirePeer('kamailio');

describe.skipIf(peers.skip)('stale nonce at kamailio', () => {
  let kamailio: KamailioPeer;
  let stack: OurStack;

  beforeAll(async () => {
    peers.assert();
    kamailio = await KamailioPeer.start({ nonceExpireS: 2 });
    stack = await startOurStack();
  });
  afterAll(async () => {
    await stack?.close();
    await kamailio?.close();
  });

  it('refresh after the nonce expired: 401 stale=true, answered without asking, 200', async () => {
    const reg = new Registration({
      transactions: stack.transactions,
      registrar: `sip:${KAMAILIO_REALM}`,
      aor: `sip:alice@${KAMAILIO_REALM}`,
      outboundProxy: kamailio.uri('udp'),
      localAddress: (p) => stack.transport.localAddress(p),
      resolveTarget: (uri) => stack.locate(uri),
      credentials: {
        credentials: [{ realm: KAMAILIO_REALM, username: 'alice', password: KAMAILIO_USERS.alice }],
      },
      expires: 8,
      refreshMarginSeconds: 30,
    });
    const responses: SipResponse[] = [];
    const off = stack.transport.onMessage(({ message }) => {
      if (message.kind === 'response' && message.cseq?.method === 'REGISTER') responses.push(message);
    });
    try {
      expect((await within(reg.register(), 5000, 'REGISTER')).state).toBe('registered');
      // refresh at max(8/2, 8-30) = 4 s, after the 2 s nonce lifetime
      await within(
        new Promise<void>((resolve) => {
          const stop = reg.stateChange.on((s) => {
            if (s.state === 'registered') {
              stop();
              resolve();
            }
          });
        }),
        8000,
        'refresh',
      );
      expect(responses.map((r) => r.status)).toEqual([401, 200, 401, 200]);
      expect(responses[2]!.header('www-authenticate')).toMatch(/stale=true/i);
      expect(reg.state.state).toBe('registered');
      await within(reg.unregister(), 5000, 'unregister');
    } finally {
      off();
      reg.close();
    }
  });
});
