/**
 * The transaction layer over the real socket transport on 127.0.0.1 and
 * ::1 (UDP and TCP), in real time with a short T1 so that timers elapse
 * quickly. Every wait is bounded; everything opened is closed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRequest, createResponse } from '../message/build.js';
import type { SipRequest } from '../message/sip-message.js';
import { RecordingClientUser, testBranch } from '../testing/index.js';
import { SipTransportLayer } from '../transport/sip-transport-layer.js';
import type { TransportProtocol } from '../transport/types.js';
import { TransactionLayer } from './transaction-layer.js';
import type { ServerTransaction, StrayAck } from './types.js';

const TIMERS = { t1: 40, t2: 160, t4: 200 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function peer(protocol: 'udp' | 'tcp', address: string, timers = TIMERS) {
  const transport = await SipTransportLayer.create({
    listen: [{ protocol, address, port: 0 }],
    websocket: false,
  });
  const layer = new TransactionLayer({ transport, timers, tryingDelayMs: 20 });
  cleanups.push(async () => {
    layer.close();
    await transport.close();
  });
  const local = transport.localAddress(protocol)!;
  return { transport, layer, local };
}

type Peer = Awaited<ReturnType<typeof peer>>;

function request(from: Peer, to: Peer, method: string, protocol: TransportProtocol): SipRequest {
  const host = to.local.host;
  return createRequest({
    method,
    uri: `sip:bob@${host}:${to.local.port}`,
    via: `SIP/2.0/${protocol.toUpperCase()} ${from.local.host}:${from.local.port};branch=${testBranch()};rport`,
    from: `<sip:alice@${from.local.host}>;tag=a1`,
    to: `<sip:bob@${host}>`,
    callId: `${testBranch()}@loopback`,
    cseq: 1,
    contact: `<sip:alice@${from.local.host}:${from.local.port}>`,
  });
}

describe.each([
  ['udp', '127.0.0.1'],
  ['tcp', '127.0.0.1'],
  ['udp', '::1'],
  ['tcp', '::1'],
] as const)('transactions over %s on %s', (protocol, address) => {
  const dest = (p: Peer) => ({ protocol, address, port: p.local.port });

  it('INVITE: 100 Trying from the layer, 180, 486, ACK absorbed by the server transaction', async () => {
    const alice = await peer(protocol, address);
    const bob = await peer(protocol, address);
    const servers: ServerTransaction[] = [];
    bob.layer.onRequest((tx) => {
      servers.push(tx);
      setTimeout(() => tx.respond(createResponse(tx.request, 180, undefined, { toTag: 'b' })), 60);
      setTimeout(() => tx.respond(createResponse(tx.request, 486, undefined, { toTag: 'b' })), 90);
    });
    const user = new RecordingClientUser();
    const tx = alice.layer.sendRequest(request(alice, bob, 'INVITE', protocol), dest(bob), user);
    await until(() => servers[0]?.state === 'confirmed' || servers[0]?.state === 'terminated');
    // Over UDP a late 100 lets Timer A fire, so a provisional may come twice; the order holds.
    expect([...new Set(user.statuses)]).toEqual([100, 180, 486]);
    expect(servers).toHaveLength(1);
    // Timer D is at least 32 s over UDP (table 4), 0 over TCP.
    await until(() => tx.state === (protocol === 'udp' ? 'completed' : 'terminated'));
    expect(user.failures).toEqual([]);
  });

  it('INVITE: 2xx passed up in Accepted, the ACK sent statelessly reaches the core', async () => {
    const alice = await peer(protocol, address);
    const bob = await peer(protocol, address);
    const acks: StrayAck[] = [];
    bob.layer.onStrayAck((a) => acks.push(a));
    bob.layer.onRequest((tx) => tx.respond(createResponse(tx.request, 200, undefined, { toTag: 'b' })));
    const invite = request(alice, bob, 'INVITE', protocol);
    const tx = alice.layer.sendRequest(invite, dest(bob), {
      onResponse: (r) => {
        const ack = createRequest({
          method: 'ACK',
          uri: invite.requestUri,
          via: `SIP/2.0/${protocol.toUpperCase()} ${alice.local.host}:${alice.local.port};branch=${testBranch()}`,
          from: invite.header('from')!,
          to: r.header('to')!,
          callId: invite.callId!,
          cseq: 1,
        });
        void alice.layer.sendStateless(ack, dest(bob));
      },
    });
    await until(() => acks.length === 1);
    expect(tx.state).toBe('accepted');
    expect(acks[0]!.request.to?.tag).toBe('b');
  });

  it('CANCEL after the provisional response: 200 for the CANCEL, onCancel, then 487', async () => {
    const alice = await peer(protocol, address);
    const bob = await peer(protocol, address);
    bob.layer.onRequest((tx) => {
      tx.respond(createResponse(tx.request, 180, undefined, { toTag: 'b' }));
      tx.onCancel(() => tx.respond(createResponse(tx.request, 487, undefined, { toTag: 'b' })));
    });
    const user = new RecordingClientUser();
    const tx = alice.layer.sendRequest(request(alice, bob, 'INVITE', protocol), dest(bob), user);
    tx.cancel();
    await until(() => user.statuses.includes(487));
    // A 180 may come twice over UDP (an INVITE retransmission under load); never after the 487.
    expect([...new Set(user.statuses)]).toEqual([180, 487]);
    expect(user.statuses.at(-1)).toBe(487);
  });

  it('non-INVITE: a silent peer times out at Timer F = 64*T1', async () => {
    const timers = { t1: 10, t2: 40, t4: 50 };
    const alice = await peer(protocol, address, timers);
    const bob = await peer(protocol, address);
    bob.layer.onRequest(() => {}); // never answers
    const user = new RecordingClientUser();
    const started = Date.now();
    alice.layer.sendRequest(request(alice, bob, 'OPTIONS', protocol), dest(bob), user);
    await until(() => user.terminated);
    expect(user.failures).toEqual([{ kind: 'timeout' }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(64 * timers.t1 - 5);
  });
});
