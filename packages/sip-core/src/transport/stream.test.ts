import { X509Certificate } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createResponse } from '../message/build.js';
import { parseMessage } from '../message/parse-message.js';
import type { SipRequest } from '../message/sip-message.js';
import type { FlowFailure } from './keep-alive.js';
import type { ListenSpec, SipTransportOptions } from './options.js';
import { SipTransportLayer } from './sip-transport-layer.js';
import { nextMessage, nextUnparseable, options, TLS, until } from './transport.test.util.js';

const open: SipTransportLayer[] = [];
const sockets: (Socket | Server)[] = [];
const layer = async (listen: ListenSpec[], extra: Partial<SipTransportOptions> = {}) => {
  const l = await SipTransportLayer.create({ listen, tls: { ...TLS }, ...extra });
  open.push(l);
  return l;
};
afterEach(async () => {
  for (const s of sockets.splice(0)) 'destroy' in s ? s.destroy() : s.close();
  await Promise.all(open.splice(0).map((l) => l.close()));
});

describe.each([
  ['tcp', '127.0.0.1'],
  ['tcp', '::1'],
  ['tls', '127.0.0.1'],
  ['tls', '::1'],
] as const)('%s over %s', (protocol, address) => {
  it('carries requests and responses both ways over one connection', async () => {
    const a = await layer([{ protocol, address, port: 0 }]);
    const b = await layer([{ protocol, address, port: 0 }]);
    const aAddr = a.localAddress(protocol)!;
    const bAddr = b.localAddress(protocol)!;
    const got = nextMessage(b);
    await a.sendRequest(options(aAddr, protocol), {
      protocol,
      address,
      port: bAddr.port,
      serverName: address,
    });
    const req = await got;
    expect(req.source).toMatchObject({ protocol, remoteAddress: address });
    const back = nextMessage(a);
    await b.sendResponse(createResponse(req.message as SipRequest, 200), req.source);
    expect((await back).message).toMatchObject({ kind: 'response', status: 200 });
    // B sends a request to A's listening address: the connection A opened is reused (Via alias).
    // (No serverName: an incoming TLS connection has no certificate checked for a name.)
    const reverse = nextMessage(a);
    await b.sendRequest(options(bAddr, protocol), { protocol, address, port: aAddr.port });
    expect((await reverse).message.kind).toBe('request');
    expect(a.connectionCount).toBe(1);
    expect(b.connectionCount).toBe(1);
  });
});

describe('TLS certificate verification', () => {
  it('fails without the CA and for a name the certificate lacks', async () => {
    const b = await layer([{ protocol: 'tls', address: '127.0.0.1', port: 0 }]);
    const port = b.localAddress('tls')!.port;
    const noCa = await layer([], { tls: {} });
    await expect(
      noCa.sendRequest(options('127.0.0.1:5061', 'tls'), { protocol: 'tls', address: '127.0.0.1', port }),
    ).rejects.toMatchObject({ code: 'tls' });
    const wrongName = await layer([], { tls: { ca: TLS.ca } });
    await expect(
      wrongName.sendRequest(options('127.0.0.1:5061', 'tls'), {
        protocol: 'tls',
        address: '127.0.0.1',
        port,
        serverName: 'sip.example.com',
      }),
    ).rejects.toMatchObject({ code: 'tls' });
    const withCa = await layer([], { tls: { ca: TLS.ca } });
    const got = nextMessage(b);
    await withCa.sendRequest(options('127.0.0.1:5061', 'tls'), {
      protocol: 'tls',
      address: '127.0.0.1',
      port,
      serverName: 'localhost',
    });
    expect((await got).source.protocol).toBe('tls');
  });
});

