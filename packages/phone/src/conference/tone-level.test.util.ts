/**
 * Test measure of the conference tests: how strongly a sine of a given
 * frequency is present in a recording (the Goertzel algorithm, one DFT bin).
 */

/**
 * The amplitude of the `hz` component of `samples` (a sine of amplitude A
 * gives about A, anything else about nothing), over `from`..`from + length`.
 * The segment is Hann-windowed so that neighbouring tones do not leak in.
 */
export function toneAmplitude(
  samples: Int16Array,
  rate: number,
  hz: number,
  from = 0,
  length = samples.length - from,
): number {
  const w = (2 * Math.PI * hz) / rate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  let windowSum = 0;
  for (let i = 0; i < length; i++) {
    const win = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (length - 1));
    windowSum += win;
    const s0 = (samples[from + i] ?? 0) * win + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * Math.sqrt(Math.max(0, power))) / windowSum;
}

/** A sine of `hz` at `amplitude`, `n` samples at `rate`, starting at sample `offset` of the wave. */
export function sine(n: number, rate: number, hz: number, amplitude: number, offset = 0): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++)
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * (i + offset)) / rate));
  return out;
}
