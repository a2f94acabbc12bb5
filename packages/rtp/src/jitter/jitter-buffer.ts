import { DelayEstimator } from './delay-estimator.js';
import { DISCARDED, FILLED, LATE, PacketRing, PLAYED, SKIPPED } from './packet-ring.js';
import { SequenceTracker } from './sequence-tracker.js';
import type {
  JitterBufferOptions,
  JitterBufferStats,
  JitterEmpty,
  JitterMissing,
  JitterPacket,
  JitterPutOutcome,
  JitterResult,
} from './types.js';

/** Frame lengths learned from timestamp deltas must agree this many times in a row. */
const FRAME_LEARN_COUNT = 3;
/**
 * Gets per window of the in-talkspurt delay reduction: at most one frame is dropped per window
 * (200 ms at 20 ms frames, so at most 10% of the audio while the excess lasts).
 */
const SHRINK_WINDOW = 10;
const TWO_POW_32 = 4294967296;

const EMPTY_IDLE: JitterEmpty = Object.freeze({ kind: 'empty', reason: 'idle' });
const EMPTY_BUFFERING: JitterEmpty = Object.freeze({ kind: 'empty', reason: 'buffering' });
const EMPTY_SILENCE: JitterEmpty = Object.freeze({ kind: 'empty', reason: 'silence' });

interface FrameSlot<P> {
  kind: 'frame';
  packet: P;
  timestamp: number;
  durationTs: number;
  delayMs: number;
}

/**
 * Adaptive jitter buffer for one incoming RTP audio stream.
 *
 * The network side calls `put(packet, arrivalMs)`; the audio side pulls one frame per frame
 * period with `get(nowMs)` and gets a frame, a missing frame to conceal, or nothing. Both take
 * times from the same injected clock. Frames come out in timestamp order.
 *
 * The playout delay follows the measured network delay: the target is a quantile of the
 * packets' relative delay (see `DelayEstimator`), kept within `[minDelayMs, maxDelayMs]`. The
 * delay changes where it does not cut speech: at the start of a talkspurt (marker bit, or a
 * timestamp gap without a sequence gap: DTX or silence suppression, RFC 3551 §4.1) the first
 * packet is scheduled afresh with the current target; an empty buffer inside a talkspurt holds
 * the playout point (concealment frames stretch the delay); a buffer that stays above the target
 * for a while drops single frames.
 *
 * Storage is a ring of typed arrays sized at construction; `put` and `get` allocate nothing.
 * Ideas from pjmedia's jbuf and baresip's jbuf; the delay model is NetEq-like.
 */
export class JitterBuffer<P extends JitterPacket = JitterPacket> {
  private readonly clockRate: number;
  private readonly msPerTs: number;
  private readonly configuredFrameTs: number;
  private readonly minDelay: number;
  private readonly maxDelay: number;
  private readonly initialDelay: number;
  private readonly quantile: number;
  private readonly maxConcealment: number;
  private readonly resyncThreshold: number;
  private readonly ring: PacketRing<P>;
  private readonly stream: SequenceTracker;
  private readonly estimator: DelayEstimator;
  private readonly missingResult: { kind: 'missing'; timestamp: number; durationTs: number };
  private frameResult: FrameSlot<P> | undefined;

  private nextSeq = 0;
  private playTs = Number.NaN;
  private playing = false;
  private bufferedCount = 0;
  private newestTs = Number.NaN;
  private frameTs: number;
  private learnTs = 0;
  private learnCount = 0;
  private starvedFrames = 0;
  private target: number;
  private putsSinceTarget = 0;
  private windowGets = 0;
  private windowMin = Number.POSITIVE_INFINITY;
  private dropOne = false;
  private pending: P | undefined;
  private pendingArrival = 0;

  private received = 0;
  private played = 0;
  private concealed = 0;
  private lost = 0;
  private late = 0;
  private duplicates = 0;
  private discarded = 0;
  private resets = 0;
  private currentDelay = 0;

