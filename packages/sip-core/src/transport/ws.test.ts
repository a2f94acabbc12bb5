import { type Server as HttpsServer, createServer as httpsServer } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { createResponse } from '../message/build.js';
import { parseMessage } from '../message/parse-message.js';
import type { SipRequest } from '../message/sip-message.js';
import { SipTransportLayer } from './sip-transport-layer.js';
import { nextMessage, options, TLS } from './transport.test.util.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** A WebSocket SIP server (RFC 7118) on loopback that records messages and can push its own. */
async function sipWsServer(host: string, opts: { secure?: boolean; protocol?: string } = {}) {
  let https: HttpsServer | undefined;
  if (opts.secure) {
    https = httpsServer({ cert: TLS.cert, key: TLS.key });
    await new Promise<void>((r) => https!.listen(0, host, () => r()));
  }
  const wss = https
    ? new WebSocketServer({ server: https, handleProtocols: () => opts.protocol ?? 'sip' })
    : new WebSocketServer({ host, port: 0, handleProtocols: () => opts.protocol ?? 'sip' });
  if (!https) await new Promise<void>((r) => wss.once('listening', () => r()));
  const received: string[] = [];
  const clients: WebSocket[] = [];
  wss.on('connection', (ws) => {
    clients.push(ws);
    ws.on('message', (d) => received.push(d.toString()));
  });
  const port = https ? (https.address() as { port: number }).port : (wss.address() as { port: number }).port;
  closers.push(
    () =>
      new Promise<void>((r) => {
        for (const c of clients) c.terminate();
        wss.close(() => (https ? https.close(() => r()) : r()));
      }),
  );
  return { port, received, clients };
}

async function layer(extra: Partial<Parameters<typeof SipTransportLayer.create>[0]> = {}) {
  const l = await SipTransportLayer.create({ listen: [], ...extra });
  closers.push(() => l.close());
  return l;
}

const waitFor = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe.each([
  ['ws', '127.0.0.1'],
  ['ws', '::1'],
  ['wss', '127.0.0.1'],
  ['wss', '::1'],
] as const)('WebSocket client %s to %s (RFC 7118)', (protocol, host) => {
  it('sends one SIP message per WebSocket message and takes requests from the server', async () => {
    const server = await sipWsServer(host, { secure: protocol === 'wss' });
    const a = await layer({ tls: { ca: TLS.ca } });
    const local = a.localAddress(protocol)!;
    expect(local.host).toMatch(/\.invalid$/);
    const dest = { protocol, address: host, port: server.port, serverName: host };
    await a.sendRequest(options(local, protocol), dest);
    await waitFor(() => server.received.length === 1);
    const parsed = parseMessage(server.received[0]!);
    expect(parsed.ok && parsed.message.kind).toBe('request');
    // The server sends a request back over the same WebSocket; the response returns on it.
    const got = nextMessage(a);
    server.clients[0]!.send(options('proxy.example.com', protocol).toString());
    const req = await got;
    expect(req.source.protocol).toBe(protocol);
    await a.sendResponse(createResponse(req.message as SipRequest, 200), req.source);
    await waitFor(() => server.received.length === 2);
    expect(server.received[1]).toMatch(/^SIP\/2\.0 200 OK\r\n/);
    // A second request reuses the connection.
    await a.sendRequest(options(local, protocol), dest);
    await waitFor(() => server.received.length === 3);
    expect(server.clients.length).toBe(1);
  });
});

describe('WebSocket keep-alive', () => {
  it('pings with WebSocket ping frames and reports a closed flow', async () => {
    const server = await sipWsServer('127.0.0.1');
    const a = await layer({ pongTimeoutMs: 200 });
    const failures: unknown[] = [];
    a.onFlowFailed((f) => failures.push(f));
    a.startKeepAlive({ protocol: 'ws', address: '127.0.0.1', port: server.port }, { intervalMs: 20 });
    await waitFor(() => server.clients.length === 1);
    await new Promise((r) => setTimeout(r, 250));
    expect(failures).toEqual([]);
    server.clients[0]!.terminate();
    await waitFor(() => failures.length === 1);
    expect(failures[0]).toMatchObject({ reason: 'closed' });
  });
});

describe('WebSocket connection failures', () => {
  it('rejects a server that does not speak the sip subprotocol', async () => {
    const server = await sipWsServer('127.0.0.1', { protocol: 'chat' });
    const a = await layer();
    await expect(
      a.sendRequest(options('x.invalid', 'ws'), { protocol: 'ws', address: '127.0.0.1', port: server.port }),
    ).rejects.toMatchObject({ code: 'connection-failed' });
  });

  it('verifies the WSS certificate against the trusted CA', async () => {
    const server = await sipWsServer('127.0.0.1', { secure: true });
    const a = await layer({ tls: {} });
    await expect(
      a.sendRequest(options('x.invalid', 'wss'), {
        protocol: 'wss',
        address: '127.0.0.1',
        port: server.port,
        serverName: 'localhost',
      }),
    ).rejects.toMatchObject({ code: 'tls' });
  });
});
