/**
 * In-talkspurt delay reduction. The effective delay of a frame is how long after its
 * fastest-path arrival it plays, free of the packet's own jitter. When the smallest effective
 * delay of a whole window of frames stays a frame above the target, one frame may be dropped:
 * at most one per window (200 ms at 20 ms frames), so the cut is spread thin over speech.
 */
export class DelayReducer {
  private gets = 0;
  private min = Number.POSITIVE_INFINITY;
  /** A frame should be dropped at the next chance. */
  due = false;

  constructor(private readonly window = 10) {}

  reset(): void {
    this.gets = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.due = false;
  }

  /** Records a played frame's effective delay against the target (all ms). */
  track(effectiveMs: number, targetMs: number, frameMs: number): void {
    if (effectiveMs < this.min) this.min = effectiveMs;
    if (++this.gets < this.window) return;
    this.due = this.min >= targetMs + frameMs;
    this.gets = 0;
    this.min = Number.POSITIVE_INFINITY;
  }
}