describe('per-profile trust', () => {
  it('pins a certificate by fingerprint and picks TLS settings per destination', async () => {
    const b = await layer([{ protocol: 'tls', address: '127.0.0.1', port: 0 }]);
    const port = b.localAddress('tls')!.port;
    const dest = { protocol: 'tls' as const, address: '127.0.0.1', port, serverName: 'sip.example.com' };
    const fp = new X509Certificate(TLS.cert).fingerprint256;
    const pinned = await layer([], { tls: { pinnedCertificates: [fp.toLowerCase()] } });
    const got = nextMessage(b);
    await pinned.sendRequest(options('127.0.0.1:5061', 'tls'), dest);
    await got;
    const wrongPin = await layer([], { tls: { pinnedCertificates: ['00'.repeat(32)] } });
    await expect(wrongPin.sendRequest(options('127.0.0.1:5061', 'tls'), dest)).rejects.toMatchObject({
      code: 'tls',
    });
    const perDest = await layer([], {
      tls: {},
      tlsFor: (d) => (d.serverName === 'localhost' ? { ca: TLS.ca } : undefined),
    });
    const got2 = nextMessage(b);
    await perDest.sendRequest(options('127.0.0.1:5061', 'tls'), { ...dest, serverName: 'localhost' });
    await got2;
    await expect(
      perDest.sendRequest(options('127.0.0.1:5061', 'tls'), {
        ...dest,
        address: '::1',
        serverName: 'other.example.com',
      }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/tls|connection-failed/) });
  });
});

describe('mutual TLS', () => {
  it('asks clients for a certificate signed by the trusted CA', async () => {
    const b = await layer([{ protocol: 'tls', address: '127.0.0.1', port: 0 }], {
      tls: { ...TLS, requestClientCert: true },
    });
    const dest = { protocol: 'tls' as const, address: '127.0.0.1', port: b.localAddress('tls')!.port };
    const anonymous = await layer([], { tls: { ca: TLS.ca } });
    const messages: unknown[] = [];
    b.onMessage((m) => messages.push(m));
    // The handshake may complete on our side before the server refuses: no message may arrive.
    await anonymous.sendRequest(options('127.0.0.1:5061', 'tls'), dest).catch(() => {});
    await new Promise((r) => setTimeout(r, 100));
    expect(messages).toEqual([]);
    const withCert = await layer([], { tls: { ...TLS } });
    const got = nextMessage(b);
    await withCert.sendRequest(options('127.0.0.1:5061', 'tls'), dest);
    expect((await got).source.protocol).toBe('tls');
  });
});

/** A raw TCP client of a layer, collecting what it receives. */
async function rawClient(port: number) {
  const sock = connect({ host: '127.0.0.1', port });
  sockets.push(sock);
  let data = Buffer.alloc(0);
  sock.on('data', (d) => {
    data = Buffer.concat([data, d]);
  });
  await new Promise<void>((r) => sock.once('connect', () => r()));
  return { sock, received: () => data.toString('latin1') };
}

describe('stream framing', () => {
  it('frames a message cut into one-byte chunks and answers a CRLF ping with a pong', async () => {
    const b = await layer([{ protocol: 'tcp', address: '127.0.0.1', port: 0 }]);
    const c = await rawClient(b.localAddress('tcp')!.port);
    const msg = Buffer.from(options('127.0.0.1:5060', 'tcp', { body: 'hello\r\n\r\nworld' }).toBytes());
    const got = nextMessage(b);
    c.sock.write('\r\n\r\n');
    for (const byte of msg) {
      c.sock.write(Buffer.from([byte]));
      await new Promise((r) => setImmediate(r));
    }
    const m = await got;
    expect(m.message.bodyText).toBe('hello\r\n\r\nworld');
    await until(() => c.received() === '\r\n');
  });

  it('answers 400 to a bad request on a stream and keeps reading', async () => {
    const b = await layer([{ protocol: 'tcp', address: '127.0.0.1', port: 0 }]);
    const c = await rawClient(b.localAddress('tcp')!.port);
    const report = nextUnparseable(b);
    c.sock.write(
      'MESSAGE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKx\r\n' +
        'From: <sip:a@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: tcp-bad\r\nCSeq: 2 MESSAGE\r\n' +
        'Content-Length: 0\r\n\r\n'.replace(
          'Content-Length: 0',
          'Content-Length: 0\r\nbroken line without colon',
        ),
    );
    expect((await report).code).toBe('bad-header-line');
    await until(() => c.received().includes('\r\n\r\n'));
    const res = parseMessage(Buffer.from(c.received(), 'latin1'));
    expect(res.ok && res.message.kind === 'response' && res.message.status).toBe(400);
    const got = nextMessage(b);
    c.sock.write(options('127.0.0.1:5060', 'tcp').toBytes());
    await got;
  });

  it('answers 400 to the right message when it follows a good one or spans chunks', async () => {
    const b = await layer([{ protocol: 'tcp', address: '127.0.0.1', port: 0 }]);
    const c = await rawClient(b.localAddress('tcp')!.port);
    const bad = (id: string) =>
      `INFO sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK${id}\r\n` +
      `From: <sip:a@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: ${id}\r\nCSeq: 3 INFO\r\n` +
      'Bad Header\r\nContent-Length: 0\r\n\r\n';
    const good = Buffer.from(options('127.0.0.1:5060', 'tcp').toBytes()).toString('latin1');
    const got = nextMessage(b);
    c.sock.write(`\r\n${good}\r\n${bad('first-bad')}`);
    await got;
    await until(() => c.received().includes('first-bad'));
    const second = bad('second-bad');
    c.sock.write(good + second.slice(0, 40));
    await new Promise((r) => setTimeout(r, 30));
    c.sock.write(second.slice(40, 90));
    await new Promise((r) => setTimeout(r, 30));
    c.sock.write(second.slice(90));
    await until(() => c.received().includes('second-bad'));
    const answers = c.received().split('SIP/2.0 400').length - 1;
    expect(answers).toBe(2);
  });

  it('closes the connection when framing is lost (no Content-Length)', async () => {
    const b = await layer([{ protocol: 'tcp', address: '127.0.0.1', port: 0 }]);
    const c = await rawClient(b.localAddress('tcp')!.port);
    const closed = new Promise<void>((r) => c.sock.once('close', () => r()));
    c.sock.write('OPTIONS sip:x@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\r\n');
    await closed;
    await until(() => b.connectionCount === 0);
  });
});

