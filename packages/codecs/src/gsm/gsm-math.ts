/**
 * Fixed-point primitives of GSM 06.10 (ETSI EN 300 961, section 5.1). Words are
 * 16-bit, long words 32-bit; additions saturate. The functions take and return
 * plain numbers holding integers, so V8 keeps them as small integers.
 */

export const MIN_WORD = -32768;
export const MAX_WORD = 32767;
const MIN_LONG = -2147483648;
const MAX_LONG = 2147483647;

/** Saturating 16-bit addition (`add`). */
export function add(a: number, b: number): number {
  const s = a + b;
  return s > MAX_WORD ? MAX_WORD : Math.max(s, MIN_WORD);
}

/** Saturating 16-bit subtraction (`sub`). */
export function sub(a: number, b: number): number {
  const s = a - b;
  return s > MAX_WORD ? MAX_WORD : Math.max(s, MIN_WORD);
}

/** Saturating 32-bit addition (`L_add`). */
export function addL(a: number, b: number): number {
  const s = a + b;
  return s > MAX_LONG ? MAX_LONG : Math.max(s, MIN_LONG);
}

/** `mult`: (a*b) >> 15, with the one overflow case -1 * -1 mapped to MAX_WORD. */
export function mult(a: number, b: number): number {
  if (a === MIN_WORD && b === MIN_WORD) return MAX_WORD;
  return (a * b) >> 15;
}

/** `mult_r`: rounded (a*b) >> 15. Callers keep the operands off -1 * -1 (as the ETSI code asserts). */
export function multR(a: number, b: number): number {
  return (a * b + 16384) >> 15;
}

/** `abs` with the saturation of -32768 to 32767. */
export function absW(a: number): number {
  return a < 0 ? (a === MIN_WORD ? MAX_WORD : -a) : a;
}

/** Truncates to a signed 16-bit word, as storing into a C `short` does. */
export function toWord(a: number): number {
  return (a << 16) >> 16;
}

/**
 * `norm`: the left shift that brings a non-zero 32-bit value into
 * [2^30, 2^31) (or [-2^31, -2^30) for negative values).
 */
export function norm(a: number): number {
  if (a < 0) {
    if (a <= -1073741824) return 0;
    a = ~a;
  }
  return Math.clz32(a) - 1;
}

/** `div`: 15-bit fractional division num/denum for 0 <= num <= denum. */
export function div(num: number, denum: number): number {
  if (num === 0) return 0;
  let q = 0;
  let n = num;
  for (let k = 0; k < 15; k++) {
    q <<= 1;
    n <<= 1;
    if (n >= denum) {
      n -= denum;
      q++;
    }
  }
  return q;
}

/** Arithmetic shift right by a signed count, on a word (`asr`). */
export function asr(a: number, n: number): number {
  if (n >= 16) return a < 0 ? -1 : 0;
  if (n <= -16) return 0;
  if (n < 0) return toWord(a << -n);
  return a >> n;
}

/** Arithmetic shift left by a signed count, on a word (`asl`). */
export function asl(a: number, n: number): number {
  if (n >= 16) return 0;
  if (n <= -16) return a < 0 ? -1 : 0;
  if (n < 0) return asr(a, -n);
  return toWord(a << n);
}
