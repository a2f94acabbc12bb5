/**
 * A small deterministic random source for tests (mulberry32): the same seed
 * gives the same sequence, so loss patterns in tests are reproducible.
 */

/** Returns a function giving numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random bytes from a seeded source, shaped like the stack's injectable `random` option. */
export function seededBytes(seed: number): (count: number) => Uint8Array {
  const next = seededRandom(seed);
  return (count) => {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) out[i] = Math.floor(next() * 256);
    return out;
  };
}
