/**
 * Keep-alives (RFC 5626 section 4.4): CRLFCRLF pings answered by CRLF pongs
 * on TCP/TLS (ping frames on WebSocket), and on UDP either a double CRLF
 * (no answer expected) or a STUN Binding request whose answer proves the flow
 * alive and tells the NAT mapping. Each keep-alive runs at its interval,
 * randomised to 80-100 % of it (4.4.1), in the injected clock's time.
 */
import type { Clock, TimerHandle } from '../time/clock.js';
import type { Flow } from './stream-flow.js';
import { stunBindingRequest } from './stun.js';
import type { Destination } from './types.js';

/** How to keep one flow alive. */
export interface KeepAliveOptions {
  /** Interval in ms (default 25000 on UDP, 110000 on streams: RFC 5626 4.4.1 without Flow-Timer). */
  readonly intervalMs?: number;
  /** UDP only: `crlf` (default) or `stun`. */
  readonly kind?: 'crlf' | 'stun';
}

/** A running keep-alive. */
export interface KeepAliveHandle {
  readonly destination: Destination;
  stop(): void;
}

/** A flow that stopped answering (or closed, or whose NAT mapping changed): re-register over another. */
export interface FlowFailure {
  readonly destination: Destination;
  readonly flowId: string | undefined;
  readonly reason: 'no-pong' | 'closed' | 'mapping-changed' | 'send-failed';
}

/** The public address a STUN keep-alive learned (RFC 5626 4.4.2). */
export interface MappedAddress {
  readonly destination: Destination;
  readonly address: string;
  readonly port: number;
}

/** What the keep-alive manager needs from the transport layer. */
export interface KeepAliveHost {
  readonly clock: Clock;
  readonly random: (bytes: number) => Uint8Array;
  readonly pongTimeoutMs: number;
  /** The open stream flow for a destination, connecting when needed. */
  streamFlow(dest: Destination): Promise<Flow>;
  sendUdp(dest: Destination, data: Uint8Array): Promise<void>;
  failed(f: FlowFailure): void;
  mapped(m: MappedAddress): void;
}

const CRLFCRLF = new Uint8Array([13, 10, 13, 10]);

interface Running {
  readonly dest: Destination;
  readonly kind: 'crlf' | 'stun' | 'ping';
  readonly intervalMs: number;
  timer: TimerHandle | undefined;
  answerTimer: TimerHandle | undefined;
  flow: Flow | undefined;
  stunId: string | undefined;
  mapped: string | undefined;
  stopped: boolean;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Runs the keep-alives of one transport layer. */
export class KeepAliveManager {
  readonly #host: KeepAliveHost;
  readonly #running = new Set<Running>();

  constructor(host: KeepAliveHost) {
    this.#host = host;
  }

  start(dest: Destination, options: KeepAliveOptions = {}): KeepAliveHandle {
    const udp = dest.protocol === 'udp';
    const r: Running = {
      dest,
      kind: udp ? (options.kind ?? 'crlf') : 'ping',
      intervalMs: options.intervalMs ?? (udp ? 25_000 : 110_000),
      timer: undefined,
      answerTimer: undefined,
      flow: undefined,
      stunId: undefined,
      mapped: undefined,
      stopped: false,
    };
    this.#running.add(r);
    this.#schedule(r);
    return { destination: dest, stop: () => this.#stop(r) };
  }

  /** A CRLF pong (or WebSocket pong) arrived on a flow. */
  pong(flow: Flow): void {
    for (const r of this.#running) {
      if (r.flow === flow && r.answerTimer !== undefined) {
        this.#host.clock.clearTimer(r.answerTimer);
        r.answerTimer = undefined;
      }
    }
  }

  /** A flow closed: keep-alives riding on it report the failure and stop. */
  closed(flow: Flow): void {
    for (const r of this.#running) if (r.flow === flow) this.#fail(r, 'closed');
  }

  /** A STUN Binding success response arrived. */
  stunAnswer(transactionId: Uint8Array, mapped: { address: string; port: number } | undefined): void {
    const id = hex(transactionId);
    for (const r of this.#running) {
      if (r.stunId !== id) continue;
      if (r.answerTimer !== undefined) this.#host.clock.clearTimer(r.answerTimer);
      r.answerTimer = undefined;
      r.stunId = undefined;
      if (mapped === undefined) continue;
      const m = `${mapped.address}|${mapped.port}`;
      const before = r.mapped;
      r.mapped = m;
      this.#host.mapped({ destination: r.dest, address: mapped.address, port: mapped.port });
      // RFC 5626 4.4.2: a changed mapping is a flow failure.
      if (before !== undefined && before !== m) this.#fail(r, 'mapping-changed');
    }
  }

  stopAll(): void {
    for (const r of [...this.#running]) this.#stop(r);
  }

  #schedule(r: Running): void {
    if (r.stopped) return;
    const jitter = 0.8 + (0.2 * this.#host.random(1)[0]!) / 255;
    r.timer = this.#host.clock.setTimer(Math.round(r.intervalMs * jitter), () => {
      r.timer = undefined;
      void this.#fire(r);
    });
  }

  async #fire(r: Running): Promise<void> {
    if (r.stopped) return;
    const host = this.#host;
    try {
      if (r.kind === 'ping') {
        const flow = r.flow?.open ? r.flow : await host.streamFlow(r.dest);
        if (r.stopped) return;
        r.flow = flow;
        flow.ping();
        this.#awaitAnswer(r);
      } else if (r.kind === 'stun') {
        const id = host.random(12);
        r.stunId = hex(id);
        await host.sendUdp(r.dest, stunBindingRequest(id));
        this.#awaitAnswer(r);
      } else {
        await host.sendUdp(r.dest, CRLFCRLF);
      }
    } catch {
      this.#fail(r, 'send-failed');
      return;
    }
    this.#schedule(r);
  }

  #awaitAnswer(r: Running): void {
    if (r.answerTimer !== undefined) return; // the previous one is still pending
    r.answerTimer = this.#host.clock.setTimer(this.#host.pongTimeoutMs, () => {
      r.answerTimer = undefined;
      this.#fail(r, 'no-pong');
    });
  }

  #fail(r: Running, reason: FlowFailure['reason']): void {
    if (r.stopped) return;
    const flowId = r.flow?.id ?? r.dest.flowId;
    this.#stop(r);
    if (reason === 'no-pong') r.flow?.close();
    this.#host.failed({ destination: r.dest, flowId, reason });
  }

  #stop(r: Running): void {
    r.stopped = true;
    if (r.timer !== undefined) this.#host.clock.clearTimer(r.timer);
    if (r.answerTimer !== undefined) this.#host.clock.clearTimer(r.answerTimer);
    r.timer = undefined;
    r.answerTimer = undefined;
    this.#running.delete(r);
  }
}
