/**
 * Variable bit-rate analysis (libspeex vbr.c): rates each frame's perceptual
 * importance from energy changes, stationarity and voicing, and tracks a noise
 * floor for voice activity detection. Returns a "quality" the encoder maps to
 * a sub-mode with the threshold tables below.
 */

const MIN_ENERGY = 6000;
const NOISE_POW = 0.3;
const MEMORY = 5;

/** Relative-quality thresholds per narrowband sub-mode (rows) and quality 0..10 (columns). */
export const VBR_NB_THRESH: readonly (readonly number[])[] = [
  [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1],
  [4, 2.5, 2, 1.2, 0.5, -0.25, -0.5, -0.7, -0.8, -0.9, -1],
  [10, 6.5, 5.2, 4.5, 3.9, 3.7, 3, 2.5, 2.3, 1.8, 1],
  [11, 8.8, 7.5, 6.5, 5, 4.2, 3.9, 3.9, 3.5, 3, 1],
  [11, 11, 9.9, 8.5, 7, 5.25, 4.5, 4, 4, 4, 2],
  [11, 11, 11, 11, 9.5, 9.25, 8, 7, 5, 4, 3],
  [11, 11, 11, 11, 11, 11, 9.5, 8.5, 6.2, 5.2, 5],
  [11, 11, 11, 11, 11, 11, 11, 11, 10, 9.8, 7.5],
  [7, 4.5, 3.7, 3, 2.5, 1, 1.8, 1.5, 1, 0, 0],
];

/** Thresholds for the wideband high-band sub-modes. */
export const VBR_HB_THRESH: readonly (readonly number[])[] = [
  [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1],
  [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1],
  [11, 11, 9.5, 8.5, 7.5, 6, 5, 3.9, 3, 2, 1],
  [11, 11, 11, 11, 11, 9.5, 8.7, 7.8, 7, 6.5, 4],
  [11, 11, 11, 11, 11, 11, 11, 11, 9.8, 7.5, 5.5],
];

/** Thresholds for the ultra-wideband layer. */
export const VBR_UHB_THRESH: readonly (readonly number[])[] = [
  [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1],
  [3.9, 2.5, 0, 0, 0, 0, 0, 0, 0, 0, -1],
];

/** Interpolated threshold of `mode` at fractional quality `q`. */
export function vbrThreshold(table: readonly (readonly number[])[], mode: number, q: number): number {
  const v1 = Math.floor(q);
  const row = table[mode]!;
  if (v1 === 10) return row[10]!;
  return (q - v1) * row[v1 + 1]! + (1 + v1 - q) * row[v1]!;
}

/**
 * The narrowband sub-mode for a frame of relative quality `rel` at VBR quality
 * `q`: the mode whose threshold `rel` exceeds by the least (0 if none).
 */
export function nbVbrMode(rel: number, q: number): number {
  let choice = 0;
  let minDiff = 100;
  for (let mode = 8; mode > 0; mode--) {
    const thresh = vbrThreshold(VBR_NB_THRESH, mode, q);
    if (rel > thresh && rel - thresh < minDiff) {
      choice = mode;
      minDiff = rel - thresh;
    }
  }
  return choice;
}

