import { readFileSync } from 'node:fs';
import type { MediaClock } from '../clock/media-clock.js';
import type { AudioFormat } from '../format.js';
import { parseWav } from '../wav/wav-reader.js';
import { ClockedSource } from './clocked-source.js';
import { convertPcm } from './resample-linear.js';

/** Options of {@link FileSource}. */
export interface FileSourceOptions {
  /**
   * `true` (the default): the file starts over when it ends, as a looping announcement or
   * a test microphone. `false`: after the last sample the source sends silence, and emits
   * one `ended` event.
   */
  readonly loop?: boolean;
}

/**
 * A WAV file as a microphone: `file:/path/x.wav`. The file is read once and converted to
 * the stream's rate and channel count if they differ.
 */
export class FileSource extends ClockedSource {
  readonly #samples: Int16Array;
  readonly #loop: boolean;
  #at = 0;
  #ended = false;

  constructor(path: string, format: AudioFormat, clock: MediaClock, options: FileSourceOptions = {}) {
    super(`file:${path}`, format, clock);
    const parsed = parseWav(readFileSync(path));
    if (!parsed.ok) throw new Error(`file:${path}: ${parsed.error.message}`);
    this.#samples = convertPcm(parsed.value.samples, parsed.value, format);
    this.#loop = options.loop ?? true;
  }

  protected fill(frame: Int16Array): void {
    const src = this.#samples;
    let i = 0;
    while (i < frame.length) {
      if (this.#at >= src.length) {
        if (this.#loop && src.length > 0) {
          this.#at = 0;
        } else {
          frame.fill(0, i);
          if (!this.#ended) {
            this.#ended = true;
            this.events.emit({ kind: 'ended', device: this.name });
          }
          return;
        }
      }
      const n = Math.min(frame.length - i, src.length - this.#at);
      frame.set(src.subarray(this.#at, this.#at + n), i);
      this.#at += n;
      i += n;
    }
  }
}
