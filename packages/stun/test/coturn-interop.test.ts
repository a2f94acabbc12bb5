// Our client against coturn 4.6 (an independent STUN server) on 127.0.0.1.
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupMapping, nodeDatagramSocket, StunAttr, StunClient, software } from '../src/index.js';
import {
  freeUdpPort,
  hasCommand,
  haveIpv6Loopback,
  type StunServer,
  startCoturn,
} from './coturn.test.util.js';

const have = hasCommand('turnserver');
if (!have && process.env.CI === 'true') throw new Error('turnserver (Debian coturn) is required in CI');

describe.skipIf(!have)('against coturn turnserver --stun-only', () => {
  let server: StunServer;
  beforeAll(async () => {
    server = await startCoturn();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('learns the mapping of a given local port (XOR-MAPPED-ADDRESS, FINGERPRINT checked)', async () => {
    const port = await freeUdpPort();
    const r = await lookupMapping(server, { address: '127.0.0.1', port, software: 'twinkle test' });
    if (!r.ok) throw new Error(r.message);
    expect(r.mapped).toEqual({ family: 'IPv4', address: '127.0.0.1', port });
    expect(r.requests).toBe(1);
    expect(r.localPort).toBe(port);
    expect(software(r.response)).toMatch(/Coturn/i);
    // coturn also sends RFC 3489's MAPPED-ADDRESS; both agree.
    expect(r.response.attributes.map((a) => a.type)).toContain(StunAttr.XOR_MAPPED_ADDRESS);
  });

  it('retransmits until answered: two requests lost on the way out', async () => {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    const bound = s.address().port;
    const real = nodeDatagramSocket(s);
    let dropped = 0;
    const lossy = {
      send: (data: Uint8Array, to: { address: string; port: number }) => {
        if (dropped < 2) {
          dropped += 1;
          return;
        }
        return real.send(data, to);
      },
      onMessage: real.onMessage,
    };
    const client = new StunClient({ socket: lossy, rto: 50 });
    const r = await client.bind(server);
    client.close();
    await new Promise<void>((done) => s.close(() => done()));
    expect(r).toMatchObject({ ok: true, requests: 3, mapped: { address: '127.0.0.1', port: bound } });
    if (r.ok) expect(r.rttMs).toBeGreaterThanOrEqual(150);
  });

  it('shares a socket with other traffic: non-STUN datagrams pass by, concurrent transactions resolve', async () => {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    const others: string[] = [];
    // The owner demultiplexes: the client gets no listener of its own, only what receive() is offered.
    const send = nodeDatagramSocket(s).send;
    const client = new StunClient({ socket: { send, onMessage: () => () => {} }, fingerprint: false });
    s.on('message', (m, rinfo) => {
      if (!client.receive(m, rinfo)) others.push(m.toString());
    });
    const peer = createSocket('udp4');
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', () => r()));
    peer.send('OPTIONS sip:x SIP/2.0\r\n\r\n', s.address().port, '127.0.0.1');
    const rs = await Promise.all([client.bind(server), client.bind(server), client.bind(server)]);
    for (const r of rs)
      expect(r).toMatchObject({ ok: true, mapped: { address: '127.0.0.1', port: s.address().port } });
    client.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(others).toEqual(['OPTIONS sip:x SIP/2.0\r\n\r\n']);
    await new Promise<void>((d) => peer.close(() => d()));
    await new Promise<void>((d) => s.close(() => d()));
  });

  it('times out (bounded) when nothing answers', async () => {
    const port = await freeUdpPort();
    const r = await lookupMapping(
      { address: '127.0.0.1', port },
      { address: '127.0.0.1', rto: 20, rc: 3, rm: 4 },
    );
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(['timeout', 'send-failed']).toContain(r.code);
  });
});

const ipv6 = have && (await haveIpv6Loopback());

// IPv6 loopback may be off in a container: then there is nothing to test against.
describe.skipIf(!ipv6)('against coturn on ::1', () => {
  it('learns an IPv6 mapping (address XORed with cookie and transaction ID)', async () => {
    const server = await startCoturn('::1');
    try {
      const port = await freeUdpPort('::1');
      const r = await lookupMapping(server, { address: '::1', port });
      expect(r).toMatchObject({
        ok: true,
        mapped: { family: 'IPv6', address: '::1', port },
        localPort: port,
      });
    } finally {
      await server.stop();
    }
  });
});
