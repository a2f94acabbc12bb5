import { designLowpass, kaiserLength } from './kaiser-filter.js';

/**
 * `'default'`: passband to 85% of the lower rate's Nyquist frequency, stopband
 * from that Nyquist frequency on, designed for 90 dB. `'low-latency'`: passband
 * to 75%, designed for 60 dB, about a third of the taps and of the delay.
 */
export type ResamplerQuality = 'default' | 'low-latency';

export interface ResamplerOptions {
  /** Input sample rate in Hz (a positive integer). */
  readonly inputRate: number;
  /** Output sample rate in Hz (a positive integer). */
  readonly outputRate: number;
  readonly quality?: ResamplerQuality;
}

/** Design targets per quality, relative to the lower rate's Nyquist frequency. */
export const RESAMPLER_DESIGNS: Readonly<
  Record<ResamplerQuality, { passband: number; stopband: number; attenuationDb: number }>
> = {
  default: { passband: 0.85, stopband: 1, attenuationDb: 90 },
  'low-latency': { passband: 0.75, stopband: 1, attenuationDb: 60 },
};

/** Input samples converted per inner pass; bounds the working buffer. */
const CHUNK = 1024;
/** Largest interpolation factor accepted (44100 -> 48000 needs 160). */
const MAX_UP = 512;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Streaming rational sample-rate converter: a polyphase windowed-sinc (Kaiser)
 * filter that interpolates by L and decimates by M without computing the
 * samples it would throw away. State carries across calls, so a stream may be
 * fed in blocks of any size, and nothing is allocated per block.
 */
export class Resampler {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Interpolation factor L and decimation factor M (output/input = L/M, in lowest terms). */
  readonly up: number;
  readonly down: number;
  /** The prototype low-pass filter, running at inputRate * L, with unit gain at DC. */
  readonly filter: Float64Array;
  /** Group delay of the filter in output samples: an input event appears this much later. */
  readonly delay: number;
  /** Taps per polyphase branch. */
  private readonly taps: number;
  /** Branch p's taps, reversed and scaled by L, at [p * taps, (p + 1) * taps). */
  private readonly branches: Float64Array;
  /** taps-1 samples of history followed by up to CHUNK new samples. */
  private readonly buf: Float64Array;
  /** Index in `buf` of the newest input sample the next output needs. */
  private idx: number;
  /** Polyphase branch of the next output (0 .. L-1). */
  private phase = 0;
  /** Pure decimation (L = 1): one symmetric branch, folded in the inner loop. */
  private readonly folded: boolean;

  constructor(options: ResamplerOptions) {
    const { inputRate, outputRate } = options;
    if (!Number.isInteger(inputRate) || !Number.isInteger(outputRate) || inputRate <= 0 || outputRate <= 0) {
      throw new RangeError('sample rates must be positive integers');
    }
    const g = gcd(inputRate, outputRate);
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.up = outputRate / g;
    this.down = inputRate / g;
    if (this.up > MAX_UP)
      throw new RangeError(`ratio ${outputRate}/${inputRate} needs too many filter phases`);

    const quality = options.quality ?? 'default';
    if (!Object.hasOwn(RESAMPLER_DESIGNS, quality)) {
      throw new RangeError(`unknown resampler quality ${String(quality)}`);
    }
    const design = RESAMPLER_DESIGNS[quality];
    const rate = inputRate * this.up;
    const nyquist = Math.min(inputRate, outputRate) / 2;
    const passband = (design.passband * nyquist) / rate;
    const stopband = (design.stopband * nyquist) / rate;
    // Pure decimation uses the filter's symmetry (two samples per multiply), which
    // wants a length that is a multiple of 8; a few more taps only help.
    this.folded = this.up === 1 && this.down > 1;
    const estimate = kaiserLength(design.attenuationDb, stopband - passband);
    this.filter =
      this.up === 1 && this.down === 1
        ? Float64Array.of(1)
        : designLowpass({
            passband,
            stopband,
            attenuationDb: design.attenuationDb,
            ...(this.folded ? { taps: Math.ceil(estimate / 8) * 8 } : {}),
          });
    const n = this.filter.length;
    // Rounded up to a multiple of 4 for the unrolled inner loop; the extra taps are zeros.
    const taps = Math.ceil(Math.ceil(n / this.up) / 4) * 4;
    this.taps = taps;
    this.branches = new Float64Array(taps * this.up);
    for (let p = 0; p < this.up; p++) {
      for (let k = 0; k < taps; k++) {
        const i = k * this.up + p;
        this.branches[p * taps + (taps - 1 - k)] = i < n ? this.filter[i]! * this.up : 0;
      }
    }
    this.delay = (n - 1) / 2 / this.down;
    this.buf = new Float64Array(taps - 1 + CHUNK);
    this.idx = taps - 1;
  }

