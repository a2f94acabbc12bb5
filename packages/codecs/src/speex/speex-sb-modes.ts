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
