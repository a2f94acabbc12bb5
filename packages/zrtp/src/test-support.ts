/**
 * Test support (not exported from the package index): a deterministic random source and
 * a virtual-time network that joins two sessions, with per-packet loss control.
 */
import { createHash } from 'node:crypto';
import { MemorySecretCache } from './cache.js';
import type { SecureInfo, ZrtpEvent } from './events.js';
import { buildPacket } from './message-build.js';
import { parsePacket } from './message-parse.js';
import type { MessageType } from './message-types.js';
import { ZrtpSession, type ZrtpSessionOptions } from './session.js';

/** A deterministic byte source: SHA-256 in counter mode over a seed. */
export function seededRandom(seed: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let o = 0; o < n; o += 32) {
      const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      out.set(block.subarray(0, Math.min(32, n - o)), o);
    }
    return out;
  };
}

/** One side of a {@link VirtualCall}. */
export interface Side {
  readonly name: 'a' | 'b';
  readonly session: ZrtpSession;
  readonly cache: MemorySecretCache;
  readonly events: ZrtpEvent[];
  /** Types of the messages this side sent, in order. */
  readonly sent: MessageType[];
  secure?: SecureInfo;
}

/** Replaces the message of a packet and recomputes its CRC, as an attacker on the path would. */
export function rewriteMessage(packet: Uint8Array, edit: (message: Uint8Array) => void): Uint8Array {
  const message = packet.slice(12, packet.length - 4);
  edit(message);
  const dv = new DataView(packet.buffer, packet.byteOffset, packet.length);
  return buildPacket(dv.getUint16(2), dv.getUint32(8), message);
}

/** Decides whether a packet from `from` is dropped. */
export type LossRule = (from: 'a' | 'b', type: MessageType, index: number) => boolean;

type SideOptions = Partial<Omit<ZrtpSessionOptions, 'send' | 'onEvent' | 'ssrc' | 'random' | 'cache'>> & {
  cache?: MemorySecretCache;
  seed?: string;
  /** Receives every random draw of this side, in order. */
  draws?: Uint8Array[];
};

/** Two sessions joined by a lossy link with a fixed one-way delay, run in virtual time. */
export class VirtualCall {
  now = 0;
  readonly a: Side;
  readonly b: Side;
  readonly #queue: { at: number; to: 'a' | 'b'; bytes: Uint8Array }[] = [];
  #count = 0;
  /** Every packet put on the wire, for inspection. */
  readonly wire: { from: 'a' | 'b'; bytes: Uint8Array }[] = [];

  constructor(
    oa: SideOptions = {},
    ob: SideOptions = {},
    readonly loss: LossRule = () => false,
    readonly delay = 10,
    /** Rewrites a packet in flight (a man in the middle); return it unchanged to pass it on. */
    readonly tamper: (from: 'a' | 'b', type: MessageType, bytes: Uint8Array) => Uint8Array = (_f, _t, b) => b,
  ) {
    this.a = this.#side('a', oa);
    this.b = this.#side('b', ob);
  }

  #side(name: 'a' | 'b', o: SideOptions): Side {
    const source = seededRandom(o.seed ?? `side-${name}`);
    const random = (n: number): Uint8Array => {
      const d = source(n);
      o.draws?.push(d.slice());
      return d;
    };
    const cache = o.cache ?? new MemorySecretCache(random(12));
    const events: ZrtpEvent[] = [];
    const sent: MessageType[] = [];
    const side: Side = {
      name,
      cache,
      events,
      sent,
      session: new ZrtpSession({
        ...Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'draws' && k !== 'seed')),
        cache,
        random,
        ssrc: name === 'a' ? 0x11111111 : 0x22222222,
        send: (bytes) => {
          const p = parsePacket(bytes);
          const type = p.ok ? p.value.message.type : 'Error';
          sent.push(type);
          this.wire.push({ from: name, bytes });
          if (this.loss(name, type, this.#count++)) return;
          const out = this.tamper(name, type, bytes);
          this.#queue.push({ at: this.now + this.delay, to: name === 'a' ? 'b' : 'a', bytes: out });
        },
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'secure') side.secure = e.info;
        },
      }),
    };
    return side;
  }

  /** Starts both sides (b after `lag` ms) and runs until both are quiet or `limit` ms pass. */
  run(limit = 60_000, lag = 0): void {
    this.a.session.start(this.now);
    let bStarted = false;
    const end = this.now + limit;
    for (;;) {
      if (!bStarted && this.now >= lag) {
        this.b.session.start(this.now);
        bStarted = true;
      }
      const times = [
        ...this.#queue.map((q) => q.at),
        this.a.session.nextDeadline(),
        this.b.session.nextDeadline(),
        bStarted ? undefined : lag,
      ].filter((t): t is number => t !== undefined);
      if (times.length === 0) return;
      const t = Math.min(...times);
      if (t > end) return;
      this.now = Math.max(this.now, t);
      this.#queue.sort((x, y) => x.at - y.at);
      while (this.#queue.length > 0 && this.#queue[0]!.at <= this.now) {
        const q = this.#queue.shift()!;
        (q.to === 'a' ? this.a : this.b).session.receive(q.bytes, this.now);
      }
      this.a.session.tick(this.now);
      this.b.session.tick(this.now);
    }
  }
}
