/** Constant tables of ITU-T G.722 (11/88 and later), section 6.2 and tables 11 to 19. */

/** Lower-band quantizer decision levels (table 14, Q6 column), scaled by 8. */
// biome-ignore format: a table reads best packed
export const Q6 = Int32Array.of(
  0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940, 1023, 1121,
  1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919,
);
/** 6-bit codes for negative (ILN) and positive (ILP) differences by quantizer interval. */
// biome-ignore format: a table reads best packed
export const ILN = Int32Array.of(
  0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7,
  6, 5, 4, 0,
);
// biome-ignore format: a table reads best packed
export const ILP = Int32Array.of(
  0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36,
  35, 34, 33, 32, 0,
);
/** Lower-band log scale factor multipliers (table 15, WL) indexed through RL42. */
// biome-ignore format: a table reads best packed
export const WL = Int32Array.of(
  -60, -30, 58, 172, 334, 538, 1198, 3042,
);
// biome-ignore format: a table reads best packed
export const RL42 = Int32Array.of(
  0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0,
);
/** Scale factor anti-log table (table 17, ILB). */
// biome-ignore format: a table reads best packed
export const ILB = Int32Array.of(
  2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834, 2896, 2960,
  3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
);
/** Inverse quantizer outputs for 4-, 5- and 6-bit lower-band codes (tables 13 and 14). */
// biome-ignore format: a table reads best packed
export const QM4 = Int32Array.of(
  0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0,
);
// biome-ignore format: a table reads best packed
export const QM5 = Int32Array.of(
  -280, -280, -23352, -17560, -14120, -11664, -9752, -8184, -6864, -5712, -4696, -3784, -2960, -2208, -1520,
  -880, 23352, 17560, 14120, 11664, 9752, 8184, 6864, 5712, 4696, 3784, 2960, 2208, 1520, 880, 280, -280,
);
// biome-ignore format: a table reads best packed
export const QM6 = Int32Array.of(
  -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360,
  -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688,
  -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192,
  6576, 6000, 5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432,
  -136,
);
/** Higher band: inverse quantizer (table 12), codes, log scale factor multipliers (table 16). */
// biome-ignore format: a table reads best packed
export const QM2 = Int32Array.of(
  -7408, -1616, 7408, 1616,
);
// biome-ignore format: a table reads best packed
export const IHN = Int32Array.of(
  0, 1, 0,
);
// biome-ignore format: a table reads best packed
export const IHP = Int32Array.of(
  0, 3, 2,
);
// biome-ignore format: a table reads best packed
export const WH = Int32Array.of(
  0, -214, 798,
);
// biome-ignore format: a table reads best packed
export const RH2 = Int32Array.of(
  2, 1, 2, 1,
);

/**
 * QMF coefficients (table 11), h0..h23. The filter is symmetric (h(i) = h(23-i))
 * and sums to 8192.
 */
// biome-ignore format: a table reads best packed
export const QMF = Int32Array.of(
  3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876, 3876, 951, -805, -210, 362, 32, -156, 12, 53,
  -11, -11, 3,
);
