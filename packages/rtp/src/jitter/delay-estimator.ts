/**
 * Network delay statistics for the jitter buffer.
 *
 * Every packet gives a transit time `arrival - timestamp/clockRate` (RFC 3550 §6.4.1); only
 * differences of transit times mean anything, because the two clocks have unrelated origins.
 * The estimator keeps:
 * - a base transit: the smallest transit of the last few seconds (the fastest path through the
 *   network), a sliding minimum kept in sub-windows, so it follows clock skew between sender
 *   and receiver and a route whose delay went up;
 * - a histogram of the relative delay (transit minus base) in 1 ms buckets with exponential
 *   forgetting, from which a quantile gives the playout delay that keeps the late-packet rate
 *   near `1 - quantile` (the idea behind NetEq's and pjmedia's adaptive targets);
 * - the RFC 3550 §A.8 interarrival jitter, for statistics and RTCP.
 *
 * All storage is allocated up front; `add()` does no allocation.
 */
export class DelayEstimator {
  private readonly buckets: Float64Array;
  private readonly decay: number;
  private weight = 1;
  private total = 0;
  private samples = 0;
  private readonly windowMins: Float64Array;
  private readonly subWindowMs: number;
  private subWindow = Number.NaN;
  private base = Number.NaN;
  private lastTransit = Number.NaN;
  private jitter = 0;

  /**
   * @param maxDelayMs - relative delays above this land in the last bucket
   * @param halfLifePackets - after this many packets an observation weighs half as much
   * @param baseWindowMs - the base transit is the minimum over this long (in 8 sub-windows)
   */
  constructor(maxDelayMs: number, halfLifePackets = 200, baseWindowMs = 4000) {
    this.buckets = new Float64Array(Math.ceil(maxDelayMs) + 1);
    this.decay = 2 ** (-1 / halfLifePackets);
    this.windowMins = new Float64Array(8).fill(Number.POSITIVE_INFINITY);
    this.subWindowMs = baseWindowMs / 8;
  }

  /** Forgets the base transit and the RFC 3550 jitter state (new stream); keeps the histogram. */
  resetStream(): void {
    this.base = Number.NaN;
    this.subWindow = Number.NaN;
    this.windowMins.fill(Number.POSITIVE_INFINITY);
    this.lastTransit = Number.NaN;
  }

  /** Forgets everything. */
  clear(): void {
    this.resetStream();
    this.buckets.fill(0);
    this.weight = 1;
    this.total = 0;
    this.samples = 0;
    this.jitter = 0;
  }

  /** Base transit in ms, NaN before the first packet of a stream. */
  get baseTransitMs(): number {
    return this.base;
  }

  /** RFC 3550 interarrival jitter in ms. */
  get jitterMs(): number {
    return this.jitter;
  }

  /** Number of observations since the last `clear()`. */
  get sampleCount(): number {
    return this.samples;
  }

  /** Relative delay of a transit against the current base (what `add` would record). */
  relativeDelay(transitMs: number): number {
    return Number.isNaN(this.base) ? 0 : transitMs - this.base;
  }

  /** Records one packet's transit time (ms) at its arrival time (ms). */
  add(transitMs: number, arrivalMs: number): void {
    this.updateBase(transitMs, arrivalMs);
    if (!Number.isNaN(this.lastTransit)) {
      // RFC 3550 §A.8: J += (|D| - J) / 16
      const d = Math.abs(transitMs - this.lastTransit);
      this.jitter += (d - this.jitter) / 16;
    }
    this.lastTransit = transitMs;

    const rel = transitMs - this.base;
    const last = this.buckets.length - 1;
    const index = rel >= last ? last : Math.floor(rel);
    this.weight /= this.decay;
    if (this.weight > 1e12) this.rescale();
    this.buckets[index]! += this.weight;
    this.total += this.weight;
    this.samples++;
  }

  /**
   * The smallest delay d (whole ms) such that a fraction `q` of the recorded relative delays
   * are at most d. Returns NaN when nothing is recorded.
   */
  quantileMs(q: number): number {
    if (this.total <= 0) return Number.NaN;
    // Walk from the top: the tail above the quantile is short, so this is the cheap direction.
    const tail = (1 - q) * this.total;
    let sum = 0;
    for (let i = this.buckets.length - 1; i >= 0; i--) {
      sum += this.buckets[i]!;
      if (sum > tail) return i + 1;
    }
    return 0;
  }

  private updateBase(transitMs: number, arrivalMs: number): void {
    const mins = this.windowMins;
    const w = Math.floor(arrivalMs / this.subWindowMs);
    if (Number.isNaN(this.subWindow) || w > this.subWindow) {
      // Sub-windows that time has moved past are forgotten.
      const from = Number.isNaN(this.subWindow) ? w - 7 : Math.max(this.subWindow + 1, w - 7);
      for (let k = from; k <= w; k++) mins[k & 7] = Number.POSITIVE_INFINITY;
      this.subWindow = w;
    }
    // A packet from an older sub-window (reordered arrival times) counts in the current one.
    const slot = this.subWindow & 7;
    if (transitMs < mins[slot]!) mins[slot] = transitMs;
    let base = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 8; k++) if (mins[k]! < base) base = mins[k]!;
    this.base = base;
  }

  private rescale(): void {
    const k = 1 / this.weight;
    for (let i = 0; i < this.buckets.length; i++) this.buckets[i]! *= k;
    this.total *= k;
    this.weight = 1;
  }
}