describe('keep-alives and idle connections on streams (RFC 5626 4.4.1)', () => {
  it('keeps a flow alive with CRLF pings answered by the peer', async () => {
    const a = await layer([{ protocol: 'tcp', address: '127.0.0.1', port: 0 }], { pongTimeoutMs: 200 });
    const b = await layer([{ protocol: 'tcp', address: '127.0.0.1', port: 0 }]);
    const failures: FlowFailure[] = [];
    a.onFlowFailed((f) => failures.push(f));
    const dest = { protocol: 'tcp' as const, address: '127.0.0.1', port: b.localAddress('tcp')!.port };
    const ka = a.startKeepAlive(dest, { intervalMs: 30 });
    await new Promise((r) => setTimeout(r, 400));
    ka.stop();
    expect(failures).toEqual([]);
    expect(a.connectionCount).toBe(1);
  });

  it('reports a dead flow when no pong comes back', async () => {
    const silent = createServer((s) => {
      sockets.push(s);
      s.on('data', () => {}); // reads, never answers
    });
    sockets.push(silent);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    const a = await layer([], { pongTimeoutMs: 100 });
    const failed = new Promise<FlowFailure>((r) => a.onFlowFailed(r));
    a.startKeepAlive({ protocol: 'tcp', address: '127.0.0.1', port }, { intervalMs: 20 });
    expect(await failed).toMatchObject({ reason: 'no-pong' });
    await until(() => a.connectionCount === 0);
  });

  it('pings every outgoing connection when streamKeepAliveMs is set', async () => {
    const silent = createServer((s) => {
      sockets.push(s);
      s.on('data', () => {});
    });
    sockets.push(silent);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    const a = await layer([], { streamKeepAliveMs: 20, pongTimeoutMs: 80 });
    const failed = new Promise<FlowFailure>((r) => a.onFlowFailed(r));
    await a.sendRequest(options('127.0.0.1:1', 'tcp'), { protocol: 'tcp', address: '127.0.0.1', port });
    expect(await failed).toMatchObject({ reason: 'no-pong', destination: { port } });
  });

  it('closes idle connections', async () => {
    const a = await layer([], { idleTimeoutMs: 60 });
    const b = await layer([{ protocol: 'tcp', address: '127.0.0.1', port: 0 }]);
    await a.sendRequest(options('127.0.0.1:1', 'tcp'), {
      protocol: 'tcp',
      address: '127.0.0.1',
      port: b.localAddress('tcp')!.port,
    });
    expect(a.connectionCount).toBe(1);
    await until(() => a.connectionCount === 0 && b.connectionCount === 0, 2000);
  });
});

