/**
 * SRV target ordering (RFC 2782, "Usage rules"): ascending priority; within a
 * priority, a weighted random order where zero-weight records come first and
 * have a small chance to be picked before the others.
 */
import type { SrvRecord } from './dns-resolver.js';

/** A random number in [0, 1), injected so that tests are deterministic. */
export type UniformRandom = () => number;

/** The records in the order to try them (a new array; the input is untouched). */
export function orderSrvRecords(
  records: readonly SrvRecord[],
  random: UniformRandom = Math.random,
): SrvRecord[] {
  const byPriority = new Map<number, SrvRecord[]>();
  for (const r of records) {
    const list = byPriority.get(r.priority);
    if (list === undefined) byPriority.set(r.priority, [r]);
    else list.push(r);
  }
  const out: SrvRecord[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    // RFC 2782: place the zero-weight records at the beginning of the unordered list.
    const pending = byPriority
      .get(priority)!
      .sort((a, b) => (a.weight === 0 ? 0 : 1) - (b.weight === 0 ? 0 : 1));
    while (pending.length > 0) {
      let total = 0;
      for (const r of pending) total += r.weight;
      // The first record whose running sum reaches a uniform number is chosen.
      // With zero-weight records the number is in [0, total], so they keep a
      // 1/(total+1) chance; else in [1, total], which gives exact proportions
      // (RFC 2782's [0, total] would favour the first record by one unit).
      const low = pending[0]!.weight === 0 ? 0 : 1;
      const pick = Math.min(total, low + Math.floor(random() * (total + 1 - low)));
      let sum = 0;
      let chosen = pending.length - 1;
      for (let i = 0; i < pending.length; i++) {
        sum += pending[i]!.weight;
        if (sum >= pick) {
          chosen = i;
          break;
        }
      }
      out.push(pending[chosen]!);
      pending.splice(chosen, 1);
    }
  }
  return out;
}
