/**
 * An in-memory network for tests (pjsip's loop transport, generalised):
 * endpoints by address, per-direction fault rules, delivery in the injected
 * clock's time, and a record of everything sent. Each message is serialized
 * to bytes and parsed again on delivery, so tests exercise real
 * serialization, and requests get the Via stamping a real transport does.
 */
import { parseMessage } from '../message/parse-message.js';
import type { SipMessage } from '../message/sip-message.js';
import type { Clock, TimerHandle } from '../time/clock.js';
import type { Source, TransportProtocol } from '../transport/types.js';
import { TransportError } from '../transport/types.js';
import { LinkControls, type Verdict } from './link-controls.js';
import { endpointKey, type LoopEndpointOptions, type LoopHub, LoopTransport } from './loop-transport.js';
import { seededRandom } from './seeded-random.js';
import { stampVia } from './stamp-received.js';

/** What happened to one message handed to the network. */
export type LoopOutcome = 'sent' | 'dropped' | 'failed';

/** One entry of the network's log. */
export interface LoopRecord {
  /** Clock time of the send. */
  readonly at: number;
  /** Sender and receiver as `address:port`. */
  readonly from: string;
  readonly to: string;
  readonly protocol: TransportProtocol;
  /** The message as the sender passed it. */
  readonly message: SipMessage;
  readonly outcome: LoopOutcome;
  /** How many copies were scheduled for delivery (0 when dropped or failed). */
  readonly copies: number;
  /** One-way delay applied, in clock milliseconds. */
  readonly delayMs: number;
}

export interface LoopNetworkOptions {
  readonly clock: Clock;
  /** Seed of the RNG used by probability rules (default 1). */
  readonly seed?: number;
  /** Default one-way delay of every message in ms (default 0: delivered at the next clock step). */
  readonly latencyMs?: number;
  /** Keep the log of sent messages (default true; benchmarks turn it off to spare memory). */
  readonly record?: boolean;
}

/** Endpoint, its key, or `*` for any. */
export type LinkEnd = LoopTransport | string;

interface Held {
  readonly deliver: () => void;
  readonly timer: TimerHandle;
}

/** The hub that connects LoopTransport endpoints. */
export class LoopNetwork implements LoopHub {
  readonly clock: Clock;
  readonly #random: () => number;
  readonly #latency: number;
  readonly #record: boolean;
  readonly #endpoints = new Map<string, LoopTransport>();
  readonly #links: { from: string; to: string; controls: LinkControls }[] = [];
  readonly #held = new Map<string, Held[]>();
  #log: LoopRecord[] = [];

  constructor(options: LoopNetworkOptions) {
    this.clock = options.clock;
    this.#random = seededRandom(options.seed ?? 1);
    this.#latency = options.latencyMs ?? 0;
    this.#record = options.record ?? true;
  }

