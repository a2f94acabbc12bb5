import { AlsaCapture, type AlsaCaptureOptions } from './alsa/alsa-capture.js';
import { type AlsaBufferOptions, plugName } from './alsa/alsa-pcm.js';
import { AlsaPlayback, type AlsaPlaybackOptions } from './alsa/alsa-playback.js';
import { type LibAsound, loadLibAsound } from './alsa/libasound.js';
import { ChildCapture } from './alsa-utils/child-capture.js';
import { ChildPlayback } from './alsa-utils/child-playback.js';
import { hasCommand } from './alsa-utils/has-command.js';
import type { MediaClock } from './clock/media-clock.js';
import { RealTimeClock } from './clock/real-time-clock.js';
import type { AudioSink, AudioSource } from './device.js';
import { parseDeviceSpec } from './device-spec.js';
import { FileSource } from './devices/file-source.js';
import { NullSink, NullSource } from './devices/null-devices.js';
import { RecordSink } from './devices/record-sink.js';
import { ToneSource } from './devices/tone-source.js';
import { type AudioFormat, formatProblem, TELEPHONY_FORMAT } from './format.js';

/** Which implementation ended up behind a device. */
export type AudioBackend = 'alsa' | 'alsa-utils' | 'clocked';

/** Options of {@link openSource} and {@link openSink}. */
export interface OpenDeviceOptions {
  /** Stream format (default 8 kHz mono, 20 ms frames). */
  readonly format?: AudioFormat;
  /** Paces the pure-TypeScript devices and sinks' pull mode (default: a RealTimeClock). */
  readonly clock?: MediaClock;
  /** ALSA period and buffer sizes. */
  readonly buffer?: AlsaBufferOptions;
  /** Playback queue settings (both ALSA backends); see {@link AlsaPlaybackOptions}. */
  readonly playback?: Pick<AlsaPlaybackOptions, 'maxQueueMs' | 'fillSilence'>;
  /** Restricts the ALSA backends tried (default: `['alsa', 'alsa-utils']`, in that order). */
  readonly backends?: readonly ('alsa' | 'alsa-utils')[];
  /** Environment for `arecord`/`aplay` children (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** libasound to use (tests hand in a scripted one); default: libasound.so.2 loaded at run time. */
  readonly lib?: LibAsound;
  /** How long an `arecord`/`aplay` child must survive to count as opened (ms, default 300). */
  readonly childProbeMs?: number;
}

/** A device and how it was obtained. */
export interface Opened<D> {
  readonly device: D;
  readonly backend: AudioBackend;
  /**
   * Set when the device is not what was asked for: one human-readable sentence saying
   * why, kept short (e.g. `no usable sound card for speaker "default" (ALSA: cannot find
   * card '0'); using null audio`). Show it to the user once.
   */
  readonly fallbackReason?: string;
  /** With a fallback reason: the same with every error line ALSA gave, for a debug log. */
  readonly fallbackDetail?: string;
}

/** Why a device name could not be opened at all. */
export class AudioDeviceError extends Error {
  constructor(
    readonly code: 'bad-name' | 'bad-format' | 'open-failed',
    message: string,
  ) {
    super(message);
    this.name = 'AudioDeviceError';
  }
}

/**
 * Opens a microphone by name: `default`, `hw:0,0`, `plughw:1`, `pulse`, `pipewire`, any
 * ALSA PCM; or `file:x.wav`, `file-once:x.wav`, `tone:440`, `null`. For ALSA names it tries
 * libasound in-process, then `arecord`, then falls back to a null source, saying why.
 * Rejects with {@link AudioDeviceError} for a malformed name or an unreadable file.
 */
