import { CodecError } from '../codec.js';

/**
 * The raw libopus 1.6 exports of the `libopus-wasm` package's Emscripten module
 * (its `oc_*` C shim over `opus_encoder_*` / `opus_decoder_*`). We bind them
 * directly rather than through the package's async wrapper classes because the
 * codec interface creates and resets encoders synchronously; only loading the
 * module is asynchronous. Pointers are byte offsets into the module's heap.
 */
export interface LibopusWasm {
  readonly HEAPU8: Uint8Array;
  readonly HEAP16: Int16Array;
  readonly HEAP32: Int32Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  UTF8ToString(ptr: number): string;
  _oc_get_version_string(): number;
  _oc_create_encoder(sampleRate: number, channels: number, application: number, errorPtr: number): number;
  _oc_destroy_encoder(enc: number): void;
  _oc_encode(enc: number, pcm: number, frameSize: number, out: number, maxBytes: number): number;
  _oc_encoder_ctl(enc: number, request: number, value: number): number;
  _oc_encoder_ctl_get_bitrate(enc: number): number;
  _oc_encoder_ctl_get_in_dtx(enc: number): number;
  _oc_encoder_ctl_get_lookahead(enc: number): number;
  _oc_create_decoder(sampleRate: number, channels: number, errorPtr: number): number;
  _oc_destroy_decoder(dec: number): void;
  _oc_decode(
    dec: number,
    data: number,
    len: number,
    pcm: number,
    frameSize: number,
    decodeFec: number,
  ): number;
  _oc_decoder_ctl(dec: number, request: number, value: number): number;
}

/** A loaded libopus and its version string (for example `libopus 1.6.1`). */
export interface Libopus {
  readonly wasm: LibopusWasm;
  readonly version: string;
}

/** Options for {@link loadLibopus}. */
export interface LoadLibopusOptions {
  /**
   * URL of the Emscripten module to load instead of the one inside `libopus-wasm`
   * (a self-built libopus with the same `oc_*` exports, or a test of the failure path).
   */
  readonly moduleUrl?: string;
}

const REQUIRED = [
  '_oc_create_encoder',
  '_oc_destroy_encoder',
  '_oc_encode',
  '_oc_encoder_ctl',
  '_oc_encoder_ctl_get_bitrate',
  '_oc_encoder_ctl_get_in_dtx',
  '_oc_encoder_ctl_get_lookahead',
  '_oc_create_decoder',
  '_oc_destroy_decoder',
  '_oc_decode',
  '_oc_decoder_ctl',
  '_oc_get_version_string',
  '_malloc',
  '_free',
] as const;

/** Path of the single-file Emscripten build inside the package, next to its entry point. */
const GENERATED = './generated/libopus.generated.mjs';

let cached: Promise<Libopus> | undefined;

/**
 * Loads libopus (WebAssembly from the `libopus-wasm` npm package) once per
 * process; later calls share the module. Rejects with {@link CodecError}
 * `unsupported-params` and a message starting `Opus unavailable` when the package
 * is missing or its module lacks an export we use: Opus is an optional codec, and
 * the rest of `@twinkle/codecs` works without it.
 */
export function loadLibopus(options: LoadLibopusOptions = {}): Promise<Libopus> {
  if (options.moduleUrl !== undefined) return instantiate(options.moduleUrl);
  if (cached === undefined) {
    const loading = locateModule().then(instantiate);
    // A failed load is not cached, so a later call may succeed (for example after an install).
    loading.catch(() => {
      if (cached === loading) cached = undefined;
    });
    cached = loading;
  }
  return cached;
}

async function locateModule(): Promise<string> {
  let entry: string;
  try {
    entry = import.meta.resolve('libopus-wasm');
  } catch (err) {
    throw unavailable(`the libopus-wasm package is not installed (${String(err)})`);
  }
  return new URL(GENERATED, entry).href;
}

async function instantiate(url: string): Promise<Libopus> {
  let wasm: LibopusWasm;
  try {
    const mod = (await import(url)) as { default: () => Promise<LibopusWasm> };
    wasm = await mod.default();
  } catch (err) {
    throw unavailable(`cannot load ${url} (${String(err)})`);
  }
  const missing = REQUIRED.filter(
    (name) => typeof (wasm as unknown as Record<string, unknown>)[name] !== 'function',
  );
  if (missing.length > 0) throw unavailable(`${url} lacks ${missing.join(', ')}`);
  return { wasm, version: wasm.UTF8ToString(wasm._oc_get_version_string()) };
}

function unavailable(why: string): CodecError {
  return new CodecError('unsupported-params', `Opus unavailable: ${why}`);
}
