import type { AudioDeviceEvent, AudioSink } from '../device.js';
import type { AudioFormat } from '../format.js';
import { Listeners } from '../listeners.js';
import { WavWriter } from '../wav/wav-writer.js';

/**
 * A speaker that records to a WAV file: `record:/path/y.wav`. Sizes in the header are
 * fixed up every `flushMs` (default one second) and on close, so the file stays valid if
 * the process dies.
 */
export class RecordSink implements AudioSink {
  readonly events = new Listeners<AudioDeviceEvent>();
  readonly name: string;
  readonly #writer: WavWriter;

  constructor(
    readonly path: string,
    readonly format: AudioFormat,
    options: { readonly flushMs?: number } = {},
  ) {
    this.name = `record:${path}`;
    this.#writer = new WavWriter(path, {
      sampleRate: format.sampleRate,
      channels: format.channels,
      ...options,
    });
  }

  write(frame: Int16Array): void {
    this.#writer.write(frame);
  }

  async close(): Promise<void> {
    this.#writer.close();
  }
}
