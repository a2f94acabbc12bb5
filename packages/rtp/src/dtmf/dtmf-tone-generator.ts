import { type DtmfDigit, isDtmfDigit } from './dtmf-event.js';

/** ITU-T Q.23 low-group (row) frequencies, Hz. */
export const DTMF_LOW_FREQUENCIES: readonly number[] = [697, 770, 852, 941];
/** ITU-T Q.23 high-group (column) frequencies, Hz. */
export const DTMF_HIGH_FREQUENCIES: readonly number[] = [1209, 1336, 1477, 1633];
/** The keypad by row and column (Q.23). */
export const DTMF_KEYPAD: readonly (readonly DtmfDigit[])[] = [
  ['1', '2', '3', 'A'],
  ['4', '5', '6', 'B'],
  ['7', '8', '9', 'C'],
  ['*', '0', '#', 'D'],
];

/** The two frequencies of a key: [low group, high group] in Hz. */
export function dtmfFrequencies(digit: DtmfDigit): readonly [number, number] {
  for (let row = 0; row < 4; row++) {
    const col = DTMF_KEYPAD[row]!.indexOf(digit);
    if (col >= 0) return [DTMF_LOW_FREQUENCIES[row]!, DTMF_HIGH_FREQUENCIES[col]!];
  }
  throw new RangeError(`not a DTMF key: ${digit}`);
}

/**
 * Peak amplitude of a sine at `dbm0` in 16-bit linear PCM: a full-scale sine is +3.17 dBm0
 * (G.711's µ-law overload point; A-law is +3.14).
 */
export function dbm0ToAmplitude(dbm0: number): number {
  return 32767 * 10 ** ((dbm0 - 3.17) / 20);
}

/** Options of the DTMF tone generator. */
export interface DtmfToneOptions {
  /** Sample rate, Hz; default 8000. */
  readonly sampleRate?: number;
  /** Level of the low-group tone, dBm0; default -10. */
  readonly levelDbm0?: number;
  /** Level of the high-group tone relative to the low one, dB ("twist"); default 0. */
  readonly twistDb?: number;
}

/** Options of a digit sequence. */
export interface DtmfSequenceOptions extends DtmfToneOptions {
  /** Tone length per key, ms; default 100. */
  readonly toneMs?: number;
  /** Silence between keys (and after the last), ms; default 100. */
  readonly gapMs?: number;
}

/**
 * Writes the tone of one key into `out` (all of it) and returns it: the sum of the key's two
 * Q.23 frequencies, starting at phase 0, with a 2 ms raised-cosine ramp at each end so the
 * tone starts and stops without clicks.
 */
export function writeDtmfTone(digit: DtmfDigit, out: Int16Array, options: DtmfToneOptions = {}): Int16Array {
  const rate = options.sampleRate ?? 8000;
  const [low, high] = dtmfFrequencies(digit);
  const aLow = dbm0ToAmplitude(options.levelDbm0 ?? -10);
  const aHigh = aLow * 10 ** ((options.twistDb ?? 0) / 20);
  const wLow = (2 * Math.PI * low) / rate;
  const wHigh = (2 * Math.PI * high) / rate;
  const ramp = Math.min(Math.round(rate * 0.002), out.length >> 1);
  for (let i = 0; i < out.length; i++) {
    let g = 1;
    const fromEnd = out.length - 1 - i;
    if (i < ramp) g = 0.5 - 0.5 * Math.cos((Math.PI * i) / ramp);
    else if (fromEnd < ramp) g = 0.5 - 0.5 * Math.cos((Math.PI * fromEnd) / ramp);
    const v = g * (aLow * Math.sin(wLow * i) + aHigh * Math.sin(wHigh * i));
    out[i] = Math.max(-32768, Math.min(32767, Math.round(v)));
  }
  return out;
}

/** The tone of one key, `durationMs` long (default 100). */
export function generateDtmfTone(
  digit: DtmfDigit,
  durationMs = 100,
  options: DtmfToneOptions = {},
): Int16Array {
  const rate = options.sampleRate ?? 8000;
  return writeDtmfTone(digit, new Int16Array(Math.round((rate * durationMs) / 1000)), options);
}

/** Tones for a string of keys, each followed by a gap. Characters that are not keys are refused. */
export function generateDtmfSequence(digits: string, options: DtmfSequenceOptions = {}): Int16Array {
  const rate = options.sampleRate ?? 8000;
  const tone = Math.round((rate * (options.toneMs ?? 100)) / 1000);
  const gap = Math.round((rate * (options.gapMs ?? 100)) / 1000);
  const keys = [...digits.toUpperCase()];
  const out = new Int16Array(keys.length * (tone + gap));
  keys.forEach((k, i) => {
    if (!isDtmfDigit(k)) throw new RangeError(`not a DTMF key: ${k}`);
    writeDtmfTone(k, out.subarray(i * (tone + gap), i * (tone + gap) + tone), options);
  });
  return out;
}
