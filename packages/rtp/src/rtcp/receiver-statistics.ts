import type { ReportBlock } from './rtcp-types.js';

/** Sequence-number validation constants of RFC 3550 appendix A.1. */
export const MAX_DROPOUT = 3000;
export const MAX_MISORDER = 100;
export const MIN_SEQUENTIAL = 2;
const SEQ_MOD = 0x10000;

/** Snapshot of what we know about one remote source. */
export interface SourceCounters {
  /** Packets accepted (after probation). */
  readonly received: number;
  /** Extended highest sequence number (cycles in the upper bits). */
  readonly extendedHighestSequence: number;
  /** Packets expected from the base sequence number up to the highest. */
  readonly expected: number;
  /** Cumulative lost: expected minus received (may be negative with duplicates). */
  readonly cumulativeLost: number;
  /** Interarrival jitter in timestamp units. */
  readonly jitter: number;
  /** Whether the source has passed probation. */
  readonly valid: boolean;
}

/**
 * Reception statistics for one source: sequence validation with probation and
 * cycle counting (RFC 3550 A.1), loss (A.3) and interarrival jitter (A.8).
 * Feed every RTP packet to {@link update}; ask for a {@link reportBlock} when an
 * RTCP report is due.
 */
export class ReceiverStatistics {
  readonly clockRate: number;
  #maxSeq = 0;
  #cycles = 0;
  #baseSeq = 0;
  #badSeq = SEQ_MOD + 1;
  #probation: number;
  #received = 0;
  #expectedPrior = 0;
  #receivedPrior = 0;
  #transit = 0;
  #haveTransit = false;
  #jitter = 0;
  #lsr = 0;
  #lsrArrivalMs = -1;

  /** Starts with the first packet's sequence number, per A.1 (max_seq = seq - 1, probation). */
  constructor(firstSeq: number, clockRate: number, probation = MIN_SEQUENTIAL) {
    this.clockRate = clockRate;
    this.#initSeq(firstSeq);
    // With probation the first packet must look like the successor of max_seq.
    if (probation > 0) this.#maxSeq = (firstSeq - 1) & 0xffff;
    this.#probation = probation;
  }

  #initSeq(seq: number): void {
    this.#baseSeq = seq;
    this.#maxSeq = seq;
    this.#badSeq = SEQ_MOD + 1;
    this.#cycles = 0;
    this.#received = 0;
    this.#receivedPrior = 0;
    this.#expectedPrior = 0;
  }

  /**
   * Records an RTP packet. Returns whether it counts as valid (A.1 update_seq):
   * false during probation, and for a large jump until it is confirmed by the next packet.
   * `arrivalMs` is the local arrival time; `rtpTimestamp` feeds the jitter estimate.
   */
  update(seq: number, rtpTimestamp: number, arrivalMs: number): boolean {
    const udelta = (seq - this.#maxSeq) & 0xffff;
    if (this.#probation > 0) {
      if (seq === ((this.#maxSeq + 1) & 0xffff)) {
        this.#probation--;
        this.#maxSeq = seq;
        if (this.#probation === 0) {
          this.#initSeq(seq);
          this.#received++;
          this.#updateJitter(rtpTimestamp, arrivalMs);
          return true;
        }
      } else {
        this.#probation = MIN_SEQUENTIAL - 1;
        this.#maxSeq = seq;
      }
      return false;
    }
    if (udelta < MAX_DROPOUT) {
      // In order, with permissible gap; a smaller number means the 16-bit space wrapped.
      if (seq < this.#maxSeq) this.#cycles += SEQ_MOD;
      this.#maxSeq = seq;
    } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
      // A very large jump: accept only if the next packet confirms it (the peer restarted).
      if (seq === this.#badSeq) {
        this.#initSeq(seq);
      } else {
        this.#badSeq = (seq + 1) & 0xffff;
        return false;
      }
    }
    // Otherwise a duplicate or reordered packet: counted, max unchanged.
    this.#received++;
    this.#updateJitter(rtpTimestamp, arrivalMs);
    return true;
  }

  /** A.8: J += (|D| - J) / 16, with D the change in relative transit time in timestamp units. */
  #updateJitter(rtpTimestamp: number, arrivalMs: number): void {
    const arrival = Math.floor((arrivalMs * this.clockRate) / 1000);
    const transit = (arrival - rtpTimestamp) | 0;
    if (this.#haveTransit) {
      let d = (transit - this.#transit) | 0;
      if (d < 0) d = -d;
      this.#jitter += (d - this.#jitter) / 16;
    }
    this.#transit = transit;
    this.#haveTransit = true;
  }

  /** Records a sender report from this source, for LSR/DLSR in our next report block. */
  onSenderReport(ntpMiddle32: number, arrivalMs: number): void {
    this.#lsr = ntpMiddle32 >>> 0;
    this.#lsrArrivalMs = arrivalMs;
  }

  /** Current counters (A.3). */
  counters(): SourceCounters {
    const extended = this.#cycles + this.#maxSeq;
    const expected = this.#probation > 0 ? 0 : extended - this.#baseSeq + 1;
    return {
      received: this.#received,
      extendedHighestSequence: extended >>> 0,
      expected,
      cumulativeLost: expected - this.#received,
      jitter: Math.floor(this.#jitter),
      valid: this.#probation === 0,
    };
  }

  /**
   * Builds a report block about this source (`ssrc`) at local time `nowMs` and
   * starts a new reporting interval for the fraction-lost computation (A.3).
   */
  reportBlock(ssrc: number, nowMs: number): ReportBlock {
    const c = this.counters();
    const expectedInterval = c.expected - this.#expectedPrior;
    const receivedInterval = c.received - this.#receivedPrior;
    this.#expectedPrior = c.expected;
    this.#receivedPrior = c.received;
    const lostInterval = expectedInterval - receivedInterval;
    const fraction =
      expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval);
    const lost = Math.max(-0x800000, Math.min(0x7fffff, c.cumulativeLost));
    const dlsr = this.#lsrArrivalMs < 0 ? 0 : Math.floor(((nowMs - this.#lsrArrivalMs) * 65536) / 1000) >>> 0;
    return {
      ssrc: ssrc >>> 0,
      fractionLost: Math.min(255, fraction),
      cumulativeLost: lost,
      highestSequence: c.extendedHighestSequence,
      jitter: c.jitter >>> 0,
      lastSenderReport: this.#lsr,
      delaySinceLastSenderReport: dlsr,
    };
  }
}