  /** Exactly how many samples the next `process` call gives for `inputLength` samples. */
  outputLength(inputLength: number): number {
    const t = (this.idx - (this.taps - 1)) * this.up + this.phase;
    const end = inputLength * this.up;
    return t < end ? Math.ceil((end - t) / this.down) : 0;
  }

  /**
   * Converts `input` and writes the result to `output`, which must hold at
   * least `outputLength(input.length)` samples. Returns the samples written.
   */
  process(input: Int16Array, output: Int16Array): number {
    const need = this.outputLength(input.length);
    if (output.length < need) throw new RangeError(`output needs ${need} samples, has ${output.length}`);
    const { buf, branches, taps, up, down } = this;
    const hist = taps - 1;
    let idx = this.idx;
    let phase = this.phase;
    let written = 0;
    for (let pos = 0; pos < input.length; ) {
      const c = Math.min(CHUNK, input.length - pos);
      for (let j = 0; j < c; j++) buf[hist + j] = input[pos + j]!;
      const filled = hist + c;
      while (idx < filled) {
        const start = idx - hist;
        const y = Math.round(
          this.folded ? foldedDot(branches, buf, start, taps) : dot(branches, phase * taps, buf, start, taps),
        );
        output[written++] = y > 32767 ? 32767 : Math.max(y, -32768);
        phase += down;
        while (phase >= up) {
          phase -= up;
          idx++;
        }
      }
      buf.copyWithin(0, c, filled);
      idx -= c;
      pos += c;
    }
    this.idx = idx;
    this.phase = phase;
    return written;
  }

  /** Forgets the history, as if newly created. */
  reset(): void {
    this.buf.fill(0);
    this.idx = this.taps - 1;
    this.phase = 0;
  }
}

/** Dot product of taps coefficients at c[base..] with x[start..]; four partial sums so the additions overlap. */
function dot(c: Float64Array, base: number, x: Float64Array, start: number, taps: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  for (let k = 0; k < taps; k += 4) {
    a0 += c[base + k]! * x[start + k]!;
    a1 += c[base + k + 1]! * x[start + k + 1]!;
    a2 += c[base + k + 2]! * x[start + k + 2]!;
    a3 += c[base + k + 3]! * x[start + k + 3]!;
  }
  return a0 + a1 + (a2 + a3);
}

/** The same for a symmetric filter (c[k] = c[taps-1-k], taps a multiple of 8): one multiply per pair. */
function foldedDot(c: Float64Array, x: Float64Array, start: number, taps: number): number {
  const end = start + taps - 1;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  for (let k = 0; k < taps >> 1; k += 4) {
    a0 += c[k]! * (x[start + k]! + x[end - k]!);
    a1 += c[k + 1]! * (x[start + k + 1]! + x[end - k - 1]!);
    a2 += c[k + 2]! * (x[start + k + 2]! + x[end - k - 2]!);
    a3 += c[k + 3]! * (x[start + k + 3]! + x[end - k - 3]!);
  }
  return a0 + a1 + (a2 + a3);
}
