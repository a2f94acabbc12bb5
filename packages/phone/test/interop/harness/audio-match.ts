/**
 * Whether a recording carries a source signal: WAV reading that tolerates a header whose
 * sizes were never filled in (a dump read while or right after its writer closes), and a
 * match by aligned segments, each aligned on its own, so a jitter buffer that changes its
 * delay during the call, or a lost packet, spoils one segment and not the verdict.
 */
import { readFileSync } from 'node:fs';

export interface Wav {
  readonly sampleRate: number;
  readonly channels: number;
  readonly samples: Int16Array;
}

/** Reads a 16-bit PCM WAV file; returns undefined while it has no complete header or data. */
export function readWav(path: string): Wav | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  if (
    bytes.length < 12 ||
    bytes.toString('latin1', 0, 4) !== 'RIFF' ||
    bytes.toString('latin1', 8, 12) !== 'WAVE'
  )
    return undefined;
  let sampleRate = 0;
  let channels = 0;
  let bits = 0;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = bytes.toString('latin1', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ' && body + 16 <= bytes.length) {
      channels = bytes.readUInt16LE(body + 2);
      sampleRate = bytes.readUInt32LE(body + 4);
      bits = bytes.readUInt16LE(body + 14);
    } else if (id === 'data') {
      if (bits !== 16 || channels < 1) return undefined;
      // a size never updated (0 or 0xffffffff) means: up to the end of the file
      const end = size === 0 || body + size > bytes.length ? bytes.length : body + size;
      const frames = Math.floor((end - body) / (2 * channels));
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i++) samples[i] = bytes.readInt16LE(body + i * 2 * channels);
      return { sampleRate, channels, samples };
    }
    at = body + size + (size & 1);
  }
  return undefined;
}

/** Normalised cross-correlation of `heard[h..h+n)` with `ref[r..r+n)`. */
function correlationAt(ref: Int16Array, r: number, heard: Int16Array, h: number, n: number): number {
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const x = ref[r + i]!;
    const y = heard[h + i]!;
    xy += x * y;
    xx += x * x;
    yy += y * y;
  }
  return xx === 0 || yy === 0 ? 0 : xy / Math.sqrt(xx * yy);
}

/** SNR in dB of `heard[h..h+n)` against `ref[r..r+n)` (the difference as noise). */
function snrAt(ref: Int16Array, r: number, heard: Int16Array, h: number, n: number): number {
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < n; i++) {
    const x = ref[r + i]!;
    const d = heard[h + i]! - x;
    signal += x * x;
    noise += d * d;
  }
  return noise === 0 ? 99 : 10 * Math.log10(signal / noise);
}

function energy(samples: Int16Array, from: number, n: number): number {
  let e = 0;
  for (let i = from; i < from + n; i++) e += samples[i]! * samples[i]!;
  return e / n;
}

export interface SegmentScore {
  /** Start of the segment in the recording, samples. */
  readonly at: number;
  /** Where it matched best in the source, samples. */
  readonly source: number;
  readonly correlation: number;
  readonly snrDb: number;
}

/**
 * Scores every `segment`-sample piece of the recording that is not silence: the best
 * correlation over all alignments with the source (within the first `span` samples of the
 * source, which covers any set-up and jitter-buffer delay), and the SNR there.
 */
export function segmentScores(
  ref: Int16Array,
  heard: Int16Array,
  segment = 800,
  span = ref.length,
): SegmentScore[] {
  const scores: SegmentScore[] = [];
  const last = Math.min(span, ref.length) - segment;
  for (let at = 0; at + segment <= heard.length; at += segment) {
    // a silent piece (before the far end's audio, or a pause in the speech) proves nothing
    if (energy(heard, at, segment) < 1e4) continue;
    let best = -1;
    let source = 0;
    // coarse search every 2 samples, then the neighbours of the best
    for (let r = 0; r <= last; r += 2) {
      const c = correlationAt(ref, r, heard, at, segment);
      if (c > best) {
        best = c;
        source = r;
      }
    }
    for (const r of [source - 1, source + 1]) {
      if (r < 0 || r > last) continue;
      const c = correlationAt(ref, r, heard, at, segment);
      if (c > best) {
        best = c;
        source = r;
      }
    }
    scores.push({ at, source, correlation: best, snrDb: snrAt(ref, source, heard, at, segment) });
  }
  return scores;
}
