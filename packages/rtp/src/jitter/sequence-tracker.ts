import type { JitterPacket } from './types.js';

/** RFC 3550 §A.1: a sequence number further away than this is a jump, not loss or reordering. */
const MAX_DROPOUT = 3000;
const TWO_POW_32 = 4294967296;

/**
 * Follows one RTP stream's identity and extends its 16-bit sequence numbers and 32-bit
 * timestamps to plain numbers that do not wrap (RFC 3550 §A.1), relative to the highest seen.
 */
export class SequenceTracker {
  active = false;
  ssrc = 0;
  /** highest extended sequence number admitted */
  highestSeq = 0;
  /** extended sequence number and timestamp of the last `extend()` */
  seq = 0;
  ts = 0;
  private refTs32 = 0;
  private refTsExt = 0;

  /**
   * @param msPerTs - ms per timestamp unit (1000 / clock rate)
   * @param thresholdMs - a transit-time change beyond this is a timestamp jump
   */
  constructor(
    private readonly msPerTs: number,
    private readonly thresholdMs: number,
  ) {}

  /** Starts a stream at this packet. Offsets keep extended numbers positive under reordering. */
  begin(packet: JitterPacket): void {
    this.active = true;
    this.ssrc = packet.ssrc;
    this.highestSeq = 65536 + packet.sequenceNumber;
    this.refTs32 = packet.timestamp;
    this.refTsExt = TWO_POW_32 + packet.timestamp;
    this.extend(packet);
  }

  /** Extends the packet's numbers into `seq` and `ts`. */
  extend(packet: JitterPacket): void {
    this.seq = this.highestSeq + this.seqDelta(packet);
    this.ts = this.refTsExt + ((packet.timestamp - this.refTs32) | 0);
  }

  /** Records an admitted packet (after `extend`). */
  admitted(packet: JitterPacket): void {
    if (this.seq > this.highestSeq) this.highestSeq = this.seq;
    if (this.ts > this.refTsExt) {
      this.refTs32 = packet.timestamp;
      this.refTsExt = this.ts;
    }
  }

  /**
   * Whether the packet leaves the stream: another SSRC, a sequence jump, or a timestamp jump
   * (its transit differs from the base transit by more than the threshold). Extends it otherwise.
   */
  isJump(packet: JitterPacket, arrivalMs: number, baseTransitMs: number): boolean {
    if (packet.ssrc !== this.ssrc) return true;
    const d = this.seqDelta(packet);
    if (d > MAX_DROPOUT || d < -MAX_DROPOUT) return true;
    this.extend(packet);
    if (Number.isNaN(baseTransitMs)) return false;
    return Math.abs(arrivalMs - this.ts * this.msPerTs - baseTransitMs) > this.thresholdMs;
  }

  /** Whether `b` directly follows `a` (same SSRC, next sequence number, timestamps in step). */
  follows(a: JitterPacket, aArrival: number, b: JitterPacket, bArrival: number): boolean {
    if (a.ssrc !== b.ssrc || ((b.sequenceNumber - a.sequenceNumber) & 0xffff) !== 1) return false;
    const tsMs = ((b.timestamp - a.timestamp) | 0) * this.msPerTs;
    return Math.abs(tsMs - (bArrival - aArrival)) <= this.thresholdMs;
  }

  private seqDelta(packet: JitterPacket): number {
    return ((packet.sequenceNumber - (this.highestSeq & 0xffff)) << 16) >> 16;
  }
}
