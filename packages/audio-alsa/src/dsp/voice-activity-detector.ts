/** Options of {@link VoiceActivityDetector}. */
export interface VadOptions {
  readonly sampleRate: number;
  /** How long speech is held after the last active frame, ms (default 200): no clipped word ends. */
  readonly hangoverMs?: number;
  /** Frame energy above the noise floor that counts as speech, dB (default 6). */
  readonly thresholdDb?: number;
  readonly frameMs?: number;
}

/**
 * Voice activity detection on frame energy against an adaptive noise floor, with the
 * zero-crossing rate as a second cue for unvoiced sounds (fricatives are weak but
 * cross zero often), and a hangover. The floor falls fast and rises slowly (3 dB/s), so
 * it settles on the pauses between words.
 */
export class VoiceActivityDetector {
  readonly #threshold: number;
  readonly #hangFrames: number;
  readonly #riseDb: number;
  #floorDb = Number.NaN;
  #hang = 0;
  #energyDb = -100;
  #zcr = 0;
  #active = false;

  constructor(options: VadOptions) {
    const frameMs = options.frameMs ?? 20;
    this.#threshold = options.thresholdDb ?? 6;
    this.#hangFrames = Math.round((options.hangoverMs ?? 200) / frameMs);
    this.#riseDb = (3 * frameMs) / 1000;
  }

  /** Decision of the last frame. */
  get active(): boolean {
    return this.#active;
  }
  /** Energy of the last frame, dBFS. */
  get energyDb(): number {
    return this.#energyDb;
  }
  /** Current noise floor estimate, dBFS. */
  get noiseFloorDb(): number {
    return this.#floorDb;
  }
  /** Zero crossings per sample of the last frame. */
  get zeroCrossingRate(): number {
    return this.#zcr;
  }

  /** Classifies one frame; returns true when it holds speech (or is in the hangover). */
  process(frame: Int16Array): boolean {
    let e = 0;
    let z = 0;
    for (let i = 0; i < frame.length; i++) {
      const v = frame[i]!;
      e += v * v;
      if (i > 0 && v >= 0 !== frame[i - 1]! >= 0) z++;
    }
    const db = 10 * Math.log10(e / frame.length / (32768 * 32768) + 1e-12);
    this.#energyDb = db;
    this.#zcr = z / frame.length;
    if (Number.isNaN(this.#floorDb)) this.#floorDb = db;
    const above = db - this.#floorDb;
    const voiced = above > this.#threshold;
    const unvoiced = above > this.#threshold / 2 && this.#zcr > 0.3 && this.#zcr < 0.7;
    const speech = db > -65 && (voiced || unvoiced);
    if (db < this.#floorDb) this.#floorDb = 0.5 * this.#floorDb + 0.5 * db;
    else this.#floorDb += this.#riseDb;
    if (speech) this.#hang = this.#hangFrames;
    else if (this.#hang > 0) this.#hang--;
    this.#active = speech || this.#hang > 0;
    return this.#active;
  }
}
