/** Options of {@link AutomaticGainControl}. */
export interface AgcOptions {
  /** Speech level to reach, dBFS RMS (default -20). */
  readonly targetDbfs?: number;
  /** Most gain applied, dB (default 24); least (default -12). */
  readonly maxGainDb?: number;
  readonly minGainDb?: number;
  /** How fast the gain may rise / fall, dB per second (default 6 and 30). */
  readonly riseDbPerSec?: number;
  readonly fallDbPerSec?: number;
  readonly frameMs?: number;
}

/**
 * Automatic gain control for the microphone: measures the speech level on frames the VAD
 * marks as speech (so pauses and background noise are never pumped up), moves the gain
 * towards `target - level` at bounded rates, ramps it across each frame (no zipper noise)
 * and limits peaks so the gain never clips.
 */
export class AutomaticGainControl {
  readonly #target: number;
  readonly #max: number;
  readonly #min: number;
  readonly #rise: number;
  readonly #fall: number;
  #levelDb = Number.NaN;
  #gainDb = 0;
  #gainLin = 1;

  constructor(options: AgcOptions = {}) {
    const frameMs = options.frameMs ?? 20;
    this.#target = options.targetDbfs ?? -20;
    this.#max = options.maxGainDb ?? 24;
    this.#min = options.minGainDb ?? -12;
    this.#rise = ((options.riseDbPerSec ?? 6) * frameMs) / 1000;
    this.#fall = ((options.fallDbPerSec ?? 30) * frameMs) / 1000;
  }

  /** Current gain, dB. */
  get gainDb(): number {
    return this.#gainDb;
  }

  /** Applies the gain to `input` into `out` (may be the same array); `voice` from a VAD. */
  process(input: Int16Array, voice: boolean, out: Int16Array): void {
    let e = 0;
    let peak = 0;
    for (let i = 0; i < input.length; i++) {
      const v = input[i]!;
      e += v * v;
      if (Math.abs(v) > peak) peak = Math.abs(v);
    }
    if (voice && e > 0) {
      const db = 10 * Math.log10(e / input.length / (32768 * 32768));
      // Level follows loud speech quickly, quiet speech slowly.
      if (Number.isNaN(this.#levelDb)) this.#levelDb = db;
      else this.#levelDb += (db > this.#levelDb ? 0.3 : 0.05) * (db - this.#levelDb);
      const want = Math.min(this.#max, Math.max(this.#min, this.#target - this.#levelDb));
      const d = want - this.#gainDb;
      this.#gainDb += d > 0 ? Math.min(d, this.#rise) : Math.max(d, -this.#fall);
    }
    const g0 = this.#gainLin;
    let g1 = 10 ** (this.#gainDb / 20);
    // Limiter: the frame's peak after gain stays below full scale.
    if (peak * Math.max(g0, g1) > 32000) {
      g1 = Math.min(g1, 32000 / peak);
      this.#gainDb = 20 * Math.log10(g1);
    }
    const start = Math.min(g0, peak > 0 ? 32000 / peak : g0);
    const n = input.length;
    for (let i = 0; i < n; i++) {
      const g = start + ((g1 - start) * (i + 1)) / n;
      const v = input[i]! * g;
      out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
    }
    this.#gainLin = g1;
  }
}