export async function openSource(
  name: string,
  options: OpenDeviceOptions = {},
): Promise<Opened<AudioSource>> {
  const format = checkedFormat(options);
  const spec = parseDeviceSpec(name);
  if (!spec.ok) throw new AudioDeviceError('bad-name', spec.error);
  const clock = (): MediaClock => options.clock ?? new RealTimeClock();
  const v = spec.value;
  switch (v.kind) {
    case 'null':
      return { device: new NullSource(format, clock()), backend: 'clocked' };
    case 'tone':
      return {
        device: new ToneSource(format, clock(), { frequencies: v.frequencies }),
        backend: 'clocked',
      };
    case 'record':
      throw new AudioDeviceError('bad-name', `"${name}" is a sink; a microphone cannot record`);
    case 'file':
      try {
        return { device: new FileSource(v.path, format, clock(), { loop: v.loop }), backend: 'clocked' };
      } catch (e) {
        throw new AudioDeviceError('open-failed', (e as Error).message);
      }
    case 'alsa': {
      const reasons = new Reasons();
      for (const backend of options.backends ?? ['alsa', 'alsa-utils']) {
        if (backend === 'alsa') {
          const lib = options.lib ? { ok: true as const, lib: options.lib } : loadLibAsound();
          if (!lib.ok) {
            reasons.add(lib.reason);
            continue;
          }
          const o = { ...options.buffer, ...captureExtras(options) };
          const r = withPlug(v.pcm, (n) => AlsaCapture.open(lib.lib, n, format, o));
          if (r.ok) return { device: r.value, backend: 'alsa', ...(r.note ?? reasons.note('ALSA')) };
          reasons.add(r.reason, r.detail);
          break; // libasound itself said no: arecord would say the same
        } else {
          if (!hasCommand('arecord')) {
            reasons.add('arecord is not installed (Debian: alsa-utils)');
            continue;
          }
          const dev = new ChildCapture(v.pcm, format, {
            ...options.buffer,
            env: options.env,
            ...captureExtras(options),
          });
          const died = await probeChild(dev, options.childProbeMs ?? 300);
          if (!died) return { device: dev, backend: 'alsa-utils', ...reasons.note('arecord') };
          reasons.add(died);
        }
      }
      return {
        device: new NullSource(format, clock(), `null (instead of ${v.pcm})`),
        backend: 'clocked',
        ...reasons.fallback(`no usable sound card for microphone "${v.pcm}"`, pluginHint(v.pcm)),
      };
    }
  }
}

/**
 * Opens a speaker or ring-tone device by name: ALSA PCM names as for {@link openSource},
 * `record:y.wav`, or `null`. Falls back to a null sink, saying why.
 */
export async function openSink(name: string, options: OpenDeviceOptions = {}): Promise<Opened<AudioSink>> {
  const format = checkedFormat(options);
  const spec = parseDeviceSpec(name);
  if (!spec.ok) throw new AudioDeviceError('bad-name', spec.error);
  const v = spec.value;
  switch (v.kind) {
    case 'null':
      return { device: new NullSink(format, clockOpt(options)), backend: 'clocked' };
    case 'record':
      try {
        return { device: new RecordSink(v.path, format, clockOpt(options)), backend: 'clocked' };
      } catch (e) {
        throw new AudioDeviceError('open-failed', (e as Error).message);
      }
    case 'tone':
    case 'file':
      throw new AudioDeviceError('bad-name', `"${name}" is a source; a speaker cannot play into it`);
    case 'alsa': {
      const reasons = new Reasons();
      for (const backend of options.backends ?? ['alsa', 'alsa-utils']) {
        if (backend === 'alsa') {
          const lib = options.lib ? { ok: true as const, lib: options.lib } : loadLibAsound();
          if (!lib.ok) {
            reasons.add(lib.reason);
            continue;
          }
          const o: AlsaPlaybackOptions = { ...options.buffer, ...options.playback };
          const r = withPlug(v.pcm, (n) => AlsaPlayback.open(lib.lib, n, format, o));
          if (r.ok) return { device: r.value, backend: 'alsa', ...(r.note ?? reasons.note('ALSA')) };
          reasons.add(r.reason, r.detail);
          break;
        }
        if (!hasCommand('aplay')) {
          reasons.add('aplay is not installed (Debian: alsa-utils)');
          continue;
        }
        const dev = new ChildPlayback(v.pcm, format, {
          ...options.buffer,
          ...(options.playback?.maxQueueMs !== undefined ? { maxQueueMs: options.playback.maxQueueMs } : {}),
          env: options.env,
        });
        const died = await probeChild(dev, options.childProbeMs ?? 300);
        if (!died) return { device: dev, backend: 'alsa-utils', ...reasons.note('aplay') };
        reasons.add(died);
      }
      return {
        device: new NullSink(format, { name: `null (instead of ${v.pcm})`, ...clockOpt(options) }),
        backend: 'clocked',
        ...reasons.fallback(`no usable sound card for speaker "${v.pcm}"`, pluginHint(v.pcm)),
      };
    }
  }
}

