/** REFER inside a call made through the facade: the call's dialog is shared with the event framework. */
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingRefer } from '../events/incoming-refer.js';
import type { Body, SessionDescriptionHandler } from '../session/types.js';
import { createUserAgent, type UserAgent } from './user-agent.js';

const open: UserAgent[] = [];
afterEach(async () => {
  for (const ua of open.splice(0)) await ua.close();
});

const sdp = (port: number): Body => ({
  contentType: 'application/sdp',
  body: new TextEncoder().encode(
    `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\n`,
  ),
});
const media = (port: number): SessionDescriptionHandler => ({
  getOffer: async () => sdp(port),
  getAnswer: async () => sdp(port),
  setAnswer: async () => {},
});

describe('UserAgent: REFER inside a call (RFC 3515, RFC 5057 shared dialog)', () => {
  it('reaches the peer event framework and reports the sipfrag outcome to the referrer', async () => {
    const listen = [{ protocol: 'udp' as const, address: '127.0.0.1', port: 0 }];
    const refers: IncomingRefer[] = [];
    const bob = await createUserAgent({
      transports: listen,
      aor: 'sip:bob@example.test',
      media: () => media(40020),
      events: {
        delegate: {
          onRefer: (refer) => {
            refers.push(refer);
            refer.accept();
            refer.complete(200, 'OK');
          },
        },
      },
    });
    const alice = await createUserAgent({ transports: listen, aor: 'sip:alice@example.test' });
    open.push(alice, bob);
    bob.onInvite((call) => void call.accept());
    const target = `sip:bob@127.0.0.1:${bob.transport.localAddress('udp')!.port}`;
    const call = alice.invite(target, media(40022));
    await call.invite();
    const dialog = alice.dialogs.get(call.dialogId!);
    expect(dialog).toBeDefined();

    const referral = alice.events.refer(dialog!, 'sip:carol@127.0.0.1');
    const outcome = await referral.outcome;
    expect(refers).toHaveLength(1);
    expect(outcome).toMatchObject({ kind: 'final', status: { status: 200 } });

    await call.bye();
    expect(call.reason?.cause).toBe('bye');
  });
});
