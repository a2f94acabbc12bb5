/**
 * The arithmetic of a local conference, on frames of one common rate: each
 * party hears the local microphone and every other party, the local speaker
 * plays every party. One 32-bit sum per sample serves all outputs (each leg's
 * output is the sum minus its own input), so N legs cost O(N) per sample, not
 * O(N²); every output is saturated to 16 bits.
 */

/** Clamps a 32-bit sum to the 16-bit sample range. */
function saturate(x: number): number {
  return Math.min(32767, Math.max(-32768, x));
}

/**
 * Mixes one frame. `inputs[i]` is what leg i's far end said; `outputs[i]`
 * receives what leg i's far end hears (microphone plus every other leg);
 * `speaker` receives every leg (not the microphone: nobody hears himself).
 * `sum` is the caller's scratch buffer (no allocation per frame). All arrays
 * have at least `speaker.length` samples; `microphone` may be undefined (muted).
 */
export function mixFrame(
  inputs: readonly Int16Array[],
  microphone: Int16Array | undefined,
  outputs: readonly Int16Array[],
  speaker: Int16Array,
  sum: Int32Array,
): void {
  const n = speaker.length;
  if (sum.length < n) throw new RangeError(`the sum buffer needs ${n} samples, has ${sum.length}`);
  if (inputs.length !== outputs.length) throw new RangeError('one output per input');
  sum.fill(0, 0, n);
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    for (let k = 0; k < n; k++) sum[k]! += input[k]!;
  }
  // Every leg together, without the microphone: the local speaker.
  for (let k = 0; k < n; k++) speaker[k] = saturate(sum[k]!);
  if (microphone) for (let k = 0; k < n; k++) sum[k]! += microphone[k]!;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const output = outputs[i]!;
    for (let k = 0; k < n; k++) output[k] = saturate(sum[k]! - input[k]!);
  }
}