  /** Adds an endpoint listening at `address`:`port`. */
  endpoint(address: string, port = 5060, protocols?: readonly TransportProtocol[]): LoopTransport {
    const options: LoopEndpointOptions =
      protocols === undefined ? { address, port } : { address, port, protocols };
    const ep = new LoopTransport(this, options);
    if (this.#endpoints.has(ep.key)) throw new Error(`loop endpoint ${ep.key} exists`);
    this.#endpoints.set(ep.key, ep);
    return ep;
  }

  /** The controls of the direction `from` -> `to` (either may be `*`); the same object on each call. */
  link(from: LinkEnd, to: LinkEnd): LinkControls {
    const f = typeof from === 'string' ? from : from.key;
    const t = typeof to === 'string' ? to : to.key;
    let entry = this.#links.find((l) => l.from === f && l.to === t);
    if (entry === undefined) {
      entry = { from: f, to: t, controls: new LinkControls(this.#random) };
      this.#links.push(entry);
    }
    return entry.controls;
  }

  /** Everything handed to the network so far, in order. */
  get log(): readonly LoopRecord[] {
    return this.#log;
  }

  /** Log entries that pass `filter`. */
  records(filter: (record: LoopRecord) => boolean): LoopRecord[] {
    return this.#log.filter(filter);
  }

  clearLog(): void {
    this.#log = [];
  }

  /** @internal */
  detach(endpoint: LoopTransport): void {
    if (this.#endpoints.get(endpoint.key) === endpoint) this.#endpoints.delete(endpoint.key);
  }

  /** @internal */
  send(
    from: LoopTransport,
    message: SipMessage,
    to: { address: string; port: number; protocol: TransportProtocol },
  ): Promise<void> {
    const toKey = endpointKey(to.address, to.port);
    const verdict: Verdict = {
      fail: undefined,
      drop: false,
      extraDelay: 0,
      extraCopies: 0,
      holdMs: undefined,
    };
    for (const l of this.#links) {
      if ((l.from === '*' || l.from === from.key) && (l.to === '*' || l.to === toKey))
        l.controls.judge(message, verdict);
    }
    const target = this.#endpoints.get(toKey);
    const base = { at: this.clock.now(), from: from.key, to: toKey, protocol: to.protocol, message };
    const listening = target?.protocols.includes(to.protocol) === true;
    // Nobody there: a datagram is lost without a word, a connection is refused.
    const fail = verdict.fail ?? (listening || to.protocol === 'udp' ? undefined : 'connection-failed');
    if (fail !== undefined) {
      this.#note({ ...base, outcome: 'failed', copies: 0, delayMs: 0 });
      return Promise.reject(new TransportError(fail, `loop: cannot send to ${toKey}/${to.protocol}`));
    }
    const delayMs = this.#latency + verdict.extraDelay;
    if (verdict.drop || !listening) {
      this.#note({ ...base, outcome: 'dropped', copies: 0, delayMs });
      return Promise.resolve();
    }
    const copies = 1 + verdict.extraCopies;
    this.#note({ ...base, outcome: 'sent', copies, delayMs });
    // Serialized now (messages are immutable, so the bytes can be shared): the receiver parses real bytes.
    const bytes = message.toBytes();
    const source: Source = {
      protocol: to.protocol,
      remoteAddress: from.address,
      remotePort: from.port,
      localAddress: to.address,
      localPort: to.port,
      flowId: `loop/${to.protocol}/${from.key < toKey ? `${from.key}/${toKey}` : `${toKey}/${from.key}`}`,
    };
    const linkKey = `${from.key}>${toKey}`;
    const deliver = (): void => this.#deliver(toKey, bytes, source, linkKey);
    for (let i = 0; i < copies; i++) {
      if (verdict.holdMs !== undefined && i === 0) this.#hold(linkKey, deliver, delayMs + verdict.holdMs);
      else this.clock.setTimer(delayMs, deliver);
    }
    return Promise.resolve();
  }

  #note(record: LoopRecord): void {
    if (this.#record) this.#log.push(record);
  }

  #hold(linkKey: string, deliver: () => void, maxMs: number): void {
    const list = this.#held.get(linkKey) ?? [];
    const held: Held = {
      deliver,
      timer: this.clock.setTimer(maxMs, () => {
        const l = this.#held.get(linkKey);
        if (l !== undefined)
          this.#held.set(
            linkKey,
            l.filter((h) => h !== held),
          );
        deliver();
      }),
    };
    list.push(held);
    this.#held.set(linkKey, list);
  }

  #deliver(toKey: string, bytes: Uint8Array, source: Source, linkKey: string): void {
    const target = this.#endpoints.get(toKey);
    if (target !== undefined) {
      const parsed = parseMessage(bytes, { transport: source.protocol === 'udp' ? 'datagram' : 'stream' });
      if (!parsed.ok) target.reject({ source, code: parsed.error.code, reason: parsed.error.reason });
      else {
        const m = parsed.message;
        const message = m.kind === 'request' ? stampVia(m, source.remoteAddress, source.remotePort) : m;
        target.receive({ message, source });
      }
    }
    // Messages held for reordering go right after the one that overtook them.
    const held = this.#held.get(linkKey);
    if (held !== undefined && held.length > 0) {
      this.#held.delete(linkKey);
      for (const h of held) {
        this.clock.clearTimer(h.timer);
        h.deliver();
      }
    }
  }
}
