/**
 * Converts interleaved samples between rates and channel counts by linear interpolation.
 * Used once when a file device is opened, never per frame; good enough for prompts and
 * test material, not a studio resampler.
 */
export function convertPcm(
  input: Int16Array,
  from: { readonly sampleRate: number; readonly channels: number },
  to: { readonly sampleRate: number; readonly channels: number },
): Int16Array {
  const inFrames = Math.floor(input.length / from.channels);
  const mono = new Float64Array(inFrames * to.channels);
  // Channel conversion first: stereo -> mono averages, mono -> stereo duplicates.
  for (let i = 0; i < inFrames; i++) {
    for (let c = 0; c < to.channels; c++) {
      mono[i * to.channels + c] =
        from.channels === to.channels
          ? input[i * from.channels + c]!
          : from.channels === 2
            ? (input[2 * i]! + input[2 * i + 1]!) / 2
            : input[i]!;
    }
  }
  if (from.sampleRate === to.sampleRate) return Int16Array.from(mono, (v) => Math.round(v));
  const outFrames = Math.floor((inFrames * to.sampleRate) / from.sampleRate);
  const out = new Int16Array(outFrames * to.channels);
  const step = from.sampleRate / to.sampleRate;
  for (let j = 0; j < outFrames; j++) {
    const pos = j * step;
    const i = Math.floor(pos);
    const frac = pos - i;
    const i1 = Math.min(i + 1, inFrames - 1);
    for (let c = 0; c < to.channels; c++) {
      const a = mono[i * to.channels + c]!;
      const b = mono[i1 * to.channels + c]!;
      out[j * to.channels + c] = Math.round(a + (b - a) * frac);
    }
  }
  return out;
}
