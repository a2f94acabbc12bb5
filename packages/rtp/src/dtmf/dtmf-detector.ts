import type { DtmfDigit } from './dtmf-event.js';
import {
  DTMF_HIGH_FREQUENCIES,
  DTMF_KEYPAD,
  DTMF_LOW_FREQUENCIES,
  dbm0ToAmplitude,
} from './dtmf-tone-generator.js';

/** Options of the inband DTMF detector. */
export interface DtmfDetectorOptions {
  /** Sample rate, Hz; default 8000. */
  readonly sampleRate?: number;
  /** Weakest tone accepted, per frequency, dBm0; default -30. */
  readonly minLevelDbm0?: number;
  /** How much louder the high-group tone may be than the low one, dB; default 8. */
  readonly normalTwistDb?: number;
  /** How much louder the low-group tone may be than the high one, dB; default 4. */
  readonly reverseTwistDb?: number;
  /** How far each tone must stand above the other frequencies of its group, dB; default 6. */
  readonly relativePeakDb?: number;
  /** Share of the window's energy the two tones must hold; default 0.7 (rejects speech and noise). */
  readonly minToneShare?: number;
  /**
   * Consecutive passing windows before a key counts as pressed; default 4. Windows are 12.75 ms
   * long and overlap by half, so 4 windows need about 32 ms of tone: 40 ms tones are accepted
   * and 23 ms ones rejected, the figures of ITU-T Q.24.
   */
  readonly minWindows?: number;
  /** Consecutive failing windows that release a key; default 3 (rides over ~10 ms dropouts). */
  readonly releaseWindows?: number;
}

/** One key press heard in the audio. Times from the first sample given to the detector. */
export interface DtmfDetection {
  readonly digit: DtmfDigit;
  readonly startMs: number;
  readonly durationMs: number;
}

const NONE: readonly DtmfDetection[] = Object.freeze([]);
const BANKS = 2;
const TONES = 8;

/**
 * Inband DTMF detector (for peers without telephone-event): Goertzel filters at the eight
 * Q.23 frequencies over 12.75 ms windows (102 samples at 8 kHz) that overlap by half. A window
 * passes when one low-group and one high-group tone stand out (level, twist, relative peak) and
 * together hold most of the window's energy; a key is reported once, when it is released, with
 * its start and duration. Allocation-free per sample; state carries across `process` calls.
 */
export class DtmfDetector {
  private readonly n: number;
  private readonly coeff = new Float64Array(TONES);
  private readonly s1 = new Float64Array(BANKS * TONES);
  private readonly s2 = new Float64Array(BANKS * TONES);
  private readonly energy = new Float64Array(BANKS);
  private readonly count = new Int32Array(BANKS);
  private readonly power = new Float64Array(TONES);
  private readonly rate: number;
  private readonly minPower: number;
  private readonly normalTwist: number;
  private readonly reverseTwist: number;
  private readonly relativePeak: number;
  private readonly minShare: number;
  private readonly minWindows: number;
  private readonly releaseWindows: number;

  private sample = 0;
  private runDigit = -1;
  private run = 0;
  private runStart = 0;
  private pressedDigit = -1;
  private pressStart = 0;
  private lastHitEnd = 0;
  private misses = 0;

  constructor(options: DtmfDetectorOptions = {}) {
    this.rate = options.sampleRate ?? 8000;
    this.n = Math.round(this.rate * 0.01275);
    const freqs = [...DTMF_LOW_FREQUENCIES, ...DTMF_HIGH_FREQUENCIES];
    freqs.forEach((f, k) => {
      this.coeff[k] = 2 * Math.cos((2 * Math.PI * f) / this.rate);
    });
    const a = dbm0ToAmplitude(options.minLevelDbm0 ?? -30);
    this.minPower = (a * a) / 2;
    this.normalTwist = 10 ** ((options.normalTwistDb ?? 8) / 10);
    this.reverseTwist = 10 ** ((options.reverseTwistDb ?? 4) / 10);
    this.relativePeak = 10 ** ((options.relativePeakDb ?? 6) / 10);
    this.minShare = options.minToneShare ?? 0.7;
    this.minWindows = Math.max(1, options.minWindows ?? 4);
    this.releaseWindows = Math.max(1, options.releaseWindows ?? 3);
    this.reset();
  }

  /** The key held down right now, if any (reported by `process` only when released). */
  get pressed(): DtmfDigit | undefined {
    return this.pressedDigit < 0 ? undefined : digitAt(this.pressedDigit);
  }

