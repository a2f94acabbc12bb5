/**
 * The example of README.md, run against real UDP sockets on 127.0.0.1.
 * Imports are relative here; in the README they read `from '@twinkle/sip-core'`.
 */
import { expect, it } from 'vitest';
import { createRequest, createResponse } from '../message/build.js';
import { SipTransportLayer } from '../transport/sip-transport-layer.js';
import { TransactionLayer } from './transaction-layer.js';

it('runs the transaction README example', async () => {
  // --- README example start
  const listen = [{ protocol: 'udp', address: '127.0.0.1', port: 0 }] as const;
  const bob = await SipTransportLayer.create({ listen });
  const alice = await SipTransportLayer.create({ listen });
  const bobTx = new TransactionLayer({ transport: bob }); // T1/T2/T4 default: 500/4000/5000 ms
  const aliceTx = new TransactionLayer({ transport: alice, timers: { t1: 250 } });

  // Server side: every new request arrives as a server transaction.
  bobTx.onRequest((tx) => tx.respond(createResponse(tx.request, 200)));

  // Client side: the top Via carries a fresh z9hG4bK branch; responses come to the user.
  const me = alice.localAddress('udp')!;
  const to = bob.localAddress('udp')!;
  const options = createRequest({
    method: 'OPTIONS',
    uri: `sip:bob@${to.host}:${to.port}`,
    via: `SIP/2.0/UDP ${me.host}:${me.port};branch=z9hG4bK-${crypto.randomUUID()}`,
    from: `<sip:alice@${me.host}>;tag=1928301774`,
    to: `<sip:bob@${to.host}>`,
    callId: crypto.randomUUID(),
    cseq: 1,
  });
  const status = await new Promise<number>((resolve, reject) => {
    aliceTx.sendRequest(
      options,
      { protocol: 'udp', address: to.host, port: to.port },
      {
        onResponse: (r) => resolve(r.status),
        onFailure: (f) => reject(new Error(f.kind)), // 'timeout' (Timer B/F) or 'transport'
      },
    );
  });
  console.log(status); // 200

  aliceTx.close();
  bobTx.close();
  await alice.close();
  await bob.close();
  // --- README example end
  expect(status).toBe(200);
});
