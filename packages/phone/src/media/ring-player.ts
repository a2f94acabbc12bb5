import { readFileSync } from 'node:fs';
import {
  type AudioFormat,
  type AudioSink,
  convertPcm,
  type MediaClock,
  openSink,
  parseWav,
} from '@twinkle/audio-alsa';
import { type Cadence, CadenceTone } from './cadence-tone.js';

/** Options of {@link RingPlayer.start}. */
export interface RingPlayerOptions {
  /** Where to play: `dev_ringtone` for ringing, `dev_speaker` for ringback; a name or a device. */
  readonly device: string | AudioSink;
  /** A WAV file (`ringtone_file`, `ringback_file`), played in a loop. */
  readonly file?: string;
  /** The tone to generate when there is no file, or the file cannot be read. */
  readonly cadence: Cadence;
  /** Sample rate for a named device; default 8000 (16000 or 48000 suit music files better). */
  readonly sampleRate?: number;
  /** Paces named clocked devices (`record:`, `null`); default a RealTimeClock. */
  readonly clock?: MediaClock;
}

/**
 * Plays a ring tone or ringback until stopped: a WAV file in a loop, or a generated cadence.
 * The device pulls each frame at its own pace. A file that cannot be read, or a sound card
 * that is not there, does not stop the ringing: the reasons are in {@link notices}, to be
 * shown once.
 */
export class RingPlayer {
  readonly #sink: AudioSink;
  /** Why the player is not doing exactly what was asked (file unreadable, device fell back). */
  readonly notices: readonly string[];
  #stopped = false;

  private constructor(sink: AudioSink, notices: readonly string[]) {
    this.#sink = sink;
    this.notices = notices;
  }

  /** Opens the device and starts playing. Rejects only for a malformed device name. */
  static async start(options: RingPlayerOptions): Promise<RingPlayer> {
    const notices: string[] = [];
    let sink: AudioSink;
    if (typeof options.device === 'string') {
      const format: AudioFormat = { sampleRate: options.sampleRate ?? 8000, channels: 1, frameMs: 20 };
      const opened = await openSink(options.device, {
        format,
        ...(options.clock ? { clock: options.clock } : {}),
      });
      if (opened.fallbackReason) notices.push(opened.fallbackReason);
      sink = opened.device;
    } else {
      sink = options.device;
    }
    const format = sink.format;
    let fill: (frame: Int16Array) => void;
    const loop = options.file ? loadLoop(options.file, format, notices) : undefined;
    if (loop) {
      let at = 0;
      fill = (frame) => {
        for (let i = 0; i < frame.length; i++) {
          frame[i] = loop[at]!;
          at = (at + 1) % loop.length;
        }
      };
    } else {
      const tone = new CadenceTone(options.cadence, format.sampleRate);
      if (format.channels === 1) {
        fill = (frame) => tone.read(frame);
      } else {
        const mono = new Int16Array((format.sampleRate * format.frameMs) / 1000);
        fill = (frame) => {
          tone.read(mono);
          for (let i = 0; i < frame.length; i++) frame[i] = mono[Math.floor(i / format.channels)]!;
        };
      }
    }
    sink.pullFrom(fill);
    return new RingPlayer(sink, notices);
  }

  /** Stops playing and releases the device. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.#sink.close();
  }
}

/** The file's samples at the device's format, or undefined (with a notice) when it cannot be used. */
function loadLoop(path: string, format: AudioFormat, notices: string[]): Int16Array | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    notices.push(`cannot read ${path} (${(e as Error).message}); playing a generated tone`);
    return undefined;
  }
  const wav = parseWav(bytes);
  if (!wav.ok) {
    notices.push(`${path}: ${wav.error.message}; playing a generated tone`);
    return undefined;
  }
  const samples = convertPcm(wav.value.samples, wav.value, format);
  if (samples.length === 0) {
    notices.push(`${path} holds no audio; playing a generated tone`);
    return undefined;
  }
  return samples;
}
