import type { AudioSink } from '../device.js';
import type { DriftCompensator } from '../drift/drift-compensator.js';
import { type AudioFormat, frameLength } from '../format.js';
import { type AlsaBufferOptions, type OpenedPcm, openPcm } from './alsa-pcm.js';
import { AlsaStream } from './alsa-stream.js';
import {
  type LibAsound,
  type PcmHandle,
  SND_PCM_STATE_PREPARED,
  SND_PCM_STATE_RUNNING,
} from './libasound.js';

/** Options of an ALSA playback stream. */
export interface AlsaPlaybackOptions extends AlsaBufferOptions {
  /**
   * Most audio (ms) allowed to wait in front of the device buffer (default 60). Beyond it
   * the oldest samples are dropped: a backlog (the device started late, the event loop
   * stalled, the writer runs fast) would otherwise stay as added latency for the whole
   * call. Put a {@link DriftCompensator} before the sink to avoid drops in steady state.
   */
  readonly maxQueueMs?: number;
  /**
   * Write a period of silence when the queue is empty and the device is about to run dry
   * (default true), so a late frame costs a little latency instead of an underrun click.
   */
  readonly fillSilence?: boolean;
}

/** Result of {@link AlsaPlayback.open}. */
export type AlsaPlaybackResult =
  | { readonly ok: true; readonly value: AlsaPlayback }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly detail?: string;
      readonly stage: 'open' | 'params';
    };

/**
 * A speaker on any ALSA PCM. `write` only queues (in a ring allocated once); a poll
 * timer moves queued samples into the device as space frees up, never blocking.
 */
export class AlsaPlayback extends AlsaStream implements AudioSink {
  readonly #ring: Int16Array;
  readonly #scratch: Int16Array;
  readonly #fillSilence: boolean;
  readonly #maxQueue: number;
  readonly #pullFrame: Int16Array;
  #pull: ((frame: Int16Array) => void) | undefined;
  #head = 0;
  #size = 0;
  #dropped = 0;
  #closing = false;

  private constructor(
    lib: LibAsound,
    opened: OpenedPcm,
    name: string,
    format: AudioFormat,
    o: AlsaPlaybackOptions,
  ) {
    super(lib, opened, name, format, o, false);
    const queue = Math.round((format.sampleRate * (o.maxQueueMs ?? 60)) / 1000);
    this.#maxQueue = queue * format.channels;
    // Room for the limit plus one more write of any sensible size before trimming.
    this.#ring = new Int16Array(
      (queue + Math.max(format.sampleRate / 10, opened.bufferFrames)) * format.channels,
    );
    this.#scratch = new Int16Array(opened.bufferFrames * format.channels);
    this.#fillSilence = o.fillSilence ?? true;
    this.#pullFrame = new Int16Array(frameLength(format));
    this.startPolling();
  }

  /** Opens `name` (any ALSA PCM name) for playback. */
  static open(
    lib: LibAsound,
    name: string,
    format: AudioFormat,
    options: AlsaPlaybackOptions = {},
  ): AlsaPlaybackResult {
    const r = openPcm(lib, name, false, format, options);
    if (!r.ok) return r;
    return { ok: true, value: new AlsaPlayback(lib, r.value, name, format, options) };
  }

  protected override onRestored(): void {
    this.#head = 0;
    this.#size = 0;
    this.startPolling();
  }

  /** Samples dropped to keep the queue under `maxQueueMs`. */
  get droppedSamples(): number {
    return this.#dropped;
  }

  /** Frames (per channel) waiting in the queue, not yet handed to ALSA. */
  get queuedFrames(): number {
    return this.#size / this.format.channels;
  }

  /**
   * Pull mode: from now on the device asks for each frame when it has room for it, so the
   * card's clock paces the source (a {@link DriftCompensator}'s `pull`, a mixer) and no
   * queue builds up: the added latency is the device buffer alone.
   */
  pullFrom(fill: (frame: Int16Array) => void): void {
    this.#pull = fill;
    if (this.pcm) this.service(this.pcm);
  }

  write(frame: Int16Array): void {
    if (!this.pcm || this.#closing) return;
    this.#enqueue(frame);
    this.service(this.pcm);
    if (this.#size > this.#maxQueue) {
      const drop = this.#size - this.#maxQueue;
      this.#head = (this.#head + drop) % this.#ring.length;
      this.#size -= drop;
      this.#dropped += drop;
    }
  }

  protected service(pcm: PcmHandle): void {
    const ch = this.format.channels;
    // Bounded, so an unpaced device (ALSA's null or file plugins) cannot hold the loop.
    let pulls = Math.ceil(this.opened.bufferFrames / (this.#pullFrame.length / ch)) + 1;
    for (;;) {
      if (this.pcm !== pcm) return;
      const free = this.lib.availUpdate(pcm);
      if (free < 0) {
        if (!this.handleError(free)) return;
        continue;
      }
      let queued = this.#size / ch;
      if (queued === 0 && this.#pull && free >= this.#pullFrame.length / ch && pulls-- > 0) {
        this.#pull(this.#pullFrame);
        this.#enqueue(this.#pullFrame);
        queued = this.#size / ch;
      }
      if (queued === 0) {
        this.#maybeFillSilence(pcm, free);
        return;
      }
      const n = Math.min(free, queued, this.#scratch.length / ch);
      if (n === 0) return;
      const ring = this.#ring;
      for (let i = 0; i < n * ch; i++) this.#scratch[i] = ring[(this.#head + i) % ring.length]!;
      const wrote = this.lib.writei(pcm, this.#scratch, n);
      if (wrote < 0) {
        if (!this.handleError(wrote)) return;
        continue;
      }
      this.ioSucceeded();
      this.#head = (this.#head + wrote * ch) % ring.length;
      this.#size -= wrote * ch;
      this.deviceFrames += wrote;
    }
  }

  #enqueue(frame: Int16Array): void {
    const ring = this.#ring;
    for (let i = 0; i < frame.length; i++) {
      if (this.#size === ring.length) {
        this.#dropped += frame.length - i;
        break;
      }
      ring[(this.#head + this.#size) % ring.length] = frame[i]!;
      this.#size++;
    }
  }

  #maybeFillSilence(pcm: PcmHandle, free: number): void {
    if (!this.#fillSilence || this.#closing || this.#pull) return;
    if (this.lib.state(pcm) !== SND_PCM_STATE_RUNNING) return;
    const inDevice = this.opened.bufferFrames - free;
    if (inDevice >= this.opened.periodFrames) return;
    const n = Math.min(free, this.opened.periodFrames);
    this.#scratch.fill(0, 0, n * this.format.channels);
    if (this.lib.writei(pcm, this.#scratch, n) > 0) this.silenceFills++;
  }

  /** Plays out the queue and what the device holds (bounded in time), then closes. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#pull = undefined;
    const rate = this.format.sampleRate;
    const deadline = Date.now() + ((this.queuedFrames + this.opened.bufferFrames) * 1000) / rate + 200;
    while (this.pcm && Date.now() < deadline) {
      this.service(this.pcm);
      if (!this.pcm) break;
      const free = this.lib.availUpdate(this.pcm);
      const state = this.lib.state(this.pcm);
      // Fewer samples than the start threshold never start the device on their own.
      if (state === SND_PCM_STATE_PREPARED && free < this.opened.bufferFrames) this.lib.start(this.pcm);
      else if (this.#size === 0 && (state !== SND_PCM_STATE_RUNNING || free >= this.opened.bufferFrames))
        break;
      await new Promise((r) => setTimeout(r, 5));
    }
    this.closePcm();
  }
}