/** State of the VBR analysis of one encoder. */
export class VbrState {
  private averageEnergy = 0;
  private lastEnergy = 0;
  private readonly lastLogEnergy = new Float64Array(MEMORY);
  private softPitch = 0;
  private lastQuality = 0;
  private noiseLevel = 0;
  private noiseAccum = 0;
  private noiseAccumCount = 0;
  private consecNoise = 0;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.averageEnergy = 1600000;
    this.lastEnergy = 1;
    this.softPitch = 0;
    this.lastQuality = 0;
    this.noiseAccum = 0.05 * MIN_ENERGY ** NOISE_POW;
    this.noiseAccumCount = 0.05;
    this.noiseLevel = this.noiseAccum / this.noiseAccumCount;
    this.consecNoise = 0;
    this.lastLogEnergy.fill(Math.log(MIN_ENERGY));
  }

  /** Analyses sig[0..len) with the frame's open-loop pitch gain; returns the relative quality (-1..10). */
  analyse(sig: Float32Array, len: number, pitchCoef: number): number {
    let ener1 = 0;
    let ener2 = 0;
    for (let i = 0; i < len >> 1; i++) ener1 += sig[i]! * sig[i]!;
    for (let i = len >> 1; i < len; i++) ener2 += sig[i]! * sig[i]!;
    const ener = ener1 + ener2;
    const logEnergy = Math.log(ener + MIN_ENERGY);
    let nonSt = 0;
    for (let i = 0; i < MEMORY; i++) nonSt += (logEnergy - this.lastLogEnergy[i]!) ** 2;
    nonSt = Math.min(1, nonSt / (30 * MEMORY));
    const voicing = 3 * (pitchCoef - 0.4) * Math.abs(pitchCoef - 0.4);
    this.averageEnergy = 0.9 * this.averageEnergy + 0.1 * ener;
    this.noiseLevel = this.noiseAccum / this.noiseAccumCount;
    const powEner = ener ** NOISE_POW;
    if (this.noiseAccumCount < 0.06 && ener > MIN_ENERGY) this.noiseAccum = 0.05 * powEner;
    const nl = this.noiseLevel;
    if (
      (voicing < 0.3 && nonSt < 0.2 && powEner < 1.2 * nl) ||
      (voicing < 0.3 && nonSt < 0.05 && powEner < 1.5 * nl) ||
      (voicing < 0.4 && nonSt < 0.05 && powEner < 1.2 * nl) ||
      (voicing < 0 && nonSt < 0.05)
    ) {
      this.consecNoise++;
      const t = Math.min(powEner, 3 * nl);
      if (this.consecNoise >= 4) {
        this.noiseAccum = 0.95 * this.noiseAccum + 0.05 * t;
        this.noiseAccumCount = 0.95 * this.noiseAccumCount + 0.05;
      }
    } else {
      this.consecNoise = 0;
    }
    if (powEner < this.noiseLevel && ener > MIN_ENERGY) {
      this.noiseAccum = 0.95 * this.noiseAccum + 0.05 * powEner;
      this.noiseAccumCount = 0.95 * this.noiseAccumCount + 0.05;
    }
    let qual = 7;
    if (ener < 30000) {
      qual -= 0.7;
      if (ener < 10000) qual -= 0.7;
      if (ener < 3000) qual -= 0.7;
    } else {
      let shortDiff = Math.log((ener + 1) / (1 + this.lastEnergy));
      let longDiff = Math.log((ener + 1) / (1 + this.averageEnergy));
      longDiff = Math.min(2, Math.max(-5, longDiff));
      if (longDiff > 0) qual += 0.6 * longDiff;
      if (longDiff < 0) qual += 0.5 * longDiff;
      if (shortDiff > 0) {
        if (shortDiff > 5) shortDiff = 5;
        qual += shortDiff;
      }
      if (ener2 > 1.6 * ener1) qual += 0.5;
    }
    this.lastEnergy = ener;
    this.softPitch = 0.8 * this.softPitch + 0.2 * pitchCoef;
    qual += 2.2 * (pitchCoef - 0.4 + (this.softPitch - 0.4));
    if (qual < this.lastQuality) qual = 0.5 * qual + 0.5 * this.lastQuality;
    qual = Math.min(10, Math.max(4, qual));
    if (this.consecNoise >= 3) qual = 4;
    if (this.consecNoise) qual -= Math.log(3 + this.consecNoise) - Math.log(3);
    if (qual < 0) qual = 0;
    if (ener < 1600000) {
      if (this.consecNoise > 2) qual -= 0.5 * (Math.log(3 + this.consecNoise) - Math.log(3));
      if (ener < 10000 && this.consecNoise > 2) qual -= 0.5 * (Math.log(3 + this.consecNoise) - Math.log(3));
      if (qual < 0) qual = 0;
      qual += 0.3 * Math.log(0.0001 + ener / 1600000);
    }
    if (qual < -1) qual = -1;
    this.lastQuality = qual;
    this.lastLogEnergy.copyWithin(1, 0, MEMORY - 1);
    this.lastLogEnergy[0] = logEnergy;
    return qual;
  }
}

/**
 * Average bit-rate control (libspeex ABR): nudges the VBR quality against the
 * accumulated drift from the target, only when the long-term and the recent
 * drift agree in sign.
 */
export class AbrState {
  /** Target in bit/s, 0 when ABR is off. */
  target = 0;
  private drift = 0;
  private drift2 = 0;
  private count = 0;

  /** Starts ABR at `bps` (0: off). */
  start(bps: number): void {
    this.target = bps;
    this.drift = this.drift2 = this.count = 0;
  }

  /** The VBR quality for the next frame, moved by at most `maxStep`. */
  adjust(quality: number, maxStep: number): number {
    let change = 0;
    if (this.drift2 * this.drift > 0) {
      change = (-0.00001 * this.drift) / (1 + this.count);
      change = Math.min(maxStep, Math.max(-maxStep, change));
    }
    return Math.min(10, Math.max(0, quality + change));
  }

  /** Accounts for the bit rate of the frame just chosen. */
  record(bitrate: number): void {
    this.drift += bitrate - this.target;
    this.drift2 = 0.95 * this.drift2 + 0.05 * (bitrate - this.target);
    this.count += 1;
  }
}