  constructor(options: JitterBufferOptions) {
    const ptime = options.ptimeMs ?? 20;
    this.clockRate = options.clockRate;
    this.msPerTs = 1000 / options.clockRate;
    this.configuredFrameTs = Math.round((options.clockRate * ptime) / 1000);
    this.frameTs = this.configuredFrameTs;
    this.minDelay = options.minDelayMs ?? ptime;
    this.maxDelay = Math.max(this.minDelay, options.maxDelayMs ?? 300);
    this.initialDelay = clamp(options.initialDelayMs ?? 60, this.minDelay, this.maxDelay);
    this.target = this.initialDelay;
    this.quantile = options.quantile ?? 0.95;
    this.maxConcealment = options.maxConcealmentMs ?? 100;
    this.resyncThreshold = options.resyncThresholdMs ?? 1000;
    this.ring = new PacketRing<P>(options.capacity ?? 128);
    this.stream = new SequenceTracker(this.msPerTs);
    this.estimator = new DelayEstimator(this.maxDelay);
    this.missingResult = { kind: 'missing', timestamp: 0, durationTs: this.frameTs };
  }

  /** The delay the buffer currently aims for, ms. */
  get targetDelayMs(): number {
    return this.target;
  }

  /** Frame length in RTP timestamp units (configured, or learned from the stream). */
  get frameDurationTs(): number {
    return this.frameTs;
  }

  /** Offers a received packet; `arrivalMs` comes from the clock that also drives `get`. */
  put(packet: P, arrivalMs: number): JitterPutOutcome {
    this.received++;
    if (!this.stream.active) {
      this.beginStream(packet);
    } else if (this.stream.isJump(packet, arrivalMs, this.estimator.baseTransitMs, this.resyncThreshold)) {
      return this.probation(packet, arrivalMs);
    } else if (this.pending !== undefined) {
      // The suspected new stream was a stray packet.
      this.pending = undefined;
      this.discarded++;
    }
    return this.admit(packet, arrivalMs);
  }

  /** Pulls the frame due now; call once per frame period. The result object is reused. */
  get(nowMs: number): JitterResult<P> {
    if (!this.playing) {
      const wait = this.tryStart(nowMs);
      if (wait !== undefined) return wait;
    }
    return this.playNext(nowMs);
  }

  /** Drops everything, including the delay statistics. */
  reset(): void {
    this.flushStream();
    this.stream.active = false;
    this.pending = undefined;
    this.estimator.clear();
    this.target = this.initialDelay;
  }

  /** A snapshot of the counters and current figures. */
  get stats(): JitterBufferStats {
    let bufferedMs = 0;
    if (this.bufferedCount > 0) {
      const from = this.playing ? this.playTs : this.ring.ts[this.findHead()]!;
      bufferedMs = (this.newestTs + this.frameTs - from) * this.msPerTs;
    }
    return {
      received: this.received,
      played: this.played,
      concealed: this.concealed,
      lost: this.lost,
      late: this.late,
      duplicates: this.duplicates,
      discarded: this.discarded,
      resets: this.resets,
      buffered: this.bufferedCount,
      bufferedMs,
      targetDelayMs: this.target,
      currentDelayMs: this.currentDelay,
      jitterMs: this.estimator.jitterMs,
      frameDurationTs: this.frameTs,
    };
  }

  // --- put side ---

  private beginStream(packet: P): void {
    this.stream.begin(packet);
    this.nextSeq = this.stream.seq;
    this.frameTs = this.configuredFrameTs;
    this.learnCount = 0;
  }

  /** A new SSRC or a jump is believed once the next packet continues it (RFC 3550 §A.1 probation). */
  private probation(packet: P, arrivalMs: number): JitterPutOutcome {
    const p = this.pending;
    if (
      p !== undefined &&
      this.stream.follows(p, this.pendingArrival, packet, arrivalMs, this.resyncThreshold)
    ) {
      this.pending = undefined;
      this.flushStream();
      this.resets++;
      this.beginStream(p);
      this.admit(p, this.pendingArrival);
      this.stream.extend(packet);
      this.admit(packet, arrivalMs);
      return 'reset';
    }
    if (p !== undefined) this.discarded++;
    this.pending = packet;
    this.pendingArrival = arrivalMs;
    return 'probation';
  }

