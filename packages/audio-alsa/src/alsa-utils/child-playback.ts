import { type ChildProcess, spawn } from 'node:child_process';
import type { AlsaBufferOptions } from '../alsa/alsa-pcm.js';
import type { AudioDeviceEvent, AudioSink } from '../device.js';
import { ClockPull } from '../devices/clock-pull.js';
import type { AudioFormat } from '../format.js';
import { Listeners } from '../listeners.js';
import { alsaUtilsArgs } from './child-args.js';

/** Options of {@link ChildPlayback}. */
export interface ChildPlaybackOptions extends AlsaBufferOptions {
  /** Program to run (default `aplay`). */
  readonly command?: string;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Audio (ms) allowed to wait in the pipe and in aplay beyond its device buffer (default
   * 60). More is dropped, so a writer that runs ahead cannot build up latency.
   */
  readonly maxQueueMs?: number;
}

/**
 * A speaker fed to an `aplay` child process through its stdin. The pipe (64 KiB, seconds
 * of audio) would hide any backlog, so the backlog is estimated instead: audio written
 * minus time elapsed since aplay had its device set up (it says so on stderr with `-v`).
 * Frames written before that, or beyond `maxQueueMs` of backlog, are dropped. If the child
 * exits, one `unplugged` event is sent and later writes are discarded.
 */
export class ChildPlayback implements AudioSink {
  readonly events = new Listeners<AudioDeviceEvent>();
  readonly name: string;
  readonly #child: ChildProcess;
  readonly #pull: ClockPull;
  readonly #maxBacklogMs: number;
  readonly #rate: number;
  #readyAt = Number.NaN;
  #writtenFrames = 0;
  #dead = false;
  #closing = false;
  #dropped = 0;
  #stderr = '';

  constructor(
    readonly pcm: string,
    readonly format: AudioFormat,
    options: ChildPlaybackOptions = {},
  ) {
    this.name = pcm;
    this.#rate = format.sampleRate;
    // aplay gives no word on its pace: pull mode runs on the wall clock.
    this.#pull = new ClockPull(format);
    this.#maxBacklogMs = (options.maxQueueMs ?? 60) + (options.periodMs ?? 10) * (options.periods ?? 4);
    const child = spawn(options.command ?? 'aplay', ['-v', ...alsaUtilsArgs(pcm, format, options)], {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: options.env ?? process.env,
    });
    this.#child = child;
    child.stdin?.on('error', () => {}); // EPIPE after the child died: reported by 'exit'
    child.stderr?.on('data', (c: Buffer) => {
      // With -v, aplay describes the PCM once it is set up, just before reading stdin.
      if (Number.isNaN(this.#readyAt)) this.#readyAt = performance.now();
      this.#stderr = (this.#stderr + c.toString()).slice(-500);
    });
    child.on('error', (e) => this.#died(e.message));
    child.on('exit', (code, signal) => this.#died(`aplay exited (${signal ?? `code ${code}`})`));
  }

  /** Frames dropped because the child fell behind. */
  get droppedFrames(): number {
    return this.#dropped;
  }

  write(frame: Int16Array): void {
    const stdin = this.#child.stdin;
    if (this.#dead || this.#closing || !stdin) return;
    const frames = frame.length / this.format.channels;
    if (Number.isNaN(this.#readyAt)) {
      this.#dropped++;
      return;
    }
    const elapsed = performance.now() - this.#readyAt;
    // aplay played nothing for a while (an underrun): it restarts from what comes next.
    if ((this.#writtenFrames * 1000) / this.#rate < elapsed)
      this.#writtenFrames = (elapsed * this.#rate) / 1000;
    const backlogMs = ((this.#writtenFrames + frames) * 1000) / this.#rate - elapsed;
    if (backlogMs > this.#maxBacklogMs) {
      this.#dropped++;
      return;
    }
    this.#writtenFrames += frames;
    const bytes = Buffer.allocUnsafe(frame.length * 2);
    for (let i = 0; i < frame.length; i++) bytes.writeInt16LE(frame[i]!, 2 * i);
    stdin.write(bytes);
  }

  pullFrom(fill: (frame: Int16Array) => void): void {
    this.#pull.start(fill, (f) => this.write(f));
  }

  #died(reason: string): void {
    if (this.#dead) return;
    this.#dead = true;
    if (this.#closing) return;
    const detail = this.#stderr.trim().split('\n').pop();
    this.events.emit({
      kind: 'unplugged',
      device: this.name,
      reason: detail ? `${reason}: ${detail}` : reason,
    });
  }

  /** Closes stdin so the child plays out and exits (killed after a bounded wait). */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#pull.stop();
    const child = this.#child;
    if (this.#dead) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGTERM'), 2000);
    await exited;
    clearTimeout(timer);
  }
}
