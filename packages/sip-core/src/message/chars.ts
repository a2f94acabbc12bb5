/** Character classes of RFC 3261 section 25.1, as lookup tables over char codes. */

const table = (chars: string, ranges: readonly [number, number][] = []): Uint8Array => {
  const t = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  for (const [lo, hi] of ranges) for (let c = lo; c <= hi; c++) t[c] = 1;
  return t;
};

const ALNUM: readonly [number, number][] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x61, 0x7a],
];

/** `token` (section 25.1): alphanum and `-.!%*_+\`'~`. */
const TOKEN = table("-.!%*_+`'~", ALNUM);

/**
 * For each ASCII code: its lower-case form when it is a token char, else 0.
 * One lookup both checks a header name char and folds its case.
 */
export const TOKEN_LOWER: Uint8Array = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (TOKEN[c] === 1) t[c] = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  return t;
})();

/** Whether the char code belongs to `token`. */
export const isTokenChar = (c: number): boolean => c < 128 && TOKEN[c] === 1;

/** Whether `text[start, end)` is a non-empty token. */
export function isToken(text: string, start = 0, end = text.length): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || TOKEN[c] !== 1) return false;
  }
  return true;
}

export const SP = 0x20;
export const HT = 0x09;
export const CR = 0x0d;
export const LF = 0x0a;

export const isWsp = (c: number): boolean => c === SP || c === HT;

/** ASCII lower-casing of one char code (header names are ASCII tokens). */
export const lowerCode = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