/** For `pulse` and `pipewire`, the ALSA plugin that provides them. */
function pluginHint(pcm: string): string {
  if (pcm === 'pulse') return ' - is the ALSA plugin for PulseAudio installed? (Debian: libasound2-plugins)';
  if (pcm === 'pipewire') return ' - is the ALSA plugin for PipeWire installed? (Debian: pipewire-alsa)';
  return '';
}

function checkedFormat(options: OpenDeviceOptions): AudioFormat {
  const format = options.format ?? TELEPHONY_FORMAT;
  const problem = formatProblem(format);
  if (problem) throw new AudioDeviceError('bad-format', problem);
  return format;
}

function clockOpt(options: OpenDeviceOptions): { clock?: MediaClock } {
  return options.clock ? { clock: options.clock } : {};
}

function captureExtras(options: OpenDeviceOptions): AlsaCaptureOptions {
  return options.clock ? { fallbackClock: options.clock } : {};
}

/** Why each backend tried could not be used: short for the user, in full for a debug log. */
class Reasons {
  readonly #short: string[] = [];
  readonly #full: string[] = [];

  add(reason: string, detail?: string): void {
    this.#short.push(reason);
    this.#full.push(detail ?? reason);
  }

  /** `WHAT (why); using null audio`, one sentence, and the same in full. */
  fallback(what: string, hint: string): { fallbackReason: string; fallbackDetail: string } {
    return {
      fallbackReason: `${what} (${this.#short.join('; ')})${hint}; using null audio`,
      fallbackDetail: `${what} (${this.#full.join('; ')})${hint}; using null audio`,
    };
  }

  /** For a device opened by a later backend: why the earlier ones were passed over. */
  note(via: string): { fallbackReason?: string; fallbackDetail?: string } {
    if (this.#short.length === 0) return {};
    return {
      fallbackReason: `${this.#short.join('; ')}; using ${via} instead`,
      fallbackDetail: `${this.#full.join('; ')}; using ${via} instead`,
    };
  }
}

/**
 * Opens `pcm`; if the device exists but refuses the format (a `hw:` device at 48 kHz
 * stereo only), opens it again through ALSA's `plug` converter and notes why.
 */
function withPlug<D>(
  pcm: string,
  open: (
    name: string,
  ) => { ok: true; value: D } | { ok: false; reason: string; detail?: string; stage: 'open' | 'params' },
):
  | { ok: true; value: D; note?: { fallbackReason: string } }
  | { ok: false; reason: string; detail?: string } {
  const r = open(pcm);
  if (r.ok) return { ok: true, value: r.value };
  if (r.stage !== 'params') return r;
  const plug = plugName(pcm);
  const again = open(plug);
  if (!again.ok) return r;
  return {
    ok: true,
    value: again.value,
    note: { fallbackReason: `${r.reason}; using "${plug}" instead, where ALSA converts` },
  };
}

/**
 * Waits `ms` for an `arecord`/`aplay` child to fail on open (no such device). Returns the
 * reason it died, or undefined if it is still running. A source is started meanwhile,
 * its frames dropped, and re-armed for the caller.
 */
async function probeChild(dev: ChildCapture | ChildPlayback, ms: number): Promise<string | undefined> {
  let reason: string | undefined;
  const off = dev.events.add((e) => {
    if (e.kind === 'unplugged') reason = e.reason;
  });
  if (dev instanceof ChildCapture) dev.startProbe();
  await new Promise((r) => setTimeout(r, ms));
  off();
  if (reason) await dev.close();
  return reason;
}
