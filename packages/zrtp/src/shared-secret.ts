import type { HashType } from './algorithms.js';
import { bytesEqual } from './bytes.js';
import type { CacheEntry } from './cache.js';
import { secretId } from './kdf.js';

type Role = 'initiator' | 'responder';
const label = (r: Role) => (r === 'initiator' ? 'Initiator' : 'Responder');

/**
 * The rs1ID and rs2ID this endpoint puts in its DHPart (section 4.3.1): MACs of its
 * retained secrets keyed for its role, or random values when it has none.
 */
export function ownSecretIds(
  h: HashType,
  entry: CacheEntry | undefined,
  role: Role,
  random: (n: number) => Uint8Array,
): { rs1Id: Uint8Array; rs2Id: Uint8Array } {
  return {
    rs1Id: entry?.rs1 ? secretId(h, entry.rs1, label(role)) : random(8),
    rs2Id: entry?.rs2 ? secretId(h, entry.rs2, label(role)) : random(8),
  };
}

/**
 * Picks s1 from the retained secrets (section 4.3.1). Both ends test the same four pairs
 * in the same order, named by role: initiator's rs1 against responder's rs1, initiator's
 * rs1 against responder's rs2, initiator's rs2 against responder's rs1, then rs2 against
 * rs2; the first match wins. When a cache entry exists and nothing matches, that is the
 * cache mismatch of section 4.3.2.
 */
export function chooseS1(
  h: HashType,
  entry: CacheEntry | undefined,
  myRole: Role,
  peerIds: { rs1Id: Uint8Array; rs2Id: Uint8Array },
): { s1: Uint8Array | undefined; mismatch: boolean } {
  const mine = [entry?.rs1, entry?.rs2];
  const theirs = [peerIds.rs1Id, peerIds.rs2Id];
  const peerLabel = myRole === 'initiator' ? 'Responder' : 'Initiator';
  const pairs: readonly (readonly [number, number])[] = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ];
  for (const [i, r] of pairs) {
    // (i, r): the initiator's secret i against the responder's secret r.
    const my = myRole === 'initiator' ? i : r;
    const peer = myRole === 'initiator' ? r : i;
    const s = mine[my];
    if (s && bytesEqual(secretId(h, s, peerLabel), theirs[peer]!)) return { s1: s, mismatch: false };
  }
  return { s1: undefined, mismatch: entry?.rs1 !== undefined };
}
