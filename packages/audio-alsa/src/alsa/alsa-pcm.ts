import type { AudioFormat } from '../format.js';
import {
  type LibAsound,
  type PcmHandle,
  SND_PCM_ACCESS_RW_INTERLEAVED,
  SND_PCM_NONBLOCK,
  SND_PCM_STREAM_CAPTURE,
  SND_PCM_STREAM_PLAYBACK,
} from './libasound.js';
import { alsaMessages, captureStderr, tellingAlsaMessage } from './stderr-capture.js';

/** Buffering of an ALSA stream. */
export interface AlsaBufferOptions {
  /** ALSA period (the device's interrupt/wake-up granularity), ms. Default 10. */
  readonly periodMs?: number;
  /** Device buffer depth in periods. Default 4 (40 ms at the default period). */
  readonly periods?: number;
  /** How often the stream is serviced from the event loop, ms. Default: half a period. */
  readonly pollMs?: number;
  /** After the device went away, try to open it again this often, ms (default 2000; 0: never). */
  readonly reopenMs?: number;
}

/** An opened and configured PCM, with the sizes the device actually granted. */
export interface OpenedPcm {
  readonly pcm: PcmHandle;
  readonly periodFrames: number;
  readonly bufferFrames: number;
  readonly rate: number;
}

/** Result of {@link openPcm}: the reason is a sentence fit for the user. */
export type OpenPcmResult =
  | { readonly ok: true; readonly value: OpenedPcm }
  | {
      readonly ok: false;
      /** Short: ALSA's most telling line, or the failed call and its error. */
      readonly reason: string;
      /** Everything known: the failed call, its error and all of ALSA's lines, for a debug log. */
      readonly detail?: string;
      /** `open`: no such device (or busy); `params`: it exists but cannot do this format. */
      readonly stage: 'open' | 'params';
    };

/**
 * Opens an ALSA PCM non-blocking and sets interleaved S16 at the stream's rate and
 * channels (with ALSA's resampler allowed, so `hw:` devices that cannot do 8 kHz still
 * open when reached through `plughw:`), then the period and buffer sizes.
 */
export function openPcm(
  lib: LibAsound,
  name: string,
  capture: boolean,
  format: AudioFormat,
  options: AlsaBufferOptions = {},
): OpenPcmResult {
  // What libasound prints while opening goes into the reason, not onto the console.
  const r = captureStderr(() => openQuietly(lib, name, capture, format, options));
  if (r.value.ok) return r.value;
  const said = alsaMessages(r.text);
  const telling = tellingAlsaMessage(said);
  if (telling === undefined) return r.value;
  const detail = `${r.value.reason} (ALSA: ${said.join('; ')})`;
  // A device that does not open: ALSA's cause ("cannot find card '0'") says it all; the
  // errno text ("No such file or directory") and the evaluation cascade add only noise.
  const reason = r.value.stage === 'open' ? `ALSA: ${telling}` : `${r.value.reason} (ALSA: ${telling})`;
  return { ...r.value, reason, detail };
}

function openQuietly(
  lib: LibAsound,
  name: string,
  capture: boolean,
  format: AudioFormat,
  options: AlsaBufferOptions,
): OpenPcmResult {
  const dir = capture ? 'capture' : 'playback';
  const { err, pcm } = lib.open(
    name,
    capture ? SND_PCM_STREAM_CAPTURE : SND_PCM_STREAM_PLAYBACK,
    SND_PCM_NONBLOCK,
  );
  if (err < 0 || !pcm)
    return {
      ok: false,
      stage: 'open',
      reason: `cannot open ALSA ${dir} device "${name}": ${lib.strerror(err)}`,
    };
  const fail = (what: string, e: number): OpenPcmResult => {
    lib.close(pcm);
    return {
      ok: false,
      stage: 'params',
      reason: `ALSA ${dir} device "${name}": cannot set ${what}: ${lib.strerror(e)}`,
    };
  };
  const hw = lib.hwParamsMalloc();
  if (!hw) return fail('hardware parameters', -12);
  try {
    const rate = [format.sampleRate];
    const periodMs = options.periodMs ?? 10;
    const period = [Math.max(16, Math.round((format.sampleRate * periodMs) / 1000))];
    const buffer = [0];
    const steps: [string, () => number][] = [
      ['hardware parameters', () => lib.hwParamsAny(pcm, hw)],
      [
        'resampling',
        () => {
          lib.hwParamsSetRateResample(pcm, hw, 1); // best effort: a plugin may not offer it
          return 0;
        },
      ],
      ['interleaved access', () => lib.hwParamsSetAccess(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED)],
      ['16-bit format', () => lib.hwParamsSetFormat(pcm, hw, lib.formatS16)],
      [`${format.channels} channel(s)`, () => lib.hwParamsSetChannels(pcm, hw, format.channels)],
      [`rate ${format.sampleRate}`, () => lib.hwParamsSetRateNear(pcm, hw, rate, [0])],
      ['period size', () => lib.hwParamsSetPeriodSizeNear(pcm, hw, period, [0])],
      [
        'buffer size',
        () => {
          buffer[0] = period[0]! * (options.periods ?? 4);
          return lib.hwParamsSetBufferSizeNear(pcm, hw, buffer);
        },
      ],
      ['hardware parameters', () => lib.hwParams(pcm, hw)],
    ];
    for (const [what, run] of steps) {
      const e = run();
      if (e < 0) return fail(what, e);
      if (rate[0] !== format.sampleRate)
        return fail(`rate ${format.sampleRate} (device offers ${rate[0]})`, -22);
    }
    const sw = lib.swParamsMalloc();
    if (!sw) return fail('software parameters', -12);
    try {
      lib.swParamsCurrent(pcm, sw);
      // Playback starts once two periods are queued: one playing, one ready.
      lib.swParamsSetStartThreshold(pcm, sw, capture ? 1 : Math.min(buffer[0]!, 2 * period[0]!));
      lib.swParamsSetAvailMin(pcm, sw, period[0]!);
      const e = lib.swParams(pcm, sw);
      if (e < 0) return fail('software parameters', e);
    } finally {
      lib.swParamsFree(sw);
    }
    return { ok: true, value: { pcm, periodFrames: period[0]!, bufferFrames: buffer[0]!, rate: rate[0]! } };
  } finally {
    lib.hwParamsFree(hw);
  }
}

/**
 * The name that reaches the same device through ALSA's `plug` converter: `hw:0,0` ->
 * `plughw:0,0`, anything else -> `plug:'NAME'`. A `hw:` device often offers only 44.1 or
 * 48 kHz stereo; through `plug` it takes 8 kHz mono as well.
 */
export function plugName(pcm: string): string {
  if (pcm.startsWith('hw:')) return `plug${pcm}`;
  return `plug:'${pcm.replace(/'/g, '')}'`;
}
