/**
 * Lines up what the speaker played with what the microphone hears, for the echo
 * canceller. The playback path records each frame it hands to the card (in `pullFrom`);
 * the capture path takes one per microphone frame. Both run on device clocks, so the
 * distance between them is constant and the canceller's tail absorbs it. When the two
 * devices drift apart (two cards), the queue is cut back or padded with silence, which
 * the canceller sees as a small echo path change.
 */
export class EchoReference {
  readonly #frames: Int16Array[];
  readonly #max: number;
  #head = 0;
  #count = 0;
  #resyncs = 0;

  /** `maxFrames`: most frames held before the oldest are dropped (default 4: 80 ms). */
  constructor(frameLength: number, maxFrames = 4) {
    this.#max = maxFrames;
    this.#frames = Array.from({ length: maxFrames }, () => new Int16Array(frameLength));
  }

  /** Times the queue was cut back or ran empty. */
  get resyncs(): number {
    return this.#resyncs;
  }

  /** Records a frame that was just given to the speaker. */
  played(frame: Int16Array): void {
    if (this.#count === this.#max) {
      this.#head = (this.#head + 1) % this.#max;
      this.#count--;
      this.#resyncs++;
    }
    this.#frames[(this.#head + this.#count) % this.#max]!.set(frame);
    this.#count++;
  }

  /** The played frame matching the microphone frame at hand, into `out` (silence if none). */
  take(out: Int16Array): void {
    if (this.#count === 0) {
      out.fill(0);
      this.#resyncs++;
      return;
    }
    out.set(this.#frames[this.#head]!);
    this.#head = (this.#head + 1) % this.#max;
    this.#count--;
  }
}
