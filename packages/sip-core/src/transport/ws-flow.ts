/**
 * The WebSocket client transport (RFC 7118): subprotocol `sip`, one SIP
 * message per WebSocket message (framed like a datagram), keep-alive by
 * WebSocket ping frames.
 */
import WebSocket from 'ws';
import { parseMessage } from '../message/parse-message.js';
import { headerHost, ipFamily, unmapAddress } from './address.js';
import type { TlsSettings } from './options.js';
import type { Flow, FlowEvents } from './stream-flow.js';
import { type Destination, type Source, TransportError } from './types.js';

/** Connection parameters of a WebSocket flow. */
export interface WsConnectParams {
  readonly destination: Destination;
  readonly id: string;
  readonly path: string;
  readonly tls: TlsSettings | undefined;
  readonly timeoutMs: number;
  readonly maxMessageSize: number;
  readonly events: FlowEvents;
  readonly now: () => number;
}

/** A SIP flow over one WebSocket connection (client side). */
export class WsFlow implements Flow {
  readonly outgoing = true;
  readonly serverName: string | undefined;
  #open = true;
  #last: number;

  private constructor(
    readonly id: string,
    readonly protocol: 'ws' | 'wss',
    readonly source: Source,
    private readonly ws: WebSocket,
    private readonly now: () => number,
    serverName: string | undefined,
  ) {
    this.#last = now();
    this.serverName = serverName;
  }

  /** Opens the connection; rejects with a TransportError when it cannot be opened or `sip` is refused. */
  static connect(p: WsConnectParams): Promise<WsFlow> {
    const d = p.destination;
    const protocol = d.protocol === 'wss' ? 'wss' : 'ws';
    const url = `${protocol}://${headerHost(d.address)}:${d.port}${p.path}`;
    const t = p.tls ?? {};
    const name = d.serverName !== undefined && ipFamily(d.serverName) === 0 ? d.serverName : undefined;
    const ws = new WebSocket(url, 'sip', {
      handshakeTimeout: p.timeoutMs,
      perMessageDeflate: false,
      maxPayload: p.maxMessageSize,
      ...(protocol === 'wss'
        ? {
            ca: t.ca as string | string[] | undefined,
            cert: t.cert as string | undefined,
            key: t.key as string | undefined,
            rejectUnauthorized: t.rejectUnauthorized ?? true,
            ...(name !== undefined ? { servername: name, headers: { Host: `${name}:${d.port}` } } : {}),
          }
        : {}),
    });
    let local = { address: '', port: 0 };
    ws.on('upgrade', (res) => {
      local = { address: unmapAddress(res.socket.localAddress ?? ''), port: res.socket.localPort ?? 0 };
    });
    return new Promise((resolve, reject) => {
      ws.once('error', (err: Error) => {
        const tlsError = protocol === 'wss' && /cert|self.signed|altname|verify/i.test(err.message);
        reject(
          new TransportError(tlsError ? 'tls' : 'connection-failed', `WebSocket ${url}: ${err.message}`),
        );
      });
      ws.once('open', () => {
        if (ws.protocol !== 'sip') {
          ws.terminate();
          reject(
            new TransportError(
              'connection-failed',
              `WebSocket ${url}: server did not accept subprotocol sip`,
            ),
          );
          return;
        }
        const source: Source = {
          protocol,
          remoteAddress: d.address,
          remotePort: d.port,
          localAddress: local.address,
          localPort: local.port,
          flowId: p.id,
        };
        const flow = new WsFlow(
          p.id,
          protocol,
          source,
          ws,
          p.now,
          protocol === 'wss' ? (d.serverName ?? d.address) : undefined,
        );
        flow.#attach(p.events, p.maxMessageSize);
        resolve(flow);
      });
    });
  }

  #attach(events: FlowEvents, maxMessageSize: number): void {
    const ws = this.ws;
    ws.on('error', () => {}); // 'close' follows
    ws.on('message', (data: WebSocket.RawData) => {
      this.#last = this.now();
      const bytes = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(data);
      // RFC 7118 section 5: each WebSocket message is one SIP message, framed like a datagram.
      const r = parseMessage(bytes, { transport: 'datagram', maxMessageSize });
      if (r.ok) events.message(this, r.message);
      else if (r.error.code !== 'empty') events.error(this, r.error, bytes, false);
    });
    ws.on('pong', () => events.pong(this));
    ws.on('close', () => {
      this.#open = false;
      events.closed(this);
    });
  }

  get open(): boolean {
    return this.#open && this.ws.readyState === WebSocket.OPEN;
  }

  get lastActivity(): number {
    return this.#last;
  }

  send(data: Uint8Array): Promise<void> {
    if (!this.open) return Promise.reject(new TransportError('connection-closed', 'WebSocket closed'));
    this.#last = this.now();
    return new Promise((resolve, reject) => {
      // Text frames: SIP is text, and RFC 7118 section 5 allows either.
      this.ws.send(data, { binary: false }, (err) => (err ? reject(err) : resolve()));
    });
  }

  ping(): void {
    if (this.open) this.ws.ping();
  }

  close(): void {
    this.#open = false;
    this.ws.terminate();
  }
}
