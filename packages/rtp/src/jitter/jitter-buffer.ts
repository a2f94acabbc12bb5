import { DelayEstimator } from './delay-estimator.js';
import { DelayReducer } from './delay-reducer.js';
import { FrameLengthLearner } from './frame-length.js';
import { JitterCounters } from './jitter-counters.js';
import { DISCARDED, EMPTY, FILLED, LATE, PacketRing, PLAYED, SKIPPED } from './packet-ring.js';
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
  private readonly learner: FrameLengthLearner;
  private readonly count = new JitterCounters();
  private readonly reducer = new DelayReducer();
  private readonly missingResult: { kind: 'missing'; timestamp: number; durationTs: number };
  private frameResult: FrameSlot<P> | undefined;

  private nextSeq = 0;
  private playTs = Number.NaN;
  private playing = false;
  private bufferedCount = 0;
  private newestTs = Number.NaN;
  private frameTs: number;
  private starvedFrames = 0;
  private target: number;
  private putsSinceTarget = 0;
  private pending: P | undefined;
  private pendingArrival = 0;

  private currentDelay = 0;

  constructor(options: JitterBufferOptions) {
    const ptime = options.ptimeMs ?? 20;
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
    this.stream = new SequenceTracker(this.msPerTs, this.resyncThreshold);
    this.estimator = new DelayEstimator(this.maxDelay);
    this.learner = new FrameLengthLearner(options.clockRate / 5);
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
    this.count.received++;
    if (!this.stream.active) {
      this.beginStream(packet);
    } else if (this.stream.isJump(packet, arrivalMs, this.estimator.baseTransitMs)) {
      return this.probation(packet, arrivalMs);
    } else if (this.pending !== undefined) {
      // The suspected new stream was a stray packet.
      this.pending = undefined;
      this.count.discarded++;
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
      ...this.count,
      buffered: this.bufferedCount,
      bufferedMs,
      targetDelayMs: this.target,
      currentDelayMs: this.currentDelay,
      jitterMs: this.estimator.jitterMs,
      frameDurationTs: this.frameTs,
    };
  }

  private beginStream(packet: P): void {
    this.stream.begin(packet);
    this.nextSeq = this.stream.seq;
    this.frameTs = this.configuredFrameTs;
    this.learner.reset();
  }

  /** A new SSRC or a jump is believed once the next packet continues it (RFC 3550 §A.1 probation). */
  private probation(packet: P, arrivalMs: number): JitterPutOutcome {
    const p = this.pending;
    if (p !== undefined && this.stream.follows(p, this.pendingArrival, packet, arrivalMs)) {
      this.pending = undefined;
      this.flushStream();
      this.count.resets++;
      this.beginStream(p);
      this.admit(p, this.pendingArrival);
      this.stream.extend(packet);
      this.admit(packet, arrivalMs);
      return 'reset';
    }
    if (p !== undefined) this.count.discarded++;
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
    if (known && state !== SKIPPED && state !== EMPTY) {
      this.count.duplicates++;
      return 'duplicate';
    }
    this.estimator.add(arrivalMs - extTs * this.msPerTs, arrivalMs);
    if (++this.putsSinceTarget >= 16) this.updateTarget();
    const anchored = !Number.isNaN(this.playTs);
    if (anchored && (extTs < this.playTs || extSeq < this.nextSeq)) {
      if (known && state === SKIPPED) {
        this.count.lost--; // counted lost when playout passed it
        ring.mark(slot, extSeq, LATE);
      } else if (extSeq >= this.nextSeq && extSeq < this.nextSeq + ring.capacity) {
        ring.mark(slot, extSeq, LATE); // so that passing it later does not count it lost
      }
      this.count.late++;
      return 'late';
    }
    if (!anchored && extSeq < this.nextSeq) {
      // Before the first playout a reordered earlier packet becomes the head.
      if (this.stream.highestSeq - extSeq >= ring.capacity) {
        this.count.late++;
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
      const learned = this.learner.observe(extTs - this.ring.ts[prev]!);
      if (learned > 0) this.frameTs = learned;
    }
  }

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
    this.reducer.reset();
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
      if (this.reducer.due && this.canDropAt(seq, ts)) {
        this.reducer.due = false;
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
    this.count.played++;
    this.nextSeq = seq + 1;
    this.playTs = ts + this.frameTs;
    this.starvedFrames = 0;
    this.currentDelay = now - this.ring.arrival[slot]!;
    const effective = now - (ts * this.msPerTs + this.estimator.baseTransitMs);
    this.reducer.track(effective, this.target, this.frameTs * this.msPerTs);
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

  /** A frame may be dropped when the next one is already here, so no gap follows. */
  private canDropAt(seq: number, ts: number): boolean {
    const next = (seq + 1) & this.ring.mask;
    return this.ring.is(next, seq + 1, FILLED) && this.ring.ts[next] === ts + this.frameTs;
  }

  private missing(): JitterMissing {
    const r = this.missingResult;
    r.timestamp = this.playTs % TWO_POW_32;
    r.durationTs = this.frameTs;
    this.count.concealed++;
    return r;
  }

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
    this.count.lost++;
  }

  private discardSlot(slot: number): void {
    this.ring.mark(slot, this.ring.seq[slot]!, DISCARDED);
    this.bufferedCount--;
    this.count.discarded++;
  }

  /** Discards what is buffered and forgets the stream's position (a new stream follows). */
  private flushStream(): void {
    this.count.discarded += this.bufferedCount;
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
