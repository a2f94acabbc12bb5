/** Options of {@link DriftCompensator}. */
export interface DriftCompensatorOptions {
  readonly sampleRate: number;
  readonly channels?: number;
  /** Fill level to hold, ms (default 60): the playout cushion against arrival jitter. */
  readonly targetMs?: number;
  /** Most audio held, ms (default 500); beyond it the oldest is dropped. */
  readonly capacityMs?: number;
  /** Response time of the level control loop, s (default 5): slower is smoother. */
  readonly responseSec?: number;
  /** Largest rate correction, as a ratio offset (default 0.005 = 0.5%, about 9 cents of pitch). */
  readonly maxCorrection?: number;
}

/**
 * Absorbs the difference between two clocks: the far end's RTP clock that produces the
 * decoded audio, and the sound card's clock that consumes it. Both run at a nominal
 * rate but differ by tens to hundreds of ppm, so a plain FIFO slowly fills up (latency
 * grows) or runs dry (clicks). A PI controller on the smoothed fill level sets a
 * resampling ratio, applied by 4-point cubic (Catmull-Rom) interpolation: the ratio
 * converges to the true rate ratio, which is exposed as the drift estimate.
 */
export class DriftCompensator {
  readonly #ch: number;
  readonly #rate: number;
  readonly #ring: Float32Array;
  readonly #cap: number; // in sample frames
  readonly #target: number;
  readonly #kp: number;
  readonly #ki: number;
  readonly #max: number;
  #write = 0; // sample frames written, total
  #read = 0; // integer read position, total
  #frac = 0;
  #ratio = 1;
  #drift = 1;
  #ema = Number.NaN;
  #integral = 0;
  #underruns = 0;
  #overflows = 0;

  constructor(options: DriftCompensatorOptions) {
    this.#ch = options.channels ?? 1;
    this.#rate = options.sampleRate;
    this.#cap = Math.round((options.sampleRate * (options.capacityMs ?? 500)) / 1000);
    this.#ring = new Float32Array(this.#cap * this.#ch);
    const targetSec = (options.targetMs ?? 60) / 1000;
    this.#target = targetSec * options.sampleRate;
    const tau = options.responseSec ?? 5;
    // Level error e (relative to the target) changes at rate * (inRatio - ratio) / target;
    // with ratio = 1 + kp e + ki \int e, the loop is critically damped for these gains.
    this.#kp = targetSec / tau;
    this.#ki = targetSec / (4 * tau * tau);
    this.#max = options.maxCorrection ?? 0.005;
  }

  /** Sample frames waiting to be played. */
  get level(): number {
    return this.#write - this.#read - this.#frac;
  }
  /** Consumption ratio in use: input samples per output sample (the far end's rate over the card's). */
  get ratio(): number {
    return this.#ratio;
  }
  /**
   * The drift estimate in parts per million: the ratio averaged over about two minutes. (The
   * ratio itself also corrects the level, which moves by a whole frame at each arrival.)
   */
  get ppm(): number {
    return (this.#drift - 1) * 1e6;
  }
  /** Output samples that found nothing to play. */
  get underruns(): number {
    return this.#underruns;
  }
  /** Input samples dropped because the buffer was full. */
  get overflows(): number {
    return this.#overflows;
  }

  /** Queues decoded far-end audio (interleaved). */
  push(samples: Int16Array): void {
    const ch = this.#ch;
    const frames = Math.floor(samples.length / ch);
    for (let f = 0; f < frames; f++) {
      if (this.#write - this.#read >= this.#cap) {
        this.#read++;
        this.#overflows++;
      }
      const at = (this.#write % this.#cap) * ch;
      for (let c = 0; c < ch; c++) this.#ring[at + c] = samples[f * ch + c]!;
      this.#write++;
    }
  }

  /**
   * Fills `out` (one device frame, interleaved) at the corrected ratio. Returns false when
   * the buffer ran dry; the missing part is silence.
   */
  pull(out: Int16Array): boolean {
    const ch = this.#ch;
    const frames = Math.floor(out.length / ch);
    const ring = this.#ring;
    const cap = this.#cap;
    let ok = true;
    for (let f = 0; f < frames; f++) {
      // Catmull-Rom needs the samples at read-1 .. read+2.
      if (this.#write - this.#read < 3) {
        out.fill(0, f * ch);
        this.#underruns += frames - f;
        ok = false;
        break;
      }
      const t = this.#frac;
      const i0 = this.#read > 0 ? this.#read - 1 : 0;
      for (let c = 0; c < ch; c++) {
        const p0 = ring[(i0 % cap) * ch + c]!;
        const p1 = ring[(this.#read % cap) * ch + c]!;
        const p2 = ring[((this.#read + 1) % cap) * ch + c]!;
        const p3 = ring[((this.#read + 2) % cap) * ch + c]!;
        const v =
          p1 + 0.5 * t * (p2 - p0 + t * (2 * p0 - 5 * p1 + 4 * p2 - p3 + t * (3 * (p1 - p2) + p3 - p0)));
        out[f * ch + c] = v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
      }
      this.#frac += this.#ratio;
      const whole = Math.floor(this.#frac);
      this.#read += whole;
      this.#frac -= whole;
    }
    this.#control(frames / this.#rate);
    return ok;
  }

  /** PI control of the smoothed level; one step per pulled frame of `dt` seconds. */
  #control(dt: number): void {
    const level = this.level;
    // A one-second moving average smooths out arrival jitter and frame granularity.
    this.#ema = Number.isNaN(this.#ema) ? level : this.#ema + Math.min(1, dt) * (level - this.#ema);
    const e = (this.#ema - this.#target) / this.#target;
    this.#integral += e * dt;
    // Anti-windup: the integral alone never asks for more than the largest correction.
    const lim = this.#max / this.#ki;
    if (this.#integral > lim) this.#integral = lim;
    if (this.#integral < -lim) this.#integral = -lim;
    const r = 1 + this.#kp * e + this.#ki * this.#integral;
    this.#ratio = Math.min(1 + this.#max, Math.max(1 - this.#max, r));
    this.#drift += (dt / 120) * (this.#ratio - this.#drift);
  }
}
