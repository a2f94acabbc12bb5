/** Options for {@link speechLikeSignal}. */
export interface SpeechLikeOptions {
  /** Sample rate in Hz. */
  readonly sampleRate: number;
  /** Length in samples. */
  readonly samples: number;
  /** Seed of the pseudo-random choices; the same seed gives the same signal. Default 1. */
  readonly seed?: number;
  /** Peak level as a fraction of full scale. Default 0.5 (about -6 dBFS). */
  readonly peak?: number;
}

/**
 * A small deterministic pseudo-random generator (mulberry32): returns numbers in
 * [0, 1). Tests use it instead of `Math.random` so that every run is the same.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOICED = 0;
const UNVOICED = 1;
const SILENCE = 2;

/**
 * Generates a deterministic speech-like test signal: syllables of 80 to 250 ms
 * that are voiced (a gliding 90 to 240 Hz pitch with harmonics shaped by three
 * formants), unvoiced (high-passed noise) or near-silent, with smooth
 * envelopes. Good enough to exercise waveform and parametric speech codecs;
 * not a substitute for real recordings when checking quality.
 */
export function speechLikeSignal(options: SpeechLikeOptions): Int16Array {
  const { sampleRate, samples } = options;
  const rnd = seededRandom(options.seed ?? 1);
  const peak = (options.peak ?? 0.5) * 32767;
  const out = new Float64Array(samples);
  const nyquistLimit = Math.min(sampleRate * 0.45, 7000);
  let pos = 0;
  while (pos < samples) {
    const len = Math.min(samples - pos, Math.floor(sampleRate * (0.08 + 0.17 * rnd())));
    const r = rnd();
    const kind = r < 0.7 ? VOICED : r < 0.85 ? UNVOICED : SILENCE;
    const level = 0.35 + 0.65 * rnd();
    if (kind === VOICED) {
      const f0a = 90 + 150 * rnd();
      const f0b = f0a * (0.8 + 0.4 * rnd());
      const formants = [300 + 500 * rnd(), 900 + 1400 * rnd(), 2400 + 700 * rnd()];
      const harmonics = Math.floor(nyquistLimit / Math.max(f0a, f0b));
      const amps = new Float64Array(harmonics + 1);
      for (let h = 1; h <= harmonics; h++) {
        let a = 0;
        for (let k = 0; k < 3; k++) {
          const d = (h * f0a - formants[k]!) / (80 + 60 * k);
          a += Math.exp(-d * d) / (k + 1);
        }
        amps[h] = a + 0.02 / h;
      }
      let phase = rnd() * 2 * Math.PI;
      for (let i = 0; i < len; i++) {
        const f0 = f0a + ((f0b - f0a) * i) / len;
        phase += (2 * Math.PI * f0) / sampleRate;
        let v = 0;
        for (let h = 1; h <= harmonics; h++) v += amps[h]! * Math.sin(h * phase);
        out[pos + i] = v * level * envelope(i, len);
      }
    } else {
      const gain = kind === UNVOICED ? 0.5 * level : 0.004;
      let prev = 0;
      for (let i = 0; i < len; i++) {
        const n = rnd() * 2 - 1;
        out[pos + i] = (n - 0.7 * prev) * gain * envelope(i, len);
        prev = n;
      }
    }
    pos += len;
  }
  let max = 0;
  for (let i = 0; i < samples; i++) max = Math.max(max, Math.abs(out[i]!));
  const scale = max > 0 ? peak / max : 0;
  const pcm = new Int16Array(samples);
  for (let i = 0; i < samples; i++) pcm[i] = Math.round(out[i]! * scale);
  return pcm;
}

/** Raised-cosine attack and release over the first and last fifth of a syllable. */
function envelope(i: number, len: number): number {
  const edge = Math.max(1, Math.floor(len / 5));
  if (i < edge) return 0.5 - 0.5 * Math.cos((Math.PI * i) / edge);
  if (i >= len - edge) return 0.5 - 0.5 * Math.cos((Math.PI * (len - 1 - i)) / edge);
  return 1;
}
