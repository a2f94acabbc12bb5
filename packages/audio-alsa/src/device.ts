import type { AudioFormat } from './format.js';
import type { Listeners } from './listeners.js';

/** Something that happened to a device, reported through its `events`. */
export type AudioDeviceEvent =
  /** An underrun (playback) or overrun (capture) was recovered; `count` is the running total. */
  | { readonly kind: 'xrun'; readonly device: string; readonly count: number }
  /** The device went away (unplugged, server gone); the stream continues with silence. */
  | { readonly kind: 'unplugged'; readonly device: string; readonly reason: string }
  /** The device came back after `unplugged` and the stream uses it again. */
  | { readonly kind: 'restored'; readonly device: string }
  /** A device error that was handled; the stream continues. */
  | { readonly kind: 'error'; readonly device: string; readonly reason: string }
  /** A file source reached its end (see {@link FileSource} for what follows). */
  | { readonly kind: 'ended'; readonly device: string };

/** Called once per captured frame. The array is reused: copy it to keep it. */
export type FrameHandler = (frame: Int16Array) => void;

/** A microphone, or anything that produces frames at a pace of its own. */
export interface AudioSource {
  /** The device name it was opened with. */
  readonly name: string;
  readonly format: AudioFormat;
  readonly events: Listeners<AudioDeviceEvent>;
  /** Starts delivering frames to `onFrame`, paced by the device (or its clock). */
  start(onFrame: FrameHandler): void;
  /** Stops delivering frames and releases the device. */
  close(): Promise<void>;
}

/** A speaker, or anything that consumes frames. */
export interface AudioSink {
  readonly name: string;
  readonly format: AudioFormat;
  readonly events: Listeners<AudioDeviceEvent>;
  /** Queues one frame (the array may be reused by the caller after the call). */
  write(frame: Int16Array): void;
  /**
   * Pull mode: the sink asks `fill` for each frame when it is due, paced by the device
   * itself (ALSA) or by the sink's clock (files, null, `aplay`). The frame buffer is
   * reused. Use it instead of `write`, not with it.
   */
  pullFrom(fill: (frame: Int16Array) => void): void;
  /** Plays out what is queued (where the device allows), then releases it. */
  close(): Promise<void>;
}
