import type { MediaClock } from '../clock/media-clock.js';
import type { AudioDeviceEvent, AudioSink } from '../device.js';
import type { AudioFormat } from '../format.js';
import { Listeners } from '../listeners.js';
import { WavWriter } from '../wav/wav-writer.js';
import { ClockPull } from './clock-pull.js';

/**
 * A speaker that records to a WAV file: `record:/path/y.wav`. Sizes in the header are
 * fixed up every `flushMs` (default one second) and on close, so the file stays valid if
 * the process dies.
 */
export class RecordSink implements AudioSink {
  readonly events = new Listeners<AudioDeviceEvent>();
  readonly name: string;
  readonly #writer: WavWriter;
  readonly #pull: ClockPull;

  /** `clock` paces pull mode (default: a RealTimeClock). */
  constructor(
    readonly path: string,
    readonly format: AudioFormat,
    options: { readonly flushMs?: number; readonly clock?: MediaClock } = {},
  ) {
    this.name = `record:${path}`;
    this.#writer = new WavWriter(path, {
      sampleRate: format.sampleRate,
      channels: format.channels,
      ...(options.flushMs !== undefined ? { flushMs: options.flushMs } : {}),
    });
    this.#pull = new ClockPull(format, options.clock);
  }

  write(frame: Int16Array): void {
    this.#writer.write(frame);
  }

  pullFrom(fill: (frame: Int16Array) => void): void {
    this.#pull.start(fill, (f) => this.#writer.write(f));
  }

  async close(): Promise<void> {
    this.#pull.stop();
    this.#writer.close();
  }
}
