/**
 * Packet loss concealment for G.711 after ITU-T G.711 Appendix I: pitch-period
 * waveform substitution. A lost stretch is filled by repeating the last pitch
 * period of the decoded signal (the last two periods after 10 ms, three after
 * 20 ms, to avoid a buzzy tone), attenuated by 20 % per 10 ms from 10 ms on and
 * silent after 60 ms. The first good frame after a loss is cross-faded with the
 * continued substitute over a quarter pitch period plus 4 ms per further 10 ms
 * lost (at most 10 ms).
 *
 * Appendix I delays all output by 3.75 ms so that it can also overlap-add just
 * before the loss; this version adds no delay (a decoder that is not losing
 * packets stays bit-exact with plain G.711) and instead smooths the start of the
 * substitute by carrying the mismatch at the junction off over a quarter period.
 * Works at 8 kHz, on any number of samples per call.
 */

const PITCH_MIN = 40; // 200 Hz
const PITCH_MAX = 120; // 66.7 Hz
const CORR_LEN = 160; // 20 ms correlation window for the pitch search
const HISTORY = 390; // 3.25 longest periods, as in Appendix I
const STEP_10MS = 80;
const MAX_LOSS = 480; // silence after 60 ms

export class G711Concealer {
  /** The last HISTORY output samples, a ring written at `#at` (cheap on every good frame). */
  readonly #ring = new Int16Array(HISTORY);
  #at = 0;
  /** The ring unrolled, oldest first, made at the start of a loss. */
  readonly #history = new Int16Array(HISTORY);
  /** The last three pitch periods at the start of the current loss. */
  readonly #source = new Float64Array(3 * PITCH_MAX);
  #pitch = PITCH_MIN;
  /** Samples concealed so far in the current loss (0: not in a loss). */
  #lost = 0;
  /** Position in the repeated cycle. */
  #pos = 0;
  /** Junction mismatch carried off over the first quarter period. */
  #offset = 0;

  reset(): void {
    this.#ring.fill(0);
    this.#at = 0;
    this.#lost = 0;
    this.#pos = 0;
    this.#offset = 0;
  }

  /**
   * Records `n` decoded samples of a received frame in `pcm`. After a loss,
   * first cross-fades their start with the continued substitute, in place.
   */
  good(pcm: Int16Array, n: number): void {
    if (this.#lost > 0) {
      const extra = 32 * Math.floor((this.#lost - 1) / STEP_10MS); // 4 ms per further 10 ms
      const len = Math.min(n, STEP_10MS, (this.#pitch >> 2) + extra);
      for (let j = 0; j < len; j++) {
        const w = (j + 1) / (len + 1);
        const v = (1 - w) * this.#next() + w * pcm[j]!;
        pcm[j] = Math.round(v);
      }
      this.#lost = 0;
    }
    this.#remember(pcm, n);
  }

  /** Writes `n` substitute samples to `out`. */
  conceal(out: Int16Array, n: number): void {
    if (this.#lost === 0) this.#start();
    for (let j = 0; j < n; j++) {
      const v = this.#next();
      out[j] = v > 32767 ? 32767 : Math.max(-32768, Math.round(v));
      this.#lost++;
    }
    this.#remember(out, n);
  }

  /** Pitch search and set-up at the first lost sample. */
  #start(): void {
    const h = this.#history;
    h.set(this.#ring.subarray(this.#at));
    h.set(this.#ring.subarray(0, this.#at), HISTORY - this.#at);
    const p = findPitch(h);
    this.#pitch = p;
    this.#source.set(h.subarray(HISTORY - 3 * p), 3 * PITCH_MAX - 3 * p);
    this.#pos = 0;
    // In a p-periodic signal the sample after h[end] is h[end + 1 - p]; the difference
    // from the last real sample to that prediction is faded out over p / 4 samples.
    this.#offset = h[HISTORY - 1]! - h[HISTORY - 1 - p]!;
  }

  /** The next substitute sample, advancing the cycle and the attenuation. */
  #next(): number {
    const p = this.#pitch;
    const lost = this.#lost;
    if (lost >= MAX_LOSS) return 0;
    const periods = lost < STEP_10MS ? 1 : lost < 2 * STEP_10MS ? 2 : 3;
    const cycle = periods * p;
    const base = 3 * PITCH_MAX - cycle;
    const k = this.#pos % cycle;
    let v = this.#source[base + k]!;
    // Widening the cycle: fade from the one-period cycle into the longer one over p / 4.
    const sinceSwitch = lost - (periods - 1) * STEP_10MS;
    const fade = p >> 2;
    if (periods > 1 && sinceSwitch < fade) {
      const shorter = (periods - 1) * p;
      const old = this.#source[3 * PITCH_MAX - shorter + (this.#pos % shorter)]!;
      const w = (sinceSwitch + 1) / (fade + 1);
      v = (1 - w) * old + w * v;
    }
    if (this.#pos < fade) v += (this.#offset * (fade - this.#pos)) / fade;
    this.#pos++;
    // 20 % less per 10 ms after the first 10 ms, reaching zero at 60 ms.
    const gain = lost < STEP_10MS ? 1 : Math.max(0, 1 - (0.2 * (lost - STEP_10MS)) / STEP_10MS);
    return v * gain;
  }

  #remember(pcm: Int16Array, n: number): void {
    const ring = this.#ring;
    let at = this.#at;
    for (let j = n > HISTORY ? n - HISTORY : 0; j < n; j++) {
      ring[at] = pcm[j]!;
      at = at + 1 === HISTORY ? 0 : at + 1;
    }
    this.#at = at;
  }
}

/**
 * Pitch period (40 to 120 samples) maximising the normalised correlation of the
 * last 20 ms with the signal one period earlier.
 */
function findPitch(h: Int16Array): number {
  const end = HISTORY;
  let best = PITCH_MIN;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let p = PITCH_MIN; p <= PITCH_MAX; p++) {
    let xy = 0;
    let yy = 0;
    for (let j = end - CORR_LEN; j < end; j++) {
      const y = h[j - p]!;
      xy += h[j]! * y;
      yy += y * y;
    }
    const score = yy > 0 ? xy / Math.sqrt(yy) : 0;
    if (score > bestScore) {
      bestScore = score;
      best = p;
    }
  }
  return best;
}
