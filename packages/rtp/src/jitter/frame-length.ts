/**
 * Learns the frame length of a stream from the timestamp steps between consecutive sequence
 * numbers: a step counts once it has been seen `needed` times in a row, so a single gap (DTX,
 * silence) or an odd packet does not change it.
 */
export class FrameLengthLearner {
  private candidate = 0;
  private count = 0;

  /** @param maxTs - steps longer than this are gaps, not frames (200 ms of clock by default) */
  constructor(
    private readonly maxTs: number,
    private readonly needed = 3,
  ) {}

  reset(): void {
    this.count = 0;
  }

  /** Observes one step; returns the learned frame length, or 0 while there is none. */
  observe(delta: number): number {
    if (delta <= 0 || delta > this.maxTs) return 0;
    if (delta === this.candidate) this.count++;
    else {
      this.candidate = delta;
      this.count = 1;
    }
    return this.count >= this.needed ? delta : 0;
  }
}
