import type { AudioDeviceEvent } from '../device.js';
import type { AudioFormat } from '../format.js';
import { Listeners } from '../listeners.js';
import { type AlsaBufferOptions, type OpenedPcm, openPcm } from './alsa-pcm.js';
import { EAGAIN, EBADFD, EIO, ENODEV, EPIPE, ESTRPIPE, type LibAsound, type PcmHandle } from './libasound.js';

/** Counters of an ALSA stream, for diagnostics and the README's figures. */
export interface AlsaStreamStats {
  /** Frames (per-channel sample instants) moved to or from the device. */
  readonly deviceFrames: number;
  /** Underruns/overruns recovered. */
  readonly xruns: number;
  /** Periods of silence written because the far end sent nothing in time (playback). */
  readonly silenceFills: number;
  /** Period and buffer sizes the device granted, in frames. */
  readonly periodFrames: number;
  readonly bufferFrames: number;
}

/**
 * What capture and playback share: the poll timer that services a non-blocking PCM from
 * the event loop (never blocking it), xrun recovery with `snd_pcm_recover`, and the
 * switch to a dead state with one `unplugged` event when the device goes away.
 */
export abstract class AlsaStream {
  readonly events = new Listeners<AudioDeviceEvent>();
  protected readonly lib: LibAsound;
  protected pcm: PcmHandle | null;
  protected opened: OpenedPcm;
  protected xruns = 0;
  protected deviceFrames = 0;
  protected silenceFills = 0;
  readonly #pollMs: number;
  readonly #options: AlsaBufferOptions;
  readonly #capture: boolean;
  #timer: ReturnType<typeof setInterval> | undefined;
  #retry: ReturnType<typeof setInterval> | undefined;

  protected constructor(
    lib: LibAsound,
    opened: OpenedPcm,
    readonly name: string,
    readonly format: AudioFormat,
    options: AlsaBufferOptions,
    capture: boolean,
  ) {
    this.#options = options;
    this.#capture = capture;
    this.lib = lib;
    this.opened = opened;
    this.pcm = opened.pcm;
    const periodMs = (opened.periodFrames * 1000) / format.sampleRate;
    this.#pollMs = Math.max(1, Math.floor(options.pollMs ?? periodMs / 2));
  }

  /** Counters of this stream. */
  get stats(): AlsaStreamStats {
    return {
      deviceFrames: this.deviceFrames,
      xruns: this.xruns,
      silenceFills: this.silenceFills,
      periodFrames: this.opened.periodFrames,
      bufferFrames: this.opened.bufferFrames,
    };
  }

  /** True once the device went away; the stream then runs on without it. */
  get unplugged(): boolean {
    return this.pcm === null && this.#dead;
  }

  #dead = false;
  #errorsInARow = 0;

  /** Services the device: move whatever can move without blocking. */
  protected abstract service(pcm: PcmHandle): void;

  protected startPolling(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (this.pcm) this.service(this.pcm);
    }, this.#pollMs);
  }

  protected stopPolling(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Handles a negative return of a PCM call. Returns true when the caller may retry at
   * once (an xrun was recovered); false when it should wait for the next poll (EAGAIN, an
   * unknown error, which is reported) or the device is gone. Errors that keep coming (50
   * in a row, about a quarter of a second) count as the device being gone.
   */
  protected handleError(err: number): boolean {
    const pcm = this.pcm;
    if (!pcm || err === EAGAIN) return false;
    if (++this.#errorsInARow > 50) {
      this.goDead(`${this.lib.strerror(err)} (the device keeps failing)`);
      return false;
    }
    if (err === EPIPE || err === ESTRPIPE) {
      const r = this.lib.recover(pcm, err, 1);
      if (r === 0) {
        this.xruns++;
        this.afterRecover(pcm);
        this.events.emit({ kind: 'xrun', device: this.name, count: this.xruns });
        return true;
      }
      err = r;
    }
    if (err === ENODEV || err === EBADFD || err === EIO || err === ESTRPIPE || err === EPIPE) {
      this.goDead(`${this.lib.strerror(err)} (the device was unplugged or its server stopped)`);
      return false;
    }
    this.events.emit({ kind: 'error', device: this.name, reason: this.lib.strerror(err) });
    return false;
  }

  /** A read or write moved samples: the device works. */
  protected ioSucceeded(): void {
    this.#errorsInARow = 0;
  }

  /** After a recovered xrun: capture restarts the stream, playback refills. */
  protected afterRecover(_pcm: PcmHandle): void {}

  /** Called once when the device is gone, after the unplugged event. */
  protected onDead(): void {}

  /** Called when the device was opened again after being gone, before the restored event. */
  protected onRestored(_pcm: PcmHandle): void {}

  protected goDead(reason: string): void {
    const pcm = this.pcm;
    if (!pcm) return;
    this.pcm = null;
    this.#dead = true;
    this.stopPolling();
    this.lib.drop(pcm);
    this.lib.close(pcm);
    this.events.emit({ kind: 'unplugged', device: this.name, reason });
    this.onDead();
    const every = this.#options.reopenMs ?? 2000;
    if (every > 0) this.#retry = setInterval(() => this.#tryReopen(), every);
  }

  #tryReopen(): void {
    const r = openPcm(this.lib, this.name, this.#capture, this.format, this.#options);
    if (!r.ok) return;
    clearInterval(this.#retry);
    this.#retry = undefined;
    this.opened = r.value;
    this.pcm = r.value.pcm;
    this.#dead = false;
    this.#errorsInARow = 0;
    this.onRestored(r.value.pcm);
    this.events.emit({ kind: 'restored', device: this.name });
  }

  protected closePcm(): void {
    this.stopPolling();
    if (this.#retry) clearInterval(this.#retry);
    this.#retry = undefined;
    const pcm = this.pcm;
    this.pcm = null;
    if (pcm) {
      this.lib.drop(pcm);
      this.lib.close(pcm);
    }
  }
}
