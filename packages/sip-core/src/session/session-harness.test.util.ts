/**
 * Test fixture: two (or more) user agents, each a TransactionLayer and a
 * SessionLayer, over the in-memory loop network, in virtual time that
 * steps timer by timer with the promise queue drained in between.
 */
import type { SipMessage } from '../message/sip-message.js';
import { LoopNetwork } from '../testing/loop-network.js';
import type { LoopTransport } from '../testing/loop-transport.js';
import { seededBytes } from '../testing/seeded-random.js';
import type { Clock, TimerHandle } from '../time/clock.js';
import { TransactionLayer } from '../transaction/transaction-layer.js';
import type { Destination } from '../transport/types.js';
import { isSipUri } from '../uri/format.js';
import type { Uri } from '../uri/types.js';
import type { InviteServerSession } from './invite-server-session.js';
import { SessionLayer, type SessionLayerOptions } from './session-layer.js';
import type { Body, SessionDescriptionHandler } from './types.js';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A virtual clock whose `run` lets async code run between timers. */
export class SteppingClock implements Clock {
  #now = 0;
  #id = 1;
  #queue: { id: number; at: number; fn: () => void }[] = [];

  now(): number {
    return this.#now;
  }
  setTimer(ms: number, fn: () => void): TimerHandle {
    const s = { id: this.#id++, at: this.#now + Math.max(0, ms), fn };
    let i = this.#queue.length;
    while (i > 0 && this.#queue[i - 1]!.at > s.at) i--;
    this.#queue.splice(i, 0, s);
    return { timerId: s.id };
  }
  clearTimer(handle: TimerHandle): void {
    const i = this.#queue.findIndex((s) => s.id === handle.timerId);
    if (i >= 0) this.#queue.splice(i, 1);
  }
  /** Moves time `ms` forward, one timer at a time, draining promises in between. */
  async run(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await flush();
      const first = this.#queue[0];
      if (first === undefined || first.at > end) break;
      this.#queue.shift();
      this.#now = first.at;
      first.fn();
    }
    this.#now = end;
    await flush();
  }
  /** Runs until `done` settles or `limitMs` passes; gives its value. */
  async until<T>(done: Promise<T>, limitMs = 120_000): Promise<T> {
    let settled = false;
    const watched = done.finally(() => {
      settled = true;
    });
    watched.catch(() => {});
    const end = this.#now + limitMs;
    while (!settled && this.#now < end) await this.run(Math.min(50, end - this.#now));
    if (!settled) throw new Error(`not settled within ${limitMs} ms of virtual time`);
    return watched;
  }
}

/** A media seam that writes what it is asked for, so tests can follow offer/answer. */
export class FakeHandler implements SessionDescriptionHandler {
  readonly calls: string[] = [];
  readonly answers: string[] = [];
  #n = 0;
  closed = false;
  /** Makes getAnswer reject (488 paths). */
  refuse = false;
  constructor(readonly name: string) {}
  async getOffer(): Promise<Body> {
    this.#n++;
    this.calls.push(`offer ${this.#n}`);
    return body(`offer ${this.name} ${this.#n}`);
  }
  async getAnswer(offer: Body): Promise<Body> {
    const text = new TextDecoder().decode(offer.body);
    this.calls.push(`answer to ${text}`);
    if (this.refuse) throw new Error('refused');
    return body(`answer ${this.name} to ${text}`);
  }
  async setAnswer(answer: Body): Promise<void> {
    const text = new TextDecoder().decode(answer.body);
    this.calls.push(`set ${text}`);
    this.answers.push(text);
  }
  rollback(): void {
    this.calls.push('rollback');
  }
  close(): void {
    this.closed = true;
  }
}

export const body = (text: string): Body => ({
  contentType: 'application/sdp',
  body: new TextEncoder().encode(text),
});

/** Resolves numeric sip: URIs only (tests never use DNS). */
export async function numericResolve(uri: Uri): Promise<Destination> {
  if (!isSipUri(uri)) throw new Error('not sip');
  const t = uri.params.find((p) => p.name.toLowerCase() === 'transport')?.value?.toLowerCase();
  const protocol = t === 'tcp' ? 'tcp' : 'udp';
  return { protocol, address: uri.host.replace(/^\[|\]$/g, ''), port: uri.port ?? 5060 };
}

export interface Agent {
  readonly name: string;
  readonly transport: LoopTransport;
  readonly transactions: TransactionLayer;
  readonly sessions: SessionLayer;
  readonly handlers: FakeHandler[];
  /** Incoming sessions in arrival order. */
  readonly incoming: InviteServerSession[];
  readonly uri: string;
}

export interface Network {
  readonly clock: SteppingClock;
  readonly network: LoopNetwork;
  /** An agent; `listen: false` leaves routing of requests to the test. */
  agent(name: string, address: string, options?: Partial<SessionLayerOptions>, listen?: boolean): Agent;
  /** Messages sent by `from` (address) matching a predicate. */
  sent(from: Agent, match: (m: SipMessage) => boolean): SipMessage[];
  close(): void;
}

export function sessionNetwork(options: { seed?: number; latencyMs?: number } = {}): Network {
  const clock = new SteppingClock();
  const network = new LoopNetwork({ clock, seed: options.seed ?? 1, latencyMs: options.latencyMs ?? 5 });
  const agents: Agent[] = [];
  let seed = (options.seed ?? 1) * 100;
  return {
    clock,
    network,
    agent(name, address, o = {}, listen = true) {
      const transport = network.endpoint(address, 5060);
      const transactions = new TransactionLayer({ transport, clock });
      const handlers: FakeHandler[] = [];
      const incoming: InviteServerSession[] = [];
      const sessions = new SessionLayer({
        transactions,
        transport,
        clock,
        random: seededBytes(++seed),
        contactUser: name,
        resolve: numericResolve,
        handlerFactory: () => {
          const h = new FakeHandler(name);
          handlers.push(h);
          return h;
        },
        ...o,
      });
      if (listen) sessions.listen();
      sessions.incoming.on((s) => incoming.push(s));
      const a: Agent = {
        name,
        transport,
        transactions,
        sessions,
        handlers,
        incoming,
        uri: `sip:${name}@${address}`,
      };
      agents.push(a);
      return a;
    },
    sent: (from, match) =>
      network.records((r) => r.from === from.transport.key && match(r.message)).map((r) => r.message),
    close() {
      for (const a of agents) {
        a.sessions.close();
        a.transactions.close();
        void a.transport.close();
      }
    },
  };
}
