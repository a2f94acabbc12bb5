/** What a WAV file holds, once parsed. */
export interface WavData {
  readonly sampleRate: number;
  readonly channels: number;
  /** Interleaved 16-bit samples. */
  readonly samples: Int16Array;
}

/** Why a WAV file could not be read. */
export interface WavError {
  readonly code: 'not-riff' | 'not-wave' | 'no-fmt' | 'no-data' | 'unsupported-format' | 'truncated';
  readonly message: string;
}

/** Result of {@link parseWav}: never throws on file content. */
export type WavResult =
  | { readonly ok: true; readonly value: WavData }
  | { readonly ok: false; readonly error: WavError };

const fail = (code: WavError['code'], message: string): WavResult => ({
  ok: false,
  error: { code, message },
});

/** WAVE_FORMAT_PCM and WAVE_FORMAT_EXTENSIBLE (whose sub-format must then be PCM). */
const PCM = 1;
const EXTENSIBLE = 0xfffe;

/**
 * Parses a RIFF/WAVE file of 16-bit linear PCM (mono or stereo, any rate). Chunks other
 * than `fmt ` and `data` are skipped. A `data` chunk whose size runs past the end of the
 * file (a recorder that died before fixing its header) is read up to the end.
 */
export function parseWav(bytes: Uint8Array): WavResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF') return fail('not-riff', 'not a RIFF file');
  if (tag(8) !== 'WAVE') return fail('not-wave', 'RIFF file is not WAVE');
  let fmt: { channels: number; rate: number; bits: number; tag: number } | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) return fail('truncated', 'fmt chunk too short');
      let formatTag = view.getUint16(body, true);
      if (formatTag === EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) {
        formatTag = view.getUint16(body + 24, true); // first two bytes of the sub-format GUID
      }
      fmt = {
        tag: formatTag,
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) return fail('no-fmt', 'data chunk before fmt chunk');
      if (fmt.tag !== PCM || fmt.bits !== 16) {
        return fail('unsupported-format', `format ${fmt.tag} with ${fmt.bits} bits (want PCM 16-bit)`);
      }
      if (fmt.channels < 1 || fmt.channels > 2 || fmt.rate < 1000) {
        return fail('unsupported-format', `${fmt.channels} channels at ${fmt.rate} Hz`);
      }
      const end = Math.min(bytes.length, body + size);
      const count = Math.floor((end - body) / 2 / fmt.channels) * fmt.channels;
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) samples[i] = view.getInt16(body + 2 * i, true);
      return { ok: true, value: { sampleRate: fmt.rate, channels: fmt.channels, samples } };
    }
    at = body + size + (size & 1); // chunks are padded to even length
  }
  return fmt ? fail('no-data', 'no data chunk') : fail('no-fmt', 'no fmt chunk');
}
