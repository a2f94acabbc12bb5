import type { MediaClock } from '../clock/media-clock.js';
import { RealTimeClock } from '../clock/real-time-clock.js';
import type { AudioSource, FrameHandler } from '../device.js';
import { type AudioFormat, frameLength } from '../format.js';
import type { Unsubscribe } from '../listeners.js';
import { type AlsaBufferOptions, openPcm } from './alsa-pcm.js';
import { AlsaStream } from './alsa-stream.js';
import type { LibAsound, PcmHandle } from './libasound.js';

/** Options of an ALSA capture stream. */
export interface AlsaCaptureOptions extends AlsaBufferOptions {
  /** Paces the silence sent after the device is unplugged (default: a RealTimeClock). */
  readonly fallbackClock?: MediaClock;
}

/** Result of {@link AlsaCapture.open}. */
export type AlsaCaptureResult =
  | { readonly ok: true; readonly value: AlsaCapture }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly detail?: string;
      readonly stage: 'open' | 'params';
    };

/**
 * A microphone on any ALSA PCM. The device's own pace drives the frames: every poll reads
 * what the card has captured (never waiting), and each complete frame goes to the
 * handler. After an overrun the stream is recovered and restarted; if the device goes
 * away, one `unplugged` event is sent and silence follows at the same frame rate so the
 * call goes on.
 */
export class AlsaCapture extends AlsaStream implements AudioSource {
  readonly #frame: Int16Array;
  readonly #scratch: Int16Array;
  readonly #fallbackClock: MediaClock | undefined;
  #fill = 0;
  #onFrame: FrameHandler | undefined;
  #silence: Unsubscribe | undefined;

  private constructor(
    lib: LibAsound,
    opened: import('./alsa-pcm.js').OpenedPcm,
    name: string,
    format: AudioFormat,
    options: AlsaCaptureOptions,
  ) {
    super(lib, opened, name, format, options, true);
    this.#frame = new Int16Array(frameLength(format));
    this.#scratch = new Int16Array(opened.bufferFrames * format.channels);
    this.#fallbackClock = options.fallbackClock;
  }

  /** Opens `name` (any ALSA PCM name) for capture. */
  static open(
    lib: LibAsound,
    name: string,
    format: AudioFormat,
    options: AlsaCaptureOptions = {},
  ): AlsaCaptureResult {
    const r = openPcm(lib, name, true, format, options);
    if (!r.ok) return r;
    return { ok: true, value: new AlsaCapture(lib, r.value, name, format, options) };
  }

  start(onFrame: FrameHandler): void {
    if (this.#onFrame) throw new Error(`${this.name}: already started`);
    this.#onFrame = onFrame;
    if (!this.pcm) {
      this.onDead();
      return;
    }
    const e = this.lib.start(this.pcm);
    if (e < 0) this.handleError(e);
    if (this.pcm) this.startPolling();
  }

  protected service(pcm: PcmHandle): void {
    const ch = this.format.channels;
    // Bounded: at most one buffer's worth per poll, so a device that is not paced
    // (ALSA's null or file plugins) cannot hold the event loop.
    let budget = this.opened.bufferFrames;
    while (budget > 0 && this.pcm === pcm) {
      const avail = this.lib.availUpdate(pcm);
      if (avail < 0) {
        if (!this.handleError(avail)) return;
        continue;
      }
      if (avail === 0) return;
      const want = Math.min(avail, budget, this.#scratch.length / ch);
      const got = this.lib.readi(pcm, this.#scratch, want);
      if (got < 0) {
        if (!this.handleError(got)) return;
        continue;
      }
      if (got === 0) return;
      this.ioSucceeded();
      budget -= got;
      this.deviceFrames += got;
      this.#deliver(got * ch);
    }
  }

  #deliver(samples: number): void {
    const frame = this.#frame;
    const scratch = this.#scratch;
    for (let i = 0; i < samples; i++) {
      frame[this.#fill++] = scratch[i]!;
      if (this.#fill === frame.length) {
        this.#fill = 0;
        this.#onFrame?.(frame);
      }
    }
  }

  protected override afterRecover(pcm: PcmHandle): void {
    this.lib.start(pcm);
  }

  protected override onDead(): void {
    if (!this.#onFrame || this.#silence) return;
    const clock = this.#fallbackClock ?? new RealTimeClock();
    this.#silence = clock.every(this.format.frameMs, () => {
      this.#frame.fill(0);
      this.#fill = 0;
      this.#onFrame?.(this.#frame);
    });
  }

  protected override onRestored(pcm: PcmHandle): void {
    this.#silence?.();
    this.#silence = undefined;
    this.#fill = 0;
    if (!this.#onFrame) return;
    this.lib.start(pcm);
    this.startPolling();
  }

  async close(): Promise<void> {
    this.#silence?.();
    this.#silence = undefined;
    this.#onFrame = undefined;
    this.closePcm();
  }
}
