import { createRequire } from 'node:module';
import { endianness } from 'node:os';

/** An open `snd_pcm_t *`, opaque to TypeScript. */
export type PcmHandle = { readonly __brand: 'snd_pcm_t' };
type Params = { readonly __brand: 'snd_pcm_params' };

/** The part of libasound's C API this package uses, as typed JavaScript functions. */
export interface LibAsound {
  readonly version: string;
  /** Native-endian signed 16-bit. */
  readonly formatS16: number;
  open(name: string, stream: number, mode: number): { err: number; pcm: PcmHandle | null };
  close(pcm: PcmHandle): number;
  hwParamsMalloc(): Params | null;
  hwParamsFree(p: Params): void;
  hwParamsAny(pcm: PcmHandle, p: Params): number;
  hwParamsSetAccess(pcm: PcmHandle, p: Params, access: number): number;
  hwParamsSetFormat(pcm: PcmHandle, p: Params, format: number): number;
  hwParamsSetChannels(pcm: PcmHandle, p: Params, channels: number): number;
  hwParamsSetRateResample(pcm: PcmHandle, p: Params, on: number): number;
  hwParamsSetRateNear(pcm: PcmHandle, p: Params, rate: number[], dir: number[]): number;
  hwParamsSetPeriodSizeNear(pcm: PcmHandle, p: Params, frames: number[], dir: number[]): number;
  hwParamsSetBufferSizeNear(pcm: PcmHandle, p: Params, frames: number[]): number;
  hwParams(pcm: PcmHandle, p: Params): number;
  swParamsMalloc(): Params | null;
  swParamsFree(p: Params): void;
  swParamsCurrent(pcm: PcmHandle, p: Params): number;
  swParamsSetStartThreshold(pcm: PcmHandle, p: Params, frames: number): number;
  swParamsSetAvailMin(pcm: PcmHandle, p: Params, frames: number): number;
  swParams(pcm: PcmHandle, p: Params): number;
  prepare(pcm: PcmHandle): number;
  start(pcm: PcmHandle): number;
  drop(pcm: PcmHandle): number;
  state(pcm: PcmHandle): number;
  availUpdate(pcm: PcmHandle): number;
  delay(pcm: PcmHandle, out: number[]): number;
  readi(pcm: PcmHandle, buf: Int16Array, frames: number): number;
  writei(pcm: PcmHandle, buf: Int16Array, frames: number): number;
  recover(pcm: PcmHandle, err: number, silent: number): number;
  strerror(err: number): string;
  /**
   * Drops libasound's cached configuration, so the next open reads `/etc/asound.conf` and
   * `~/.asoundrc` again (after the user edited them, or HOME changed).
   */
  reloadConfig(): number;
  /** `snd_device_name_hint(-1, iface)` flattened: one entry per hint. */
  nameHints(iface: string): { err: number; hints: { name: string; desc: string; ioid: string }[] };
}

/** snd_pcm_stream_t */
export const SND_PCM_STREAM_PLAYBACK = 0;
export const SND_PCM_STREAM_CAPTURE = 1;
/** snd_pcm_open mode flag. */
export const SND_PCM_NONBLOCK = 1;
/** snd_pcm_access_t */
export const SND_PCM_ACCESS_RW_INTERLEAVED = 3;
/** snd_pcm_state_t values the streams look at. */
export const SND_PCM_STATE_PREPARED = 2;
export const SND_PCM_STATE_RUNNING = 3;
export const SND_PCM_STATE_XRUN = 4;
export const SND_PCM_STATE_DISCONNECTED = 8;
/** Negative errno values libasound returns. */
export const EIO = -5;
export const EAGAIN = -11;
export const ENODEV = -19;
export const EPIPE = -32;
export const EBADFD = -77;
export const ESTRPIPE = -86;

/** Outcome of {@link loadLibAsound}. */
export type LoadResult =
  | { readonly ok: true; readonly lib: LibAsound }
  | { readonly ok: false; readonly reason: string };

let cached: LoadResult | undefined;

/**
 * Loads libasound.so.2 at run time through koffi (an FFI with prebuilt binaries), so no
 * compiler and no libasound2-dev are needed. Never throws: a missing koffi build or a
 * missing libasound is a reason string, for the fallback message.
 */
export function loadLibAsound(): LoadResult {
  if (!cached) cached = tryLoad();
  return cached;
}

