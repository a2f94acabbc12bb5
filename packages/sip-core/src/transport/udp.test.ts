import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { createResponse } from '../message/build.js';
import { parseMessage } from '../message/parse-message.js';
import type { SipRequest } from '../message/sip-message.js';
import type { MappedAddress } from './keep-alive.js';
import { SipTransportLayer } from './sip-transport-layer.js';
import { isStun, parseStun, stunBindingRequest } from './stun.js';
import { nextMessage, nextUnparseable, options } from './transport.test.util.js';

const open: SipTransportLayer[] = [];
const layer = async (
  address: string,
  extra: Partial<Parameters<typeof SipTransportLayer.create>[0]> = {},
) => {
  const l = await SipTransportLayer.create({ listen: [{ protocol: 'udp', address, port: 0 }], ...extra });
  open.push(l);
  return l;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

/** A raw UDP socket on loopback that collects what it receives. */
async function rawUdp(family: 4 | 6 = 4) {
  const sock = createSocket(family === 6 ? 'udp6' : 'udp4');
  const got: Buffer[] = [];
  sock.on('message', (m) => got.push(m));
  await new Promise<void>((r) => sock.bind(0, family === 6 ? '::1' : '127.0.0.1', () => r()));
  return {
    port: sock.address().port,
    got,
    send: (data: Uint8Array | string, port: number, host = family === 6 ? '::1' : '127.0.0.1') =>
      new Promise<void>((r) => sock.send(data, port, host, () => r())),
    next: async (ms = 2000) => {
      const end = Date.now() + ms;
      while (got.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      const m = got.shift();
      if (m === undefined) throw new Error('nothing received');
      return m;
    },
    close: () => new Promise<void>((r) => sock.close(() => r())),
  };
}

describe.each([
  ['IPv4', '127.0.0.1'],
  ['IPv6', '::1'],
])('UDP over %s', (_name, address) => {
  it('carries a request and its response both ways', async () => {
    const a = await layer(address);
    const b = await layer(address);
    const aAddr = a.localAddress('udp')!;
    const bAddr = b.localAddress('udp')!;
    expect(aAddr.host).toBe(address === '::1' ? '[::1]' : address);
    const got = nextMessage(b);
    await a.sendRequest(options(aAddr, 'udp'), { protocol: 'udp', address, port: bAddr.port });
    const req = await got;
    expect(req.message.kind).toBe('request');
    expect(req.source).toMatchObject({ protocol: 'udp', remoteAddress: address, remotePort: aAddr.port });
    // Same address as sent-by: no received added (RFC 3261 18.2.1), so no copy.
    expect(req.message.via?.[0]?.received).toBeUndefined();
    const back = nextMessage(a);
    await b.sendResponse(createResponse(req.message as SipRequest, 200), req.source);
    const res = await back;
    expect(res.message.kind === 'response' && res.message.status).toBe(200);
  });
});

describe('Via received and rport (RFC 3261 18.2.1, RFC 3581)', () => {
  it('stamps received and rport and sends the response to the source port', async () => {
    const b = await layer('127.0.0.1');
    const raw = await rawUdp();
    try {
      const got = nextMessage(b);
      // sent-by claims a host and port we are not at; rport asks for symmetric routing.
      await raw.send(
        options('192.0.2.7:5999', 'udp', { rport: true }).toBytes(),
        b.localAddress('udp')!.port,
      );
      const req = await got;
      const top = req.message.via![0]!;
      expect(top.received).toBe('127.0.0.1');
      expect(top.rport).toBe(raw.port);
      await b.sendResponse(createResponse(req.message as SipRequest, 200), req.source);
      const res = parseMessage(await raw.next());
      expect(res.ok && res.message.kind === 'response' && res.message.via?.[0]?.rport).toBe(raw.port);
    } finally {
      await raw.close();
    }
  });

  it('adds received without rport when only the host differs, and answers to sent-by port', async () => {
    const b = await layer('127.0.0.1');
    const raw = await rawUdp();
    const other = await rawUdp();
    try {
      const got = nextMessage(b);
      await raw.send(options(`localhost:${other.port}`, 'udp').toBytes(), b.localAddress('udp')!.port);
      const req = await got;
      expect(req.message.via![0]).toMatchObject({ received: '127.0.0.1', rport: undefined });
      await b.sendResponse(createResponse(req.message as SipRequest, 180), req.source);
      // Without rport, the response goes to received at the sent-by port (18.2.2).
      const res = parseMessage(await other.next());
      expect(res.ok && res.message.kind === 'response' && res.message.status).toBe(180);
      expect(raw.got.length).toBe(0);
    } finally {
      await raw.close();
      await other.close();
    }
  });
});

describe('unparseable datagrams', () => {
  it('answers 400 with the parse error as reason when a response can be built', async () => {
    const b = await layer('127.0.0.1');
    const raw = await rawUdp();
    try {
      const report = nextUnparseable(b);
      const bad =
        'INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKbad\r\n' +
        'From: <sip:a@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: bad-1\r\nCSeq: 1 INVITE\r\n' +
        'Content-Length: abc\r\n\r\n';
      await raw.send(bad, b.localAddress('udp')!.port);
      const r = await report;
      expect(r.code).toBe('bad-content-length');
      const res = parseMessage(await raw.next());
      expect(res.ok).toBe(true);
      if (!res.ok || res.message.kind !== 'response') throw new Error('no response');
      expect(res.message.status).toBe(400);
      expect(res.message.reason).toBe(r.reason);
      expect(res.message.callId).toBe('bad-1');
      expect(res.message.to?.tag).toMatch(/^[0-9a-f]{16}$/);
    } finally {
      await raw.close();
    }
  });

  it('drops garbage without the needed headers, keep-alive CRLFs silently, and survives', async () => {
    const b = await layer('127.0.0.1');
    const raw = await rawUdp();
    const reports: string[] = [];
    b.onUnparseable((u) => reports.push(u.code));
    try {
      const port = b.localAddress('udp')!.port;
      await raw.send('\r\n\r\n', port);
      await raw.send(Buffer.from([0xff, 0x00, 0x13, 0x37]), port);
      await raw.send('NOTSIP\r\n\r\n', port);
      const got = nextMessage(b);
      await raw.send(options('127.0.0.1:1', 'udp').toBytes(), port);
      await got;
      expect(reports.length).toBe(2);
      expect(raw.got.length).toBe(0);
    } finally {
      await raw.close();
    }
  });
});

describe('STUN on the UDP socket (RFC 5389, RFC 5626 4.4.2)', () => {
  it('answers Binding requests with the mapped address', async () => {
    const b = await layer('127.0.0.1');
    const raw = await rawUdp();
    try {
      const id = new Uint8Array(12).fill(7);
      await raw.send(stunBindingRequest(id), b.localAddress('udp')!.port);
      const answer = await raw.next();
      expect(isStun(answer)).toBe(true);
      expect(parseStun(answer)).toMatchObject({
        type: 0x0101,
        mapped: { address: '127.0.0.1', port: raw.port },
      });
    } finally {
      await raw.close();
    }
  });

  it('runs a STUN keep-alive and reports the mapped address; a silent target fails the flow', async () => {
    const a = await layer('127.0.0.1', { pongTimeoutMs: 150 });
    const b = await layer('127.0.0.1');
    const mapped: MappedAddress[] = [];
    a.onMappedAddress((m) => mapped.push(m));
    const ka = a.startKeepAlive(
      { protocol: 'udp', address: '127.0.0.1', port: b.localAddress('udp')!.port },
      { kind: 'stun', intervalMs: 40 },
    );
    const end = Date.now() + 2000;
    while (mapped.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    ka.stop();
    expect(mapped[0]).toMatchObject({ address: '127.0.0.1', port: a.localAddress('udp')!.port });
    const silent = await rawUdp();
    try {
      const failed = new Promise((resolve) => a.onFlowFailed(resolve));
      a.startKeepAlive(
        { protocol: 'udp', address: '127.0.0.1', port: silent.port },
        { kind: 'stun', intervalMs: 30 },
      );
      expect(await failed).toMatchObject({ reason: 'no-pong' });
    } finally {
      await silent.close();
    }
  });

  it('sends double-CRLF keep-alives at the interval', async () => {
    const a = await layer('127.0.0.1');
    const raw = await rawUdp();
    try {
      const ka = a.startKeepAlive(
        { protocol: 'udp', address: '127.0.0.1', port: raw.port },
        { intervalMs: 30 },
      );
      expect((await raw.next()).toString()).toBe('\r\n\r\n');
      expect((await raw.next()).toString()).toBe('\r\n\r\n');
      ka.stop();
    } finally {
      await raw.close();
    }
  });
});

describe('localAddress', () => {
  it('gives the bound address, the configured public one, or one set later', async () => {
    const a = await SipTransportLayer.create({
      listen: [
        { protocol: 'udp', address: '127.0.0.1', port: 0 },
        { protocol: 'udp', address: '::1', port: 0, advertise: { host: '2001:db8::10', port: 5060 } },
      ],
    });
    open.push(a);
    const port = a.localAddress('udp')!.port;
    expect(a.localAddress('udp')).toEqual({ protocol: 'udp', host: '127.0.0.1', port });
    expect(a.localAddressFor({ protocol: 'udp', address: '::1', port: 5060 })).toEqual({
      protocol: 'udp',
      host: '[2001:db8::10]',
      port: 5060,
    });
    a.advertise('udp', { host: '198.51.100.7' });
    expect(a.localAddress('udp')).toEqual({ protocol: 'udp', host: '198.51.100.7', port });
    a.advertise('udp', undefined);
    expect(a.localAddress('udp')?.host).toBe('127.0.0.1');
    expect(a.localAddress('tcp')).toBeUndefined();
    expect(a.localAddress('ws')?.host).toMatch(/^[0-9a-f]{12}\.invalid$/);
    expect(a.isReliable('udp')).toBe(false);
    expect(a.isReliable('tls')).toBe(true);
  });
});

describe('robustness', () => {
  it('survives mutated and truncated datagrams and keeps serving; every answer parses', async () => {
    const b = await layer('127.0.0.1');
    const raw = await rawUdp();
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    try {
      const port = b.localAddress('udp')!.port;
      const base = Buffer.from(options('127.0.0.1:5060', 'udp', { body: 'v=0\r\n' }).toBytes());
      for (let i = 0; i < 300; i++) {
        const m = Buffer.from(base.subarray(0, 1 + rnd(base.length)));
        for (let k = rnd(4); k > 0; k--) m[rnd(m.length)] = rnd(256);
        await raw.send(m, port);
      }
      // The burst may overflow the socket buffer: repeat the valid request until it gets through.
      let delivered = false;
      const off = b.onMessage(() => {
        delivered = true;
      });
      for (let i = 0; i < 20 && !delivered; i++) {
        await raw.send(options('127.0.0.1:5060', 'udp').toBytes(), port);
        await new Promise((r) => setTimeout(r, 100));
      }
      off();
      expect(delivered).toBe(true);
      expect(raw.got.length).toBeGreaterThan(0);
      for (const answer of raw.got) {
        const r = parseMessage(answer);
        expect(r.ok && r.message.kind).toBe('response');
      }
    } finally {
      await raw.close();
    }
  });
});

describe('one port number on both families', () => {
  it('serves 127.0.0.1 and ::1 on the same port, answering from the right socket', async () => {
    const probe = await layer('127.0.0.1');
    const port = probe.localAddress('udp')!.port;
    await probe.close();
    const b = await SipTransportLayer.create({
      listen: [
        { protocol: 'udp', address: '127.0.0.1', port },
        { protocol: 'udp', address: '::1', port },
      ],
    });
    open.push(b);
    for (const address of ['127.0.0.1', '::1']) {
      const a = await layer(address);
      const got = nextMessage(b);
      await a.sendRequest(options(a.localAddress('udp')!, 'udp'), { protocol: 'udp', address, port });
      const req = await got;
      expect(req.source.remoteAddress).toBe(address);
      const back = nextMessage(a);
      await b.sendResponse(createResponse(req.message as SipRequest, 200), req.source);
      expect((await back).message.kind).toBe('response');
    }
  });
});