  /** Forgets all state; times restart at zero. */
  reset(): void {
    this.s1.fill(0);
    this.s2.fill(0);
    this.energy.fill(0);
    this.count[0] = 0;
    this.count[1] = -(this.n >> 1); // the second bank starts half a window later
    this.sample = 0;
    this.runDigit = -1;
    this.run = 0;
    this.pressedDigit = -1;
    this.misses = 0;
  }

  /** Feeds 16-bit PCM; returns the keys released within it (usually none). */
  process(pcm: Int16Array): readonly DtmfDetection[] {
    let found: DtmfDetection[] | undefined;
    const { s1, s2, coeff, energy, count, n } = this;
    for (let i = 0; i < pcm.length; i++) {
      const x = pcm[i]!;
      for (let b = 0; b < BANKS; b++) {
        const c = count[b]!;
        if (c >= 0) {
          const o = b * TONES;
          for (let k = 0; k < TONES; k++) {
            const s = x + coeff[k]! * s1[o + k]! - s2[o + k]!;
            s2[o + k] = s1[o + k]!;
            s1[o + k] = s;
          }
          energy[b] = energy[b]! + x * x;
        }
        if (c + 1 === n) {
          const d = this.window(b, this.sample + i);
          if (d !== undefined) {
            found ??= [];
            found.push(d);
          }
          count[b] = 0;
        } else {
          count[b] = c + 1;
        }
      }
    }
    this.sample += pcm.length;
    return found ?? NONE;
  }

  /** Ends the input: reports a key still held. */
  flush(): readonly DtmfDetection[] {
    if (this.pressedDigit < 0) return NONE;
    const d = this.detection();
    this.pressedDigit = -1;
    this.run = 0;
    this.runDigit = -1;
    return [d];
  }

  /** Evaluates bank `b`'s window ending at sample `end`, then runs the key state machine. */
  private window(b: number, end: number): DtmfDetection | undefined {
    const cand = this.classify(b);
    const o = b * TONES;
    for (let k = 0; k < TONES; k++) {
      this.s1[o + k] = 0;
      this.s2[o + k] = 0;
    }
    this.energy[b] = 0;

    let released: DtmfDetection | undefined;
    if (this.pressedDigit >= 0) {
      if (cand === this.pressedDigit) {
        this.misses = 0;
        this.lastHitEnd = end;
        return undefined;
      }
      if (++this.misses < this.releaseWindows) return undefined;
      released = this.detection();
      this.pressedDigit = -1;
    }
    if (cand >= 0 && cand === this.runDigit) {
      this.run++;
    } else {
      this.runDigit = cand;
      this.run = cand >= 0 ? 1 : 0;
      this.runStart = end + 1 - this.n;
    }
    if (cand >= 0 && this.run >= this.minWindows) {
      this.pressedDigit = cand;
      this.pressStart = this.runStart;
      this.lastHitEnd = end;
      this.misses = 0;
      this.run = 0;
      this.runDigit = -1;
    }
    return released;
  }

  /** Keypad index (row * 4 + column) of the window's key, or -1. */
  private classify(b: number): number {
    const { n, power } = this;
    const o = b * TONES;
    const scale = 2 / (n * n); // |X|^2 of a sine of amplitude A is about (A n / 2)^2; report A^2 / 2
    for (let k = 0; k < TONES; k++) {
      const a = this.s1[o + k]!;
      const c = this.s2[o + k]!;
      power[k] = (a * a + c * c - this.coeff[k]! * a * c) * scale;
    }
    const row = argmax(power, 0);
    const col = argmax(power, 4);
    const r = power[row]!;
    const c = power[col]!;
    if (r < this.minPower || c < this.minPower) return -1;
    if (c > r * this.normalTwist || r > c * this.reverseTwist) return -1;
    for (let k = 0; k < 4; k++) {
      if (k !== row && power[k]! * this.relativePeak > r) return -1;
      if (k + 4 !== col && power[k + 4]! * this.relativePeak > c) return -1;
    }
    if (r + c < this.minShare * (this.energy[b]! / n)) return -1;
    return row * 4 + (col - 4);
  }

  private detection(): DtmfDetection {
    return {
      digit: digitAt(this.pressedDigit),
      startMs: (this.pressStart * 1000) / this.rate,
      durationMs: ((this.lastHitEnd + 1 - this.pressStart) * 1000) / this.rate,
    };
  }
}

function argmax(v: Float64Array, from: number): number {
  let best = from;
  for (let k = from + 1; k < from + 4; k++) if (v[k]! > v[best]!) best = k;
  return best;
}

function digitAt(index: number): DtmfDigit {
  return DTMF_KEYPAD[index >> 2]![index & 3]!;
}
