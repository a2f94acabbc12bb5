/**
 * One TCP or TLS connection carrying SIP (RFC 3261 18.3): framing through
 * SipStreamParser, CRLF keep-alive pings answered with pongs (RFC 5626
 * 4.4.1), and our own pings.
 */
import type { Socket } from 'node:net';
import type { MessageError } from '../message/errors.js';
import type { SipMessage } from '../message/sip-message.js';
import { SipStreamParser } from '../message/stream-parser.js';
import { unmapAddress } from './address.js';
import type { Source, TransportProtocol } from './types.js';

/** What a flow reports to its owner. */
export interface FlowEvents {
  message(flow: Flow, message: SipMessage): void;
  /** Input that did not parse; `data` is the chunk it came in (for a 400), `fatal` when framing is lost. */
  error(flow: Flow, error: MessageError, data: Uint8Array, fatal: boolean): void;
  pong(flow: Flow): void;
  closed(flow: Flow): void;
}

/** A connection-oriented flow: TCP, TLS or WebSocket. */
export interface Flow {
  readonly id: string;
  readonly protocol: TransportProtocol;
  readonly source: Source;
  readonly open: boolean;
  /** Clock time of the last byte in or out. */
  readonly lastActivity: number;
  /** Whether we opened it (outgoing) or accepted it. */
  readonly outgoing: boolean;
  /** For flows we opened over TLS/WSS: the name the peer's certificate was checked against. */
  readonly serverName?: string | undefined;
  send(data: Uint8Array): Promise<void>;
  /** A keep-alive ping (CRLFCRLF on TCP/TLS, a ping frame on WebSocket). */
  ping(): void;
  close(): void;
}

const PONG = Buffer.from('\r\n');
const PING = Buffer.from('\r\n\r\n');

/** A SIP flow over a net.Socket or tls.TLSSocket. */
export class SocketFlow implements Flow {
  readonly source: Source;
  readonly serverName: string | undefined;
  #open = true;
  #last: number;
  readonly #parser: SipStreamParser;
  readonly #socket: Socket;
  readonly #now: () => number;
  /** The chunks of the message the framer is waiting on (their start is a message start). */
  #held: Buffer[] = [];

  constructor(
    socket: Socket,
    readonly protocol: 'tcp' | 'tls',
    readonly id: string,
    readonly outgoing: boolean,
    env: {
      readonly events: FlowEvents;
      readonly now: () => number;
      readonly maxMessageSize: number;
      readonly serverName?: string | undefined;
    },
  ) {
    this.serverName = env.serverName;
    this.#socket = socket;
    this.#now = env.now;
    this.#last = env.now();
    this.#parser = new SipStreamParser({ maxMessageSize: env.maxMessageSize });
    this.source = {
      protocol,
      remoteAddress: unmapAddress(socket.remoteAddress ?? ''),
      remotePort: socket.remotePort ?? 0,
      localAddress: unmapAddress(socket.localAddress ?? ''),
      localPort: socket.localPort ?? 0,
      flowId: id,
    };
    const { events } = env;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.#last = this.#now();
      // The chunk goes to the framer as it is: messages keep views on it.
      const before = this.#parser.buffered;
      const parsed: SipMessage[] = [];
      for (const ev of this.#parser.push(chunk)) {
        if (!this.#open) return;
        if (ev.kind === 'message') {
          parsed.push(ev.message);
          events.message(this, ev.message);
        } else if (ev.kind === 'ping') this.#write(PONG);
        else if (ev.kind === 'pong') events.pong(this);
        else {
          events.error(this, ev.error, this.#failedBytes(before, chunk, parsed), ev.fatal);
          if (ev.fatal) {
            // Framing is lost (RFC 3261 18.3): nothing after this can be trusted.
            this.#open = false;
            socket.end();
            return;
          }
        }
      }
      // Keep references (not copies) to the chunks of a message still pending, for a 400.
      const pending = this.#parser.buffered;
      if (pending === 0) this.#held = [];
      else {
        const held = this.#held;
        held.push(chunk);
        let total = 0;
        for (const c of held) total += c.length;
        while (held.length > 1 && total - held[0]!.length >= pending) total -= held.shift()!.length;
      }
    });
    socket.on('error', () => {}); // 'close' follows; the error itself is not ours to throw
    socket.on('close', () => {
      this.#open = false;
      this.#parser.reset();
      events.closed(this);
    });
  }

  /**
   * The bytes of the message that failed, best effort: the held chunks and the
   * new one, past the messages parsed before it in this push.
   */
  #failedBytes(heldBytes: number, chunk: Buffer, parsed: readonly SipMessage[]): Uint8Array {
    const all = heldBytes > 0 && this.#held.length > 0 ? Buffer.concat([...this.#held, chunk]) : chunk;
    let pos = heldBytes > 0 && this.#held.length > 0 ? Math.max(0, all.length - chunk.length - heldBytes) : 0;
    for (const m of parsed) {
      while (pos < all.length && (all[pos] === 0x0d || all[pos] === 0x0a)) pos++;
      pos += m.toBytes().length;
    }
    return all.subarray(Math.min(pos, all.length));
  }

  get open(): boolean {
    return this.#open && !this.#socket.destroyed;
  }

  get lastActivity(): number {
    return this.#last;
  }

  send(data: Uint8Array): Promise<void> {
    if (!this.open) return Promise.reject(new Error('connection closed'));
    this.#last = this.#now();
    return new Promise((resolve, reject) => {
      this.#socket.write(data, (err) => (err ? reject(err) : resolve()));
    });
  }

  ping(): void {
    this.#write(PING);
  }

  #write(data: Uint8Array): void {
    if (this.open) this.#socket.write(data);
  }

  close(): void {
    this.#open = false;
    this.#socket.destroy();
  }
}
