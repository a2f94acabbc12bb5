/** Options shared by the SNR helpers. */
export interface SnrOptions {
  /** `test[i + delay]` is compared with `ref[i]` (for codecs that delay the signal). Default 0. */
  readonly delay?: number;
  /** First sample of `ref` to compare. Default 0. */
  readonly start?: number;
  /** End (exclusive) of the compared range of `ref`. Default: as far as both arrays go. */
  readonly end?: number;
}

function range(ref: ArrayLike<number>, test: ArrayLike<number>, o?: SnrOptions): [number, number, number] {
  const delay = o?.delay ?? 0;
  const start = Math.max(o?.start ?? 0, -delay, 0);
  const end = Math.min(o?.end ?? ref.length, ref.length, test.length - delay);
  return [start, end, delay];
}

/**
 * Signal-to-noise ratio of `test` against `ref`, in dB: signal energy over the
 * energy of the difference. `Infinity` when they are identical, `-Infinity`
 * when the reference is silent but the test is not, `NaN` on an empty range.
 */
export function snr(ref: ArrayLike<number>, test: ArrayLike<number>, options?: SnrOptions): number {
  const [start, end, delay] = range(ref, test, options);
  if (end <= start) return Number.NaN;
  let sig = 0;
  let noise = 0;
  for (let i = start; i < end; i++) {
    const r = ref[i]!;
    const d = r - test[i + delay]!;
    sig += r * r;
    noise += d * d;
  }
  if (noise === 0) return Number.POSITIVE_INFINITY;
  return 10 * Math.log10(sig / noise);
}

/** Options for {@link segmentalSnr}. */
export interface SegmentalSnrOptions extends SnrOptions {
  /** Segment length in samples. Default 160 (20 ms at 8 kHz). */
  readonly segment?: number;
  /** Segments whose reference RMS is below this are skipped as silence. Default 16. */
  readonly silenceRms?: number;
  /** Per-segment clamp in dB, as usual for segmental SNR. Default [-10, 35]. */
  readonly clampDb?: readonly [number, number];
}

/**
 * Segmental SNR in dB: the mean over non-silent segments of each segment's SNR,
 * clamped so that a perfect or a silent segment does not dominate. Follows
 * speech lower SNR better than plain {@link snr}. `NaN` if every segment is silent.
 */
export function segmentalSnr(
  ref: ArrayLike<number>,
  test: ArrayLike<number>,
  options?: SegmentalSnrOptions,
): number {
  const [start, end, delay] = range(ref, test, options);
  const seg = options?.segment ?? 160;
  const silence = options?.silenceRms ?? 16;
  const [lo, hi] = options?.clampDb ?? [-10, 35];
  let total = 0;
  let count = 0;
  for (let s = start; s + seg <= end; s += seg) {
    let sig = 0;
    let noise = 0;
    for (let i = s; i < s + seg; i++) {
      const r = ref[i]!;
      const d = r - test[i + delay]!;
      sig += r * r;
      noise += d * d;
    }
    if (Math.sqrt(sig / seg) < silence) continue;
    const db = noise === 0 ? hi : 10 * Math.log10(sig / noise);
    total += Math.min(hi, Math.max(lo, db));
    count++;
  }
  return count === 0 ? Number.NaN : total / count;
}

/**
 * The delay in samples (0 to `maxLag`) at which `test` best matches `ref`, by
 * normalised cross-correlation; use it as `delay` for {@link snr}.
 */
export function findDelay(ref: ArrayLike<number>, test: ArrayLike<number>, maxLag: number): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let lag = 0; lag <= maxLag; lag++) {
    const n = Math.min(ref.length, test.length - lag);
    let xy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      const y = test[i + lag]!;
      xy += ref[i]! * y;
      yy += y * y;
    }
    const score = yy > 0 ? xy / Math.sqrt(yy) : Number.NEGATIVE_INFINITY;
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  return best;
}

/**
 * Index of the first element where two sample or byte arrays differ, the
 * shorter length if one is a prefix of the other, or -1 when they are equal.
 * For bit-exactness checks: `expect(firstDifference(out, ref)).toBe(-1)` is
 * fast on long arrays and says where a codec went wrong.
 */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
