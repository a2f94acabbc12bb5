import type { JitterPacket } from './types.js';

/** Slot states. A slot keeps its sequence number after use, so a packet that comes back for it
 * can be told apart: duplicate (played, discarded, late) or late (skipped). */
export const EMPTY = 0;
export const FILLED = 1;
export const PLAYED = 2;
export const SKIPPED = 3;
export const DISCARDED = 4;
export const LATE = 5;

/**
 * The jitter buffer's storage: a power-of-two ring indexed by extended sequence number, one
 * typed array per field, allocated once. Fields are public for the buffer's hot path.
 */
export class PacketRing<P extends JitterPacket> {
  readonly capacity: number;
  readonly mask: number;
  /** extended sequence number held by each slot, -1 when never used */
  readonly seq: Float64Array;
  /** extended RTP timestamp */
  readonly ts: Float64Array;
  /** arrival time, ms */
  readonly arrival: Float64Array;
  readonly state: Uint8Array;
  readonly marker: Uint8Array;
  readonly packets: (P | undefined)[];

  constructor(minCapacity: number) {
    let cap = 16;
    while (cap < minCapacity) cap *= 2;
    this.capacity = cap;
    this.mask = cap - 1;
    this.seq = new Float64Array(cap).fill(-1);
    this.ts = new Float64Array(cap);
    this.arrival = new Float64Array(cap);
    this.state = new Uint8Array(cap);
    this.marker = new Uint8Array(cap);
    this.packets = new Array<P | undefined>(cap).fill(undefined);
  }

  /** Whether slot `slot` currently describes sequence number `seq` in state `state`. */
  is(slot: number, seq: number, state: number): boolean {
    return this.seq[slot] === seq && this.state[slot] === state;
  }

  store(slot: number, seq: number, ts: number, arrivalMs: number, packet: P): void {
    this.seq[slot] = seq;
    this.ts[slot] = ts;
    this.arrival[slot] = arrivalMs;
    this.state[slot] = FILLED;
    this.marker[slot] = packet.marker ? 1 : 0;
    this.packets[slot] = packet;
  }

  /** Marks a slot with a state that holds no packet. */
  mark(slot: number, seq: number, state: number): void {
    this.seq[slot] = seq;
    this.state[slot] = state;
    this.packets[slot] = undefined;
  }

  /** The first filled slot for a sequence number in [from, to], or -1. */
  findFilled(from: number, to: number): number {
    for (let s = from; s <= to; s++) {
      const slot = s & this.mask;
      if (this.seq[slot] === s && this.state[slot] === FILLED) return slot;
    }
    return -1;
  }

  clear(): void {
    this.state.fill(EMPTY);
    this.seq.fill(-1);
    this.packets.fill(undefined);
  }
}
