/**
 * Sub-band (wideband and ultra-wideband) layer modes (libspeex modes_wb.c):
 * the high band is coded with an order-8 LPC and either "folded" low-band
 * innovation (sub-mode 1) or its own split-VQ codebook (2 to 4).
 */
import { hexc10_32Table, hexcTable } from './speex-exc-tables.js';
import type { SplitCbParams } from './speex-nb-modes.js';

/** One high-band sub-mode. */
export interface SbSubmode {
  /** Innovation codebook; undefined: spectral folding of the low-band innovation. */
  readonly innovation?: SplitCbParams;
  readonly doubleCodebook: boolean;
  readonly bitsPerFrame: number;
}

const splitCbHigh: SplitCbParams = {
  subvectSize: 8,
  nbSubvect: 5,
  shapeCb: hexcTable,
  shapeBits: 7,
  haveSign: true,
};
const splitCbHighLbr: SplitCbParams = {
  subvectSize: 10,
  nbSubvect: 4,
  shapeCb: hexc10_32Table,
  shapeBits: 5,
  haveSign: false,
};

const sb1: SbSubmode = { doubleCodebook: false, bitsPerFrame: 36 };

/** A sub-band layer: geometry of its half of the band and its sub-modes. */
export interface SbMode {
  /** Samples per frame in the high band (= in the low band). */
  readonly frameSize: number;
  readonly subframeSize: number;
  readonly lpcSize: number;
  readonly gamma1: number;
  readonly gamma2: number;
  readonly foldingGain: number;
  readonly submodes: readonly (SbSubmode | undefined)[];
  readonly defaultSubmode: number;
  /** Low-band quality for each quality 0..10. */
  readonly lowQualityMap: readonly number[];
  /** High-band sub-mode for each quality 0..10. */
  readonly qualityMap: readonly number[];
}

/** Wideband: 16 kHz = narrowband low band + this layer. */
export const SB_WB_MODE: SbMode = {
  frameSize: 160,
  subframeSize: 40,
  lpcSize: 8,
  gamma1: 0.9,
  gamma2: 0.6,
  foldingGain: 0.9,
  submodes: [
    undefined,
    sb1,
    { innovation: splitCbHighLbr, doubleCodebook: false, bitsPerFrame: 112 },
    { innovation: splitCbHigh, doubleCodebook: false, bitsPerFrame: 192 },
    { innovation: splitCbHigh, doubleCodebook: true, bitsPerFrame: 352 },
    undefined,
    undefined,
    undefined,
  ],
  defaultSubmode: 3,
  lowQualityMap: [1, 8, 2, 3, 4, 5, 5, 6, 6, 7, 7],
  qualityMap: [1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 4],
};

/** Ultra-wideband: 32 kHz = wideband low band + this layer (folding only). */
export const SB_UWB_MODE: SbMode = {
  frameSize: 320,
  subframeSize: 80,
  lpcSize: 8,
  gamma1: 0.9,
  gamma2: 0.6,
  foldingGain: 0.7,
  submodes: [undefined, sb1, undefined, undefined, undefined, undefined, undefined, undefined],
  defaultSubmode: 1,
  lowQualityMap: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  qualityMap: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
};

/** High-band gain codebook (libspeex gc_quant_bound, float). */
export const GC_QUANT_BOUND = Float32Array.of(
  0.97979,
  1.28384,
  1.68223,
  2.20426,
  2.88829,
  3.78458,
  4.959,
  6.49787,
  8.51428,
  11.15642,
  14.61846,
  19.15484,
  25.09895,
  32.88761,
  43.09325,
  56.46588,
);

/** Folding gain quantiser boundaries (libspeex fold_quant_bound, float). */
export const FOLD_QUANT_BOUND = Float32Array.of(
  0.30498,
  0.34559,
  0.39161,
  0.44375,
  0.50283,
  0.56979,
  0.64565,
  0.73162,
  0.82903,
  0.93942,
  1.0645,
  1.20624,
  1.36685,
  1.54884,
  1.75506,
  1.98875,
  2.25355,
  2.5536,
  2.89361,
  3.27889,
  3.71547,
  4.21018,
  4.77076,
  5.40598,
  6.12577,
  6.94141,
  7.86565,
  8.91295,
  10.09969,
  11.44445,
  12.96826,
  14.69497,
);
