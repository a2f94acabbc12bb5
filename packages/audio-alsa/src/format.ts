/**
 * The PCM format every device in this package speaks: signed 16-bit native-endian
 * samples, interleaved when there is more than one channel, delivered in frames of a
 * fixed duration (20 ms by default, the ptime of nearly every SIP call).
 */
export interface AudioFormat {
  /** Samples per second per channel (8000, 16000, 32000, 48000, ...). */
  readonly sampleRate: number;
  /** 1 (mono) or 2 (stereo). */
  readonly channels: number;
  /** Duration of one frame in milliseconds. */
  readonly frameMs: number;
}

/** 8 kHz mono, 20 ms frames: narrowband telephony. */
export const TELEPHONY_FORMAT: AudioFormat = { sampleRate: 8000, channels: 1, frameMs: 20 };

/** Samples per channel in one frame of `format`. */
export function frameSamples(format: AudioFormat): number {
  return Math.round((format.sampleRate * format.frameMs) / 1000);
}

/** Length of the interleaved Int16Array that holds one frame of `format`. */
export function frameLength(format: AudioFormat): number {
  return frameSamples(format) * format.channels;
}

/** Checks a format for values the devices can handle; returns a reason or undefined. */
export function formatProblem(format: AudioFormat): string | undefined {
  if (!Number.isInteger(format.sampleRate) || format.sampleRate < 1000 || format.sampleRate > 192000) {
    return `unsupported sample rate ${format.sampleRate}`;
  }
  if (format.channels !== 1 && format.channels !== 2) return `unsupported channel count ${format.channels}`;
  const n = (format.sampleRate * format.frameMs) / 1000;
  if (!(format.frameMs > 0) || !Number.isInteger(n)) {
    return `frame of ${format.frameMs} ms is not a whole number of samples at ${format.sampleRate} Hz`;
  }
  return undefined;
}
