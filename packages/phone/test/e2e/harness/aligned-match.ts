/**
 * Whether a recording carries a source signal: the source cut into 0.1 s segments, each
 * found in the recording at its own best delay (an adaptive jitter buffer starts with a
 * safe delay and shrinks it while the call goes on, so one delay does not fit the whole
 * call), scored by correlation and SNR there.
 */

/** Normalised cross-correlation of `heard[h..h+n)` with `ref[r..r+n)`. */
export function correlationAt(ref: Int16Array, r: number, heard: Int16Array, h: number, n: number): number {
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const x = ref[r + i] ?? 0;
    const y = heard[h + i] ?? 0;
    xy += x * y;
    xx += x * x;
    yy += y * y;
  }
  return xx === 0 || yy === 0 ? 0 : xy / Math.sqrt(xx * yy);
}

/** SNR in dB of `heard[h..h+n)` against `ref[r..r+n)`, the difference counted as noise. */
export function snrAt(ref: Int16Array, r: number, heard: Int16Array, h: number, n: number): number {
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < n; i++) {
    const x = ref[r + i] ?? 0;
    const d = (heard[h + i] ?? 0) - x;
    signal += x * x;
    noise += d * d;
  }
  return noise === 0 ? 99 : 10 * Math.log10(signal / noise);
}

export interface AlignedSegment {
  /** Start of the segment in the source, samples. */
  readonly at: number;
  /** Delay of the recording behind the source there, samples. */
  readonly delay: number;
  readonly correlation: number;
  readonly snrDb: number;
}

export interface AlignedMatch {
  /** The median delay of the recording behind the source, samples. */
  readonly delay: number;
  /** Segments of the source with speech in them, each scored at its best delay. */
  readonly segments: readonly AlignedSegment[];
  readonly medianCorrelation: number;
  readonly medianSnrDb: number;
}

const median = (values: number[]): number => {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function energy(samples: Int16Array, from: number, n: number): number {
  let e = 0;
  for (let i = from; i < from + n; i++) e += (samples[i] ?? 0) ** 2;
  return e / n;
}

export interface AlignOptions {
  /** Longest delay searched, samples (default 2400: 0.3 s at 8 kHz). */
  readonly maxDelay?: number;
  /** Segment length, samples (default 800). */
  readonly segment?: number;
}

/** Scores every speech segment of `ref` that `heard` (which lags it) covers. */
export function alignedMatch(ref: Int16Array, heard: Int16Array, options: AlignOptions = {}): AlignedMatch {
  const maxDelay = options.maxDelay ?? 2400;
  const segment = options.segment ?? 800;
  const segments: AlignedSegment[] = [];
  // only segments whose every delay the recording covers
  for (let at = 0; at + segment <= ref.length && at + maxDelay + segment <= heard.length; at += segment) {
    // a pause in the speech proves nothing either way
    if (energy(ref, at, segment) < 1e5) continue;
    const last = maxDelay;
    let best = -2;
    let delay = 0;
    // every second delay, then the neighbours of the best
    for (let d = 0; d <= last; d += 2) {
      const c = correlationAt(ref, at, heard, at + d, segment);
      if (c > best) {
        best = c;
        delay = d;
      }
    }
    for (const d of [delay - 1, delay + 1]) {
      if (d < 0 || d > last) continue;
      const c = correlationAt(ref, at, heard, at + d, segment);
      if (c > best) {
        best = c;
        delay = d;
      }
    }
    segments.push({ at, delay, correlation: best, snrDb: snrAt(ref, at, heard, at + delay, segment) });
  }
  return {
    delay: median(segments.map((s) => s.delay)),
    segments,
    medianCorrelation: median(segments.map((s) => s.correlation)),
    medianSnrDb: median(segments.map((s) => s.snrDb)),
  };
}