  /** Stores a packet of the current stream (its numbers already extended by the tracker). */
  private admit(packet: P, arrivalMs: number): JitterPutOutcome {
    const ring = this.ring;
    const extSeq = this.stream.seq;
    const extTs = this.stream.ts;
    const slot = extSeq & ring.mask;
    const known = ring.seq[slot] === extSeq;
    const state = ring.state[slot]!;
    if (known && state !== SKIPPED && state !== 0) {
      this.duplicates++;
      return 'duplicate';
    }
    this.estimator.add(arrivalMs - extTs * this.msPerTs, arrivalMs);
    if (++this.putsSinceTarget >= 16) this.updateTarget();
    const anchored = !Number.isNaN(this.playTs);
    if (anchored && (extTs < this.playTs || extSeq < this.nextSeq)) {
      if (known && state === SKIPPED) {
        this.lost--; // counted lost when playout passed it
        ring.mark(slot, extSeq, LATE);
      } else if (extSeq >= this.nextSeq && extSeq < this.nextSeq + ring.capacity) {
        ring.mark(slot, extSeq, LATE); // so that passing it later does not count it lost
      }
      this.late++;
      return 'late';
    }
    if (!anchored && extSeq < this.nextSeq) {
      // Before the first playout a reordered earlier packet becomes the head.
      if (this.stream.highestSeq - extSeq >= ring.capacity) {
        this.late++;
        return 'late';
      }
      this.nextSeq = extSeq;
    }
    while (extSeq - this.nextSeq >= ring.capacity) this.dropHead();
    ring.store(slot, extSeq, extTs, arrivalMs, packet);
    this.bufferedCount++;
    this.stream.admitted(packet);
    if (Number.isNaN(this.newestTs) || extTs > this.newestTs) this.newestTs = extTs;
    this.learnFrame(extSeq, extTs);
    return 'buffered';
  }

  /** Overflow: the oldest slot makes room (its packet discarded, or its gap counted lost). */
  private dropHead(): void {
    const slot = this.nextSeq & this.ring.mask;
    if (this.ring.is(slot, this.nextSeq, FILLED)) {
      this.discardSlot(slot);
      if (!Number.isNaN(this.playTs)) this.playTs = Math.max(this.playTs, this.ring.ts[slot]! + this.frameTs);
    } else {
      this.skipSeq(this.nextSeq);
    }
    this.nextSeq++;
  }

  private learnFrame(extSeq: number, extTs: number): void {
    const prev = (extSeq - 1) & this.ring.mask;
    if (this.ring.is(prev, extSeq - 1, FILLED) || this.ring.is(prev, extSeq - 1, PLAYED)) {
      this.observeFrame(extTs - this.ring.ts[prev]!);
    }
  }

  private observeFrame(delta: number): void {
    // Longer than 200 ms is not a frame but a gap (DTX, silence).
    if (delta <= 0 || delta > this.clockRate / 5) return;
    if (delta === this.learnTs) this.learnCount++;
    else {
      this.learnTs = delta;
      this.learnCount = 1;
    }
    if (this.learnCount >= FRAME_LEARN_COUNT) this.frameTs = delta;
  }

  // --- get side ---

  /** Waits for the head packet's playout time; undefined once a talkspurt starts. */
  private tryStart(now: number): JitterEmpty | undefined {
    if (this.bufferedCount === 0) return Number.isNaN(this.playTs) ? EMPTY_IDLE : EMPTY_SILENCE;
    const head = this.findHead();
    const headTs = this.ring.ts[head]!;
    this.updateTarget();
    // The head is due `target` after it would have arrived over the fastest path seen.
    const fastest = headTs * this.msPerTs + this.estimator.baseTransitMs;
    const due = Math.min(this.ring.arrival[head]!, fastest) + this.target;
    const levelMs = (this.newestTs + this.frameTs - headTs) * this.msPerTs;
    if (now < due && levelMs < this.target + this.frameTs * this.msPerTs) return EMPTY_BUFFERING;
    const headSeq = this.ring.seq[head]!;
    while (this.nextSeq < headSeq) this.skipSeq(this.nextSeq++);
    this.playTs = headTs;
    this.playing = true;
    this.starvedFrames = 0;
    this.windowGets = 0;
    this.windowMin = Number.POSITIVE_INFINITY;
    this.dropOne = false;
    return undefined;
  }