describe('response routing over streams (RFC 3261 18.2.2)', () => {
  it('opens a new connection to sent-by when the request connection is gone', async () => {
    const a = await layer([{ protocol: 'tcp', address: '127.0.0.1', port: 0 }]);
    const b = await layer([{ protocol: 'tcp', address: '127.0.0.1', port: 0 }]);
    const c = await rawClient(b.localAddress('tcp')!.port);
    const got = nextMessage(b);
    // The request comes from a raw connection but its Via names A's listening port.
    c.sock.write(options(a.localAddress('tcp')!, 'tcp').toBytes());
    const req = await got;
    c.sock.destroy();
    await until(() => b.connectionCount === 0);
    const back = nextMessage(a);
    await b.sendResponse(createResponse(req.message as SipRequest, 200), req.source);
    expect((await back).message).toMatchObject({ kind: 'response', status: 200 });
  });
});

describe('UDP size rule (RFC 3261 18.1.1)', () => {
  it('sends a large request over TCP with the Via changed, or over UDP when TCP is refused', async () => {
    const spec = (p: 'udp' | 'tcp', port = 0): ListenSpec => ({ protocol: p, address: '127.0.0.1', port });
    const a = await layer([spec('udp'), spec('tcp')]);
    const bUdp = await layer([spec('udp')]);
    const port = bUdp.localAddress('udp')!.port;
    const big = options(a.localAddress('udp')!, 'udp', { body: 'x'.repeat(1400) });
    const dest = { protocol: 'udp' as const, address: '127.0.0.1', port };
    // No TCP listener on that port yet: the connection is refused and UDP is used (18.1.1).
    const viaUdp = nextMessage(bUdp);
    await a.sendRequest(big, dest);
    expect((await viaUdp).message.via?.[0]?.transport).toBe('UDP');
    const bTcp = await layer([spec('tcp', port)]);
    const got = nextMessage(bTcp);
    await a.sendRequest(big, dest);
    const m = await got;
    expect(m.source.protocol).toBe('tcp');
    expect(m.message.via?.[0]).toMatchObject({ transport: 'TCP', port: a.localAddress('tcp')!.port });
    // A small one stays on UDP.
    const small = nextMessage(bUdp);
    await a.sendRequest(options(a.localAddress('udp')!, 'udp'), dest);
    expect((await small).source.protocol).toBe('udp');
  });

  it('fails when TCP is not available, or sends over UDP when told to', async () => {
    const a = await layer([{ protocol: 'udp', address: '127.0.0.1', port: 0 }]);
    const b = await layer([{ protocol: 'udp', address: '127.0.0.1', port: 0 }]);
    const big = options(a.localAddress('udp')!, 'udp', { body: 'x'.repeat(1400) });
    const dest = { protocol: 'udp' as const, address: '127.0.0.1', port: b.localAddress('udp')!.port };
    await expect(a.sendRequest(big, dest)).rejects.toMatchObject({ code: 'too-large' });
    const lax = await layer([{ protocol: 'udp', address: '127.0.0.1', port: 0 }], {
      largeRequests: 'send-udp',
    });
    const got = nextMessage(b);
    await lax.sendRequest(big, dest);
    expect((await got).source.protocol).toBe('udp');
  });
});

describe('stream robustness', () => {
  it('survives mutated input in random chunks on many connections and keeps serving', async () => {
    const b = await layer([{ protocol: 'tcp', address: '127.0.0.1', port: 0 }]);
    const port = b.localAddress('tcp')!.port;
    let seed = 99;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const base = Buffer.from(options('127.0.0.1:5060', 'tcp', { body: 'hello' }).toBytes());
    for (let c = 0; c < 30; c++) {
      const client = await rawClient(port);
      const m = Buffer.concat([base, base]);
      for (let k = rnd(6); k > 0; k--) m[rnd(m.length)] = rnd(256);
      for (let pos = 0; pos < m.length; ) {
        const n = 1 + rnd(200);
        client.sock.write(m.subarray(pos, pos + n));
        pos += n;
      }
      client.sock.end();
    }
    const bodies: string[] = [];
    b.onMessage((m) => bodies.push(m.message.bodyText));
    const c = await rawClient(port);
    c.sock.write(options('127.0.0.1:5060', 'tcp', { body: 'final' }).toBytes());
    await until(() => bodies.includes('final'));
  });
});
