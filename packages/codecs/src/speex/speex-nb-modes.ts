/**
 * Narrowband sub-modes (libspeex modes.c): what each 4-bit mode number in a
 * frame means. Mode 0 is silence/DTX (nothing after the mode bits).
 */
import {
  exc5_64Table,
  exc5_256Table,
  exc8_128Table,
  exc10_16Table,
  exc10_32Table,
  exc20_32Table,
} from './speex-exc-tables.js';
import { gainCdbkLbr, gainCdbkNb } from './speex-lsp-gain-tables.js';

/** Frame geometry of the narrowband codec (8 kHz, 20 ms). */
export const NB_FRAME_SIZE = 160;
export const NB_SUBFRAME_SIZE = 40;
export const NB_NB_SUBFRAMES = 4;
export const NB_ORDER = 10;
export const NB_PITCH_START = 17;
export const NB_PITCH_END = 144;

/** Long-term predictor parameters: 3-tap gain codebook and pitch field width. */
export interface LtpParams {
  readonly gainCdbk: Int8Array;
  readonly gainBits: number;
  readonly pitchBits: number;
}

/** Split-VQ innovation codebook parameters. */
export interface SplitCbParams {
  readonly subvectSize: number;
  readonly nbSubvect: number;
  readonly shapeCb: Int8Array;
  readonly shapeBits: number;
  readonly haveSign: boolean;
}

/** One narrowband sub-mode. */
export interface NbSubmode {
  /** -1: full pitch per sub-frame; otherwise one open-loop pitch per frame with +-margin (0: fixed). */
  readonly lbrPitch: number;
  /** One forced pitch gain per frame (modes 1 and 8). */
  readonly forcedPitchGain: boolean;
  /** Bits of per-sub-frame innovation gain correction (0, 1 or 3). */
  readonly subframeGainBits: number;
  /** A second innovation codebook pass (mode 7). */
  readonly doubleCodebook: boolean;
  /** LSP quantiser: 'nb' (30 bits) or 'lbr' (18 bits). */
  readonly lsp: 'nb' | 'lbr';
  /** Long-term predictor, or undefined for the forced-pitch modes. */
  readonly ltp?: LtpParams;
  /** Innovation codebook, or undefined for noise (mode 1). */
  readonly innovation?: SplitCbParams;
  /** Gain of the enhancer's comb filter. */
  readonly combGain: number;
  readonly bitsPerFrame: number;
}

const ltpNb: LtpParams = { gainCdbk: gainCdbkNb, gainBits: 7, pitchBits: 7 };
const ltpVlbr: LtpParams = { gainCdbk: gainCdbkLbr, gainBits: 5, pitchBits: 0 };
const ltpLbr: LtpParams = { gainCdbk: gainCdbkLbr, gainBits: 5, pitchBits: 7 };

const cb = (
  subvectSize: number,
  nbSubvect: number,
  shapeCb: Int8Array,
  shapeBits: number,
): SplitCbParams => ({
  subvectSize,
  nbSubvect,
  shapeCb,
  shapeBits,
  haveSign: false,
});

/** The split-VQ codebook of the low band in wideband sub-mode 6 (also used by the high band). */
export const splitCbSb = cb(5, 8, exc5_256Table, 8);
const splitCbNb = cb(5, 8, exc5_64Table, 6);

/** Sub-modes 0..15 (undefined: not a valid speech mode). */
export const NB_SUBMODES: readonly (NbSubmode | undefined)[] = [
  undefined,
  {
    lbrPitch: 0,
    forcedPitchGain: true,
    subframeGainBits: 0,
    doubleCodebook: false,
    lsp: 'lbr',
    combGain: -1,
    bitsPerFrame: 43,
  },
  {
    lbrPitch: 0,
    forcedPitchGain: false,
    subframeGainBits: 0,
    doubleCodebook: false,
    lsp: 'lbr',
    ltp: ltpVlbr,
    innovation: cb(10, 4, exc10_16Table, 4),
    combGain: 0.6,
    bitsPerFrame: 119,
  },
  {
    lbrPitch: -1,
    forcedPitchGain: false,
    subframeGainBits: 1,
    doubleCodebook: false,
    lsp: 'lbr',
    ltp: ltpLbr,
    innovation: cb(10, 4, exc10_32Table, 5),
    combGain: 0.55,
    bitsPerFrame: 160,
  },
  {
    lbrPitch: -1,
    forcedPitchGain: false,
    subframeGainBits: 1,
    doubleCodebook: false,
    lsp: 'lbr',
    ltp: ltpLbr,
    innovation: cb(8, 5, exc8_128Table, 7),
    combGain: 0.45,
    bitsPerFrame: 220,
  },
  {
    lbrPitch: -1,
    forcedPitchGain: false,
    subframeGainBits: 3,
    doubleCodebook: false,
    lsp: 'nb',
    ltp: ltpNb,
    innovation: splitCbNb,
    combGain: 0.25,
    bitsPerFrame: 300,
  },
  {
    lbrPitch: -1,
    forcedPitchGain: false,
    subframeGainBits: 3,
    doubleCodebook: false,
    lsp: 'nb',
    ltp: ltpNb,
    innovation: splitCbSb,
    combGain: 0.15,
    bitsPerFrame: 364,
  },
  {
    lbrPitch: -1,
    forcedPitchGain: false,
    subframeGainBits: 3,
    doubleCodebook: true,
    lsp: 'nb',
    ltp: ltpNb,
    innovation: splitCbNb,
    combGain: 0.05,
    bitsPerFrame: 492,
  },
  {
    lbrPitch: 0,
    forcedPitchGain: true,
    subframeGainBits: 0,
    doubleCodebook: false,
    lsp: 'lbr',
    innovation: cb(20, 2, exc20_32Table, 5),
    combGain: 0.5,
    bitsPerFrame: 79,
  },
];

/** Narrowband sub-mode for each quality 0..10. */
export const NB_QUALITY_MAP = [1, 8, 2, 3, 3, 4, 4, 5, 5, 6, 7] as const;
