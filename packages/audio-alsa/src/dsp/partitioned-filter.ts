import type { RealFft } from './fft.js';

/**
 * The coefficients of a partitioned-block frequency-domain adaptive filter: one spectrum
 * of 2B points per partition of B taps. The far end's spectra live with the caller (two
 * filters share them); this holds the weights and the two operations on them.
 */
export class PartitionedFilter {
  readonly wr: Float64Array;
  readonly wi: Float64Array;
  readonly #p: number;
  readonly #bins: number;

  constructor(partitions: number, bins: number) {
    this.#p = partitions;
    this.#bins = bins;
    this.wr = new Float64Array(partitions * bins);
    this.wi = new Float64Array(partitions * bins);
  }

  /** Y = sum_k W_k X_k, where X_k is the far-end spectrum k blocks old (ring from `head`). */
  estimate(xr: Float64Array, xi: Float64Array, head: number, yr: Float64Array, yi: Float64Array): void {
    const bins = this.#bins;
    const p = this.#p;
    const wr = this.wr;
    const wi = this.wi;
    yr.fill(0);
    yi.fill(0);
    for (let part = 0; part < p; part++) {
      const xo = ((head + part) % p) * bins;
      const wo = part * bins;
      for (let k = 0; k < bins; k++) {
        const a = xr[xo + k]!;
        const c = xi[xo + k]!;
        const w = wr[wo + k]!;
        const z = wi[wo + k]!;
        yr[k] = yr[k]! + a * w - c * z;
        yi[k] = yi[k]! + a * z + c * w;
      }
    }
  }

  /**
   * W_k += constrain(conj(X_k) E) for every partition, E being the already normalised
   * error spectrum. The gradient constraint keeps each partition's impulse response to
   * its first B taps, so the filter stays a linear (not circular) convolution.
   * `t`, `gr`, `gi` are scratch (2B, bins, bins).
   */
  adapt(
    fft: RealFft,
    x: { readonly xr: Float64Array; readonly xi: Float64Array; readonly head: number },
    er: Float64Array,
    ei: Float64Array,
    scratch: { readonly t: Float64Array; readonly gr: Float64Array; readonly gi: Float64Array },
  ): void {
    const bins = this.#bins;
    const p = this.#p;
    const b = bins - 1;
    const { t, gr, gi } = scratch;
    const { xr, xi } = x;
    const wr = this.wr;
    const wi = this.wi;
    for (let part = 0; part < p; part++) {
      const xo = ((x.head + part) % p) * bins;
      const wo = part * bins;
      for (let k = 0; k < bins; k++) {
        const a = xr[xo + k]!;
        const c = -xi[xo + k]!; // conjugate
        gr[k] = a * er[k]! - c * ei[k]!;
        gi[k] = a * ei[k]! + c * er[k]!;
      }
      fft.inverse(gr, gi, t);
      t.fill(0, b);
      fft.forward(t, gr, gi);
      for (let k = 0; k < bins; k++) {
        wr[wo + k] = wr[wo + k]! + gr[k]!;
        wi[wo + k] = wi[wo + k]! + gi[k]!;
      }
    }
  }

  copyFrom(other: PartitionedFilter): void {
    this.wr.set(other.wr);
    this.wi.set(other.wi);
  }

  clear(): void {
    this.wr.fill(0);
    this.wi.fill(0);
  }
}
