/**
 * The connection pool of the stream transports: flows by id, and by remote
 * protocol/address/port so that a request to a peer reuses the connection we
 * have with it, whichever side opened it (RFC 3261 18.1.1 / 18.2.2, RFC 5923).
 */
import { canonicalAddress } from './address.js';
import type { Flow } from './stream-flow.js';
import type { TransportProtocol } from './types.js';

/** The pool key of a remote transport address. */
export const flowKey = (protocol: TransportProtocol, address: string, port: number): string =>
  `${protocol}|${canonicalAddress(address)}|${port}`;

export class FlowTable {
  readonly #byId = new Map<string, Flow>();
  readonly #byKey = new Map<string, Flow>();
  readonly #keysOf = new Map<Flow, string[]>();
  readonly #pending = new Map<string, Promise<Flow>>();

  get size(): number {
    return this.#byId.size;
  }

  add(flow: Flow): void {
    this.#byId.set(flow.id, flow);
    this.alias(flow, flowKey(flow.protocol, flow.source.remoteAddress, flow.source.remotePort));
  }

  /** Makes `key` lead to `flow` too (a peer's listening address learned from its Via). */
  alias(flow: Flow, key: string): void {
    const existing = this.#byKey.get(key);
    if (existing === flow) return;
    // An outgoing connection we opened to that address stays the one used.
    if (existing?.open && existing.outgoing && !flow.outgoing) return;
    this.#byKey.set(key, flow);
    const keys = this.#keysOf.get(flow);
    if (keys === undefined) this.#keysOf.set(flow, [key]);
    else keys.push(key);
  }

  remove(flow: Flow): void {
    this.#byId.delete(flow.id);
    for (const k of this.#keysOf.get(flow) ?? []) if (this.#byKey.get(k) === flow) this.#byKey.delete(k);
    this.#keysOf.delete(flow);
  }

  byId(id: string): Flow | undefined {
    const f = this.#byId.get(id);
    return f?.open ? f : undefined;
  }

  byKey(key: string): Flow | undefined {
    const f = this.#byKey.get(key);
    return f?.open ? f : undefined;
  }

  /** One connection attempt per key at a time: concurrent sends wait for the same one. */
  connectOnce(key: string, open: () => Promise<Flow>): Promise<Flow> {
    const pending = this.#pending.get(key);
    if (pending !== undefined) return pending;
    const p = open().finally(() => this.#pending.delete(key));
    this.#pending.set(key, p);
    return p;
  }

  /** Closes the flows idle since before `before`, except those `keep` holds on to. */
  closeIdle(before: number, keep: (flow: Flow) => boolean): void {
    for (const f of this.#byId.values()) if (f.lastActivity <= before && !keep(f)) f.close();
  }

  all(): Flow[] {
    return [...this.#byId.values()];
  }
}
