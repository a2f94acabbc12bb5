import { closeSync, openSync, writeSync } from 'node:fs';
import { wavHeader } from './wav-header.js';

/** Options of {@link WavWriter}. */
export interface WavWriterOptions {
  readonly sampleRate: number;
  readonly channels: number;
  /**
   * Samples are buffered and written, with the header's sizes fixed up, at least this
   * often (default 1000 ms of audio), so a recording cut short by a crash is still a
   * valid WAV file missing at most this much.
   */
  readonly flushMs?: number;
}

/**
 * Writes a 16-bit PCM WAV file incrementally with synchronous, bounded writes: a small
 * header rewrite plus one data write per flush period.
 */
export class WavWriter {
  readonly #fd: number;
  readonly #rate: number;
  readonly #channels: number;
  readonly #buf: Uint8Array;
  readonly #view: DataView;
  #fill = 0;
  #dataBytes = 0;
  #closed = false;

  constructor(path: string, options: WavWriterOptions) {
    this.#rate = options.sampleRate;
    this.#channels = options.channels;
    const flushMs = options.flushMs ?? 1000;
    const bytes = Math.max(
      2 * this.#channels,
      Math.round((this.#rate * flushMs) / 1000) * 2 * this.#channels,
    );
    this.#buf = new Uint8Array(bytes);
    this.#view = new DataView(this.#buf.buffer);
    this.#fd = openSync(path, 'w');
    writeSync(this.#fd, wavHeader(this.#rate, this.#channels, 0), 0, 44, 0);
  }

  /** Bytes of sample data written so far (including what is buffered). */
  get dataBytes(): number {
    return this.#dataBytes + this.#fill;
  }

  /** Appends interleaved samples. */
  write(samples: Int16Array): void {
    if (this.#closed) return;
    for (let i = 0; i < samples.length; i++) {
      if (this.#fill === this.#buf.length) this.flush();
      this.#view.setInt16(this.#fill, samples[i]!, true);
      this.#fill += 2;
    }
  }

  /** Writes buffered samples and fixes the header's sizes. */
  flush(): void {
    if (this.#closed) return;
    if (this.#fill > 0) {
      writeSync(this.#fd, this.#buf, 0, this.#fill, 44 + this.#dataBytes);
      this.#dataBytes += this.#fill;
      this.#fill = 0;
    }
    writeSync(this.#fd, wavHeader(this.#rate, this.#channels, this.#dataBytes), 0, 44, 0);
  }

  /** Flushes and closes the file. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
    closeSync(this.#fd);
  }
}
