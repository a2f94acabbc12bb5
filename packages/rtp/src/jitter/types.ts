/**
 * What the jitter buffer needs from an RTP packet (RFC 3550 §5.1). Declared here, structurally,
 * so that any decoded RTP packet object fits without depending on a particular decoder.
 */
export interface JitterPacket {
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly marker: boolean;
  readonly ssrc: number;
  readonly payloadType: number;
  readonly payload: Uint8Array;
}

/** A frame to decode: the packet whose timestamp is due now. */
export interface JitterFrame<P extends JitterPacket = JitterPacket> {
  readonly kind: 'frame';
  readonly packet: P;
  /** RTP timestamp of the frame (the packet's). */
  readonly timestamp: number;
  /** Frame length in RTP timestamp units. */
  readonly durationTs: number;
  /** How long the packet waited in the buffer, ms. */
  readonly delayMs: number;
}

/** A frame that should be here but is not (lost or late): the codec conceals it. */
export interface JitterMissing {
  readonly kind: 'missing';
  /** RTP timestamp of the missing frame. */
  readonly timestamp: number;
  /** Frame length to conceal, in RTP timestamp units. */
  readonly durationTs: number;
}

/** Nothing to play: no stream, still filling, or silence between talkspurts. */
export interface JitterEmpty {
  readonly kind: 'empty';
  /**
   * `idle`: no stream yet; `buffering`: packets wait for their playout time (start of a
   * talkspurt, delay being built up); `silence`: nothing buffered after a talkspurt ended
   * (DTX, or the stream stopped for longer than concealment covers).
   */
  readonly reason: 'idle' | 'buffering' | 'silence';
}

/**
 * What `JitterBuffer.get()` returns. The object is reused by the next `get()` call, so read it
 * (or copy what you need) before calling `get()` again.
 */
export type JitterResult<P extends JitterPacket = JitterPacket> =
  | JitterFrame<P>
  | JitterMissing
  | JitterEmpty;

/** What `JitterBuffer.put()` did with a packet. */
export type JitterPutOutcome =
  /** stored for playout */
  | 'buffered'
  /** the same sequence number is already buffered or was played */
  | 'duplicate'
  /** its playout time has passed; dropped */
  | 'late'
  /**
   * a new SSRC or a sequence/timestamp jump: held until the next packet confirms it (then the
   * buffer resets to the new stream); a single stray packet is discarded
   */
  | 'probation'
  /** this packet confirmed a new stream: the buffer reset and holds it */
  | 'reset';

/** Options of a `JitterBuffer`. Times in ms. */
export interface JitterBufferOptions {
  /** RTP clock rate in Hz (8000 for G.711). */
  readonly clockRate: number;
  /** Frame length the consumer pulls at; default 20. Learned from timestamp deltas when they differ. */
  readonly ptimeMs?: number;
  /** Lower bound of the target delay; default one ptime. */
  readonly minDelayMs?: number;
  /** Upper bound of the target delay; default 300. */
  readonly maxDelayMs?: number;
  /** Target delay before enough packets were measured; default 60 (clamped to the bounds). */
  readonly initialDelayMs?: number;
  /** Packets the ring holds (rounded up to a power of two); default 128. */
  readonly capacity?: number;
  /** Fraction of packets that should arrive in time; the target is this quantile of the delay; default 0.95. */
  readonly quantile?: number;
  /** How long an empty buffer is concealed as `missing` before it counts as silence; default 100. */
  readonly maxConcealmentMs?: number;
  /** A transit-time change larger than this is a timestamp jump (new stream); default 1000. */
  readonly resyncThresholdMs?: number;
}

/** Counters and current figures of a `JitterBuffer`. */
export interface JitterBufferStats {
  /** packets given to `put()` */
  readonly received: number;
  /** frames returned as `frame` */
  readonly played: number;
  /** `missing` results (concealed frames) */
  readonly concealed: number;
  /** sequence numbers the playout passed that never arrived (a late arrival takes one back) */
  readonly lost: number;
  /** packets that arrived after their playout time */
  readonly late: number;
  /** duplicated packets dropped */
  readonly duplicates: number;
  /** packets dropped by the buffer: overflow, delay reduction, stream reset, unconfirmed strays */
  readonly discarded: number;
  /** stream resets (SSRC change, sequence or timestamp jump) */
  readonly resets: number;
  /** packets waiting in the buffer */
  readonly buffered: number;
  /** audio waiting ahead of the playout point, ms */
  readonly bufferedMs: number;
  /** the delay the buffer aims for, ms */
  readonly targetDelayMs: number;
  /** how long the last played frame waited in the buffer, ms */
  readonly currentDelayMs: number;
  /** RFC 3550 interarrival jitter, ms */
  readonly jitterMs: number;
  /** frame length in use, RTP timestamp units */
  readonly frameDurationTs: number;
}