  private playNext(now: number): JitterResult<P> {
    for (;;) {
      if (this.bufferedCount === 0) {
        // Starved inside a talkspurt: hold the playout point and conceal, up to a limit.
        this.starvedFrames++;
        if (this.starvedFrames * this.frameTs * this.msPerTs > this.maxConcealment) {
          this.playing = false;
          return EMPTY_SILENCE;
        }
        return this.missing();
      }
      const slot = this.findHead();
      const seq = this.ring.seq[slot]!;
      const ts = this.ring.ts[slot]!;
      if (ts < this.playTs) {
        // Behind the playout point (timestamps out of step with sequence numbers).
        while (this.nextSeq < seq) this.skipSeq(this.nextSeq++);
        this.discardSlot(slot);
        this.nextSeq = seq + 1;
        continue;
      }
      if (ts >= this.playTs + this.frameTs) {
        // A marked talkspurt start (RFC 3551 §4.1), or a timestamp gap longer than the missing
        // sequence numbers can fill (DTX, silence suppression): schedule the head afresh.
        if (this.ring.marker[slot] === 1 || ts - this.playTs > (seq - this.nextSeq) * this.frameTs) {
          this.playing = false;
          const wait = this.tryStart(now);
          if (wait !== undefined) return wait;
          continue;
        }
        this.starvedFrames = 0;
        const result = this.missing();
        this.playTs += this.frameTs;
        return result;
      }
      while (this.nextSeq < seq) this.skipSeq(this.nextSeq++);
      if (this.dropOne && this.canDropAt(seq, ts)) {
        this.dropOne = false;
        this.discardSlot(slot);
        this.nextSeq = seq + 1;
        this.playTs = ts + this.frameTs;
        continue;
      }
      return this.play(slot, seq, ts, now);
    }
  }

  private play(slot: number, seq: number, ts: number, now: number): JitterResult<P> {
    const packet = this.ring.packets[slot]!;
    this.ring.mark(slot, seq, PLAYED);
    this.bufferedCount--;
    this.played++;
    this.nextSeq = seq + 1;
    this.playTs = ts + this.frameTs;
    this.starvedFrames = 0;
    this.currentDelay = now - this.ring.arrival[slot]!;
    this.trackDelay(now - (ts * this.msPerTs + this.estimator.baseTransitMs));
    let r = this.frameResult;
    if (r === undefined) {
      r = { kind: 'frame', packet, timestamp: 0, durationTs: 0, delayMs: 0 };
      this.frameResult = r;
    }
    r.packet = packet;
    r.timestamp = packet.timestamp;
    r.durationTs = this.frameTs;
    r.delayMs = this.currentDelay;
    return r;
  }

  /**
   * In-talkspurt delay reduction. The effective delay of a frame is how long after its
   * fastest-path arrival it plays (free of the packet's own jitter); when it stays a frame above
   * the target for a whole window, one frame is dropped.
   */
  private trackDelay(effective: number): void {
    if (effective < this.windowMin) this.windowMin = effective;
    if (++this.windowGets < SHRINK_WINDOW) return;
    this.dropOne = this.windowMin >= this.target + this.frameTs * this.msPerTs;
    this.windowGets = 0;
    this.windowMin = Number.POSITIVE_INFINITY;
  }

  /** A frame may be dropped when the next one is already here, so no gap follows. */
  private canDropAt(seq: number, ts: number): boolean {
    const next = (seq + 1) & this.ring.mask;
    return this.ring.is(next, seq + 1, FILLED) && this.ring.ts[next] === ts + this.frameTs;
  }

  private missing(): JitterMissing {
    const r = this.missingResult;
    r.timestamp = this.playTs % TWO_POW_32;
    r.durationTs = this.frameTs;
    this.concealed++;
    return r;
  }

  // --- ring helpers ---

  /** The first filled slot at or after nextSeq; only called when something is buffered. */
  private findHead(): number {
    const slot = this.ring.findFilled(this.nextSeq, this.stream.highestSeq);
    if (slot < 0) throw new Error('jitter buffer: buffered count out of step with the ring');
    return slot;
  }

  private skipSeq(seq: number): void {
    const slot = seq & this.ring.mask;
    if (this.ring.is(slot, seq, LATE)) return;
    this.ring.mark(slot, seq, SKIPPED);
    this.lost++;
  }

  private discardSlot(slot: number): void {
    this.ring.mark(slot, this.ring.seq[slot]!, DISCARDED);
    this.bufferedCount--;
    this.discarded++;
  }

  /** Discards what is buffered and forgets the stream's position (a new stream follows). */
  private flushStream(): void {
    this.discarded += this.bufferedCount;
    this.bufferedCount = 0;
    this.ring.clear();
    this.playTs = Number.NaN;
    this.newestTs = Number.NaN;
    this.playing = false;
    this.starvedFrames = 0;
    this.estimator.resetStream();
  }

  private updateTarget(): void {
    this.putsSinceTarget = 0;
    const q = this.estimator.sampleCount < 8 ? this.initialDelay : this.estimator.quantileMs(this.quantile);
    this.target = clamp(q, this.minDelay, this.maxDelay);
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}
