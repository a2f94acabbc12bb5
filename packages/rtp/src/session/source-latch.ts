import { sameAddress, type TransportAddress } from './transport-address.js';

/** Latching options. */
export interface LatchOptions {
  /** Turn latching off: send only to the configured remote, accept from anyone. Default true. */
  readonly enabled?: boolean;
  /** Consecutive in-sequence packets from one address and SSRC needed to latch. Default 2. */
  readonly packets?: number;
  /** Silence of the latched source after which another address with a new SSRC may take over. Default 2000 ms. */
  readonly relatchAfterMs?: number;
}

/** What the latch decided for one packet. */
export type LatchDecision = 'accept' | 'latched' | 'reject';

interface Candidate {
  from: TransportAddress;
  ssrc: number;
  lastSeq: number;
  count: number;
}

/** The source the session is latched to. */
export interface LatchedSource {
  readonly from: TransportAddress;
  readonly ssrc: number;
}

/**
 * Symmetric-RTP latching (the rule, in full):
 *
 * 1. Unlatched, every valid packet is accepted. A source is a (transport address,
 *    SSRC) pair; once one source has sent `packets` consecutive packets in
 *    sequence, the session latches to it: from then on it sends RTP to that address
 *    (where the peer really is, behind any NAT), whatever the signalling said.
 * 2. Latched, packets from the latched address are accepted, whatever their SSRC
 *    (the peer may restart its stream).
 * 3. Latched, packets from any other address are rejected, so a third party cannot
 *    steal the stream. The one exception: a source with a different SSRC from the
 *    latched one may take over after the latched source has been silent for
 *    `relatchAfterMs`, and only once it has itself sent `packets` packets in
 *    sequence (rejected until then). The same SSRC from a new address never moves
 *    the latch (that would let anyone who sniffed the SSRC redirect the media).
 * 4. {@link relatch} (an explicit request, e.g. after a re-INVITE) returns to state 1.
 * 5. The session adds: latched, a packet carrying our own SSRC from another address is
 *    dropped rather than treated as an SSRC collision, so nobody can force SSRC changes.
 *
 * With SRTP, only packets that authenticated reach the latch.
 */
export class SourceLatch {
  readonly enabled: boolean;
  readonly #needed: number;
  readonly #relatchAfterMs: number;
  #latched: { from: TransportAddress; ssrc: number; lastMs: number } | undefined;
  #candidate: Candidate | undefined;

  constructor(options: LatchOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.#needed = Math.max(1, options.packets ?? 2);
    this.#relatchAfterMs = options.relatchAfterMs ?? 2000;
  }

  /** The latched source, if any. */
  get latched(): LatchedSource | undefined {
    return this.#latched && { from: this.#latched.from, ssrc: this.#latched.ssrc };
  }

  /** Decides whether a valid RTP packet from `from` is accepted and whether it latches. */
  consider(from: TransportAddress, ssrc: number, seq: number, nowMs: number): LatchDecision {
    if (!this.enabled) return 'accept';
    const cur = this.#latched;
    if (cur && sameAddress(cur.from, from)) {
      cur.ssrc = ssrc;
      cur.lastMs = nowMs;
      return 'accept';
    }
    if (cur && (ssrc === cur.ssrc || nowMs - cur.lastMs < this.#relatchAfterMs)) {
      this.#candidate = undefined;
      return 'reject';
    }
    if (this.#advance(from, ssrc, seq)) {
      this.#latched = { from: { address: from.address, port: from.port }, ssrc, lastMs: nowMs };
      this.#candidate = undefined;
      return 'latched';
    }
    return cur ? 'reject' : 'accept';
  }

  /** Whether an RTCP packet from `from` comes from the latched host (any port), or nothing is latched. */
  acceptsControlFrom(from: TransportAddress): boolean {
    if (!this.enabled || !this.#latched) return true;
    return sameAddress({ address: this.#latched.from.address, port: 0 }, { address: from.address, port: 0 });
  }

  /** Forgets the latched source (explicit relatch). */
  relatch(): void {
    this.#latched = undefined;
    this.#candidate = undefined;
  }

  #advance(from: TransportAddress, ssrc: number, seq: number): boolean {
    const c = this.#candidate;
    if (c && c.ssrc === ssrc && sameAddress(c.from, from) && seq === ((c.lastSeq + 1) & 0xffff)) {
      c.count++;
      c.lastSeq = seq;
    } else {
      this.#candidate = { from, ssrc, lastSeq: seq, count: 1 };
    }
    return this.#candidate!.count >= this.#needed;
  }
}
