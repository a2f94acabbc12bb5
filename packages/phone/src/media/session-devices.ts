import {
  type AudioFormat,
  type AudioSink,
  type AudioSource,
  type MediaClock,
  openSink,
  openSource,
  type Unsubscribe,
} from '@twinkle/audio-alsa';
import type { DeviceNotice } from './media-types.js';

/**
 * The microphone and speaker of a media session, opened by name (`alsa:`, `file:`,
 * `record:`, `tone:`, `null`) or given as objects: a device that falls back (no sound
 * card) or later goes away becomes one notice per reason, never an error of the call.
 */
export class SessionDevices {
  readonly #clock: MediaClock;
  readonly #notify: (notice: DeviceNotice) => void;
  readonly #unsubscribe: Unsubscribe[] = [];

  constructor(clock: MediaClock, notify: (notice: DeviceNotice) => void) {
    this.#clock = clock;
    this.#notify = notify;
  }

  async openMic(spec: string | AudioSource | undefined, format: AudioFormat): Promise<AudioSource> {
    const m = spec ?? 'null';
    if (typeof m !== 'string') return this.#watch(m, 'microphone');
    const opened = await openSource(m, { format, clock: this.#clock });
    if (opened.fallbackReason)
      this.#notify({ role: 'microphone', device: m, message: opened.fallbackReason });
    return this.#watch(opened.device, 'microphone');
  }

  async openSpeaker(spec: string | AudioSink | undefined, format: AudioFormat): Promise<AudioSink> {
    const s = spec ?? 'null';
    if (typeof s !== 'string') return this.#watch(s, 'speaker');
    const opened = await openSink(s, { format, clock: this.#clock });
    if (opened.fallbackReason) this.#notify({ role: 'speaker', device: s, message: opened.fallbackReason });
    return this.#watch(opened.device, 'speaker');
  }

  /** Stops listening to the devices' events (the session closes them). */
  close(): void {
    for (const u of this.#unsubscribe) u();
    this.#unsubscribe.length = 0;
  }

  #watch<D extends AudioSource | AudioSink>(device: D, role: DeviceNotice['role']): D {
    const told = new Set<string>();
    this.#unsubscribe.push(
      device.events.add((e) => {
        if (e.kind !== 'unplugged' && e.kind !== 'error') return;
        const message = `${e.device}: ${e.reason}`;
        if (told.has(message)) return; // surface each reason once
        told.add(message);
        this.#notify({ role, device: device.name, message });
      }),
    );
    return device;
  }
}
