import { type ChildProcess, spawn } from 'node:child_process';
import type { AlsaBufferOptions } from '../alsa/alsa-pcm.js';
import type { MediaClock } from '../clock/media-clock.js';
import { RealTimeClock } from '../clock/real-time-clock.js';
import type { AudioDeviceEvent, AudioSource, FrameHandler } from '../device.js';
import { type AudioFormat, frameLength } from '../format.js';
import { Listeners, type Unsubscribe } from '../listeners.js';
import { alsaUtilsArgs } from './child-args.js';

/** Options of {@link ChildCapture}. */
export interface ChildCaptureOptions extends AlsaBufferOptions {
  /** Program to run (default `arecord`). */
  readonly command?: string;
  /** Environment of the child (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Paces the silence sent after the recorder died (default: a RealTimeClock). */
  readonly fallbackClock?: MediaClock;
}

/**
 * A microphone read from an `arecord` child process: the fallback when libasound cannot
 * be loaded in-process. The child writes raw PCM at the device's pace; frames are cut
 * from its output. If it exits while running, one `unplugged` event is sent (with its
 * last error line) and silence follows.
 */
export class ChildCapture implements AudioSource {
  readonly events = new Listeners<AudioDeviceEvent>();
  readonly name: string;
  readonly #frame: Int16Array;
  readonly #options: ChildCaptureOptions;
  #fill = 0;
  #odd: number | undefined;
  #child: ChildProcess | undefined;
  #onFrame: FrameHandler | undefined;
  #silence: Unsubscribe | undefined;
  #closed = false;
  #dead = false;
  #stderr = '';

  constructor(
    readonly pcm: string,
    readonly format: AudioFormat,
    options: ChildCaptureOptions = {},
  ) {
    this.name = pcm;
    this.#frame = new Int16Array(frameLength(format));
    this.#options = options;
  }

  /** Last lines the child wrote to stderr. */
  get stderr(): string {
    return this.#stderr;
  }

  start(onFrame: FrameHandler): void {
    if (this.#onFrame) throw new Error(`${this.name}: already started`);
    this.#onFrame = onFrame;
    if (this.#dead) this.#startSilence();
    else this.startProbe();
  }

  /**
   * Starts the child without a frame handler yet (its output is dropped), so an open
   * failure shows up before the call needs the device. `start` adopts the child.
   */
  startProbe(): void {
    if (this.#child) return;
    const child = spawn(
      this.#options.command ?? 'arecord',
      alsaUtilsArgs(this.pcm, this.format, this.#options),
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: this.#options.env ?? process.env,
      },
    );
    this.#child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.#deliver(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-500);
    });
    child.on('error', (e) => this.#died(e.message));
    child.on('exit', (code, signal) => this.#died(`arecord exited (${signal ?? `code ${code}`})`));
  }

  #deliver(chunk: Buffer): void {
    const frame = this.#frame;
    let i = 0;
    // A chunk may split a sample; keep the odd byte for the next one (little-endian).
    if (this.#odd !== undefined && chunk.length > 0) {
      frame[this.#fill++] = (((chunk[0]! << 8) | this.#odd) << 16) >> 16;
      this.#odd = undefined;
      i = 1;
      this.#emitIfFull();
    }
    for (; i + 1 < chunk.length; i += 2) {
      frame[this.#fill++] = chunk.readInt16LE(i);
      this.#emitIfFull();
    }
    if (i < chunk.length) this.#odd = chunk[i]!;
  }

  #emitIfFull(): void {
    if (this.#fill === this.#frame.length) {
      this.#fill = 0;
      this.#onFrame?.(this.#frame);
    }
  }

  #died(reason: string): void {
    if (this.#closed || this.#dead) return;
    this.#dead = true;
    const detail = this.#stderr.trim().split('\n').pop();
    this.events.emit({
      kind: 'unplugged',
      device: this.name,
      reason: detail ? `${reason}: ${detail}` : reason,
    });
    if (this.#onFrame) this.#startSilence();
  }

  #startSilence(): void {
    if (this.#silence || this.#closed) return;
    const clock = this.#options.fallbackClock ?? new RealTimeClock();
    this.#silence = clock.every(this.format.frameMs, () => {
      this.#frame.fill(0);
      this.#fill = 0;
      this.#onFrame?.(this.#frame);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#silence?.();
    this.#silence = undefined;
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
    }
  }
}
