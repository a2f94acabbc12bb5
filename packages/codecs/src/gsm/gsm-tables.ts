/** Constant tables of GSM 06.10 (ETSI EN 300 961, section 5.4, tables 4.1 to 4.6). */

/** LTP gain decision levels (table 4.3a). */
export const DLB: readonly number[] = [6554, 16384, 26214, 32767];
/** LTP gain quantisation levels (table 4.3b). */
export const QLB: readonly number[] = [3277, 11469, 21299, 32767];
/** Inverse of the RPE mantissa (table 4.5). */
export const NRFAC: readonly number[] = [29128, 26215, 23832, 21846, 20165, 18725, 17476, 16384];
/** Normalized direct RPE mantissa (table 4.6). */
export const FAC: readonly number[] = [18431, 20479, 22527, 24575, 26623, 28671, 30719, 32767];

/** LAR quantizer per coefficient (table 4.1): A, B, MIC, MAC. */
export const LAR_A: readonly number[] = [20480, 20480, 20480, 20480, 13964, 15360, 8534, 9036];
export const LAR_B: readonly number[] = [0, 0, 2048, -2560, 94, -1792, -341, -1144];
export const LAR_MIC: readonly number[] = [-32, -32, -16, -16, -8, -8, -4, -4];
export const LAR_MAC: readonly number[] = [31, 31, 15, 15, 7, 7, 3, 3];
/** 1/A of table 4.2, for decoding the LARs. */
export const LAR_INVA: readonly number[] = [13107, 13107, 13107, 13107, 19223, 17476, 31454, 29708];

/** Bits per LAR in the frame (RFC 3551 section 4.5.8, table 2). */
export const LAR_BITS: readonly number[] = [6, 6, 5, 5, 4, 4, 3, 3];