function tryLoad(): LoadResult {
  type Koffi = typeof import('koffi');
  let koffi: Koffi;
  try {
    koffi = createRequire(import.meta.url)('koffi') as Koffi;
  } catch (e) {
    return { ok: false, reason: `the FFI module koffi could not be loaded (${(e as Error).message})` };
  }
  let lib: ReturnType<Koffi['load']>;
  try {
    lib = koffi.load('libasound.so.2');
  } catch (e) {
    return { ok: false, reason: `libasound.so.2 is not installed (${(e as Error).message.split('\n')[0]})` };
  }
  try {
    koffi.opaque('snd_pcm_t');
    koffi.opaque('snd_pcm_hw_params_t');
    koffi.opaque('snd_pcm_sw_params_t');
    const HeapStr = koffi.disposable('alsa_heap_str', 'str');
    const f = (decl: string) => lib.func(decl);
    const open = f('int snd_pcm_open(_Out_ snd_pcm_t **pcm, const char *name, int stream, int mode)');
    const hwMalloc = f('int snd_pcm_hw_params_malloc(_Out_ snd_pcm_hw_params_t **p)');
    const swMalloc = f('int snd_pcm_sw_params_malloc(_Out_ snd_pcm_sw_params_t **p)');
    const hint = f('int snd_device_name_hint(int card, const char *iface, _Out_ void ***hints)');
    const hintGet = lib.func('snd_device_name_get_hint', HeapStr, ['void *', 'str']);
    const hintFree = f('int snd_device_name_free_hint(void **hints)');
    const version = f('const char *snd_asoundlib_version(void)')() as string;
    const pcmT = 'snd_pcm_t *pcm';
    const hw = 'snd_pcm_hw_params_t *p';
    const sw = 'snd_pcm_sw_params_t *p';
    const api = {
      version,
      formatS16: endianness() === 'LE' ? 2 : 3,
      open(name: string, stream: number, mode: number) {
        const out: unknown[] = [null];
        const err = open(out, name, stream, mode) as number;
        return { err, pcm: (err === 0 ? out[0] : null) as PcmHandle | null };
      },
      close: f(`int snd_pcm_close(${pcmT})`),
      hwParamsMalloc() {
        const out: unknown[] = [null];
        return hwMalloc(out) === 0 ? (out[0] as Params) : null;
      },
      hwParamsFree: f(`void snd_pcm_hw_params_free(${hw})`),
      hwParamsAny: f(`int snd_pcm_hw_params_any(${pcmT}, ${hw})`),
      hwParamsSetAccess: f(`int snd_pcm_hw_params_set_access(${pcmT}, ${hw}, int a)`),
      hwParamsSetFormat: f(`int snd_pcm_hw_params_set_format(${pcmT}, ${hw}, int fmt)`),
      hwParamsSetChannels: f(`int snd_pcm_hw_params_set_channels(${pcmT}, ${hw}, unsigned int n)`),
      hwParamsSetRateResample: f(`int snd_pcm_hw_params_set_rate_resample(${pcmT}, ${hw}, unsigned int v)`),
      hwParamsSetRateNear: f(
        `int snd_pcm_hw_params_set_rate_near(${pcmT}, ${hw}, _Inout_ unsigned int *v, _Inout_ int *dir)`,
      ),
      hwParamsSetPeriodSizeNear: f(
        `int snd_pcm_hw_params_set_period_size_near(${pcmT}, ${hw}, _Inout_ unsigned long *v, _Inout_ int *dir)`,
      ),
      hwParamsSetBufferSizeNear: f(
        `int snd_pcm_hw_params_set_buffer_size_near(${pcmT}, ${hw}, _Inout_ unsigned long *v)`,
      ),
      hwParams: f(`int snd_pcm_hw_params(${pcmT}, ${hw})`),
      swParamsMalloc() {
        const out: unknown[] = [null];
        return swMalloc(out) === 0 ? (out[0] as Params) : null;
      },
      swParamsFree: f(`void snd_pcm_sw_params_free(${sw})`),
      swParamsCurrent: f(`int snd_pcm_sw_params_current(${pcmT}, ${sw})`),
      swParamsSetStartThreshold: f(
        `int snd_pcm_sw_params_set_start_threshold(${pcmT}, ${sw}, unsigned long v)`,
      ),
      swParamsSetAvailMin: f(`int snd_pcm_sw_params_set_avail_min(${pcmT}, ${sw}, unsigned long v)`),
      swParams: f(`int snd_pcm_sw_params(${pcmT}, ${sw})`),
      prepare: f(`int snd_pcm_prepare(${pcmT})`),
      start: f(`int snd_pcm_start(${pcmT})`),
      drop: f(`int snd_pcm_drop(${pcmT})`),
      state: f(`int snd_pcm_state(${pcmT})`),
      availUpdate: f(`long snd_pcm_avail_update(${pcmT})`),
      delay: f(`int snd_pcm_delay(${pcmT}, _Out_ long *d)`),
      readi: f(`long snd_pcm_readi(${pcmT}, _Out_ int16_t *buf, unsigned long n)`),
      writei: f(`long snd_pcm_writei(${pcmT}, const int16_t *buf, unsigned long n)`),
      recover: f(`int snd_pcm_recover(${pcmT}, int err, int silent)`),
      strerror: f('const char *snd_strerror(int err)'),
      reloadConfig: f('int snd_config_update_free_global(void)'),
      nameHints(iface: string) {
        const out: unknown[] = [null];
        const err = hint(-1, iface, out) as number;
        const hints: { name: string; desc: string; ioid: string }[] = [];
        if (err < 0 || !out[0]) return { err, hints };
        for (let i = 0; ; i++) {
          const p = koffi.decode(out[0], i * koffi.sizeof('void *'), 'void *') as unknown;
          if (!p) break;
          const get = (id: string): string => (hintGet(p, id) as string | null) ?? '';
          hints.push({ name: get('NAME'), desc: get('DESC'), ioid: get('IOID') });
        }
        hintFree(out[0]);
        return { err, hints };
      },
    };
    return { ok: true, lib: api as unknown as LibAsound };
  } catch (e) {
    return { ok: false, reason: `libasound.so.2 lacks a needed function (${(e as Error).message})` };
  }
}
