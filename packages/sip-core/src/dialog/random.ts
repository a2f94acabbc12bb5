/**
 * Identifiers the UA core and dialogs make: branches (RFC 3261 8.1.1.7),
 * tags (19.3) and Call-IDs (8.1.1.4). Randomness is injected so tests can
 * make them deterministic.
 */
import { randomBytes } from 'node:crypto';

/** Returns `bytes` random bytes. Default: node:crypto. */
export type RandomBytes = (bytes: number) => Uint8Array;

/** The default source of randomness (node:crypto). */
export const cryptoRandomBytes: RandomBytes = (bytes) => new Uint8Array(randomBytes(bytes));

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `bytes` random bytes as URL-safe characters (6 bits each): token and word safe. */
export function makeToken(random: RandomBytes, bytes: number): string {
  const b = random(bytes);
  let s = '';
  for (const x of b) s += URL_SAFE[x & 63];
  return s;
}

/** A fresh branch: the magic cookie and 96 random bits (RFC 3261 8.1.1.7 asks for uniqueness). */
export const makeBranch = (random: RandomBytes): string => `z9hG4bK${makeToken(random, 16)}`;

/** A fresh tag: 96 random bits (RFC 3261 19.3 asks for at least 32). */
export const makeTag = (random: RandomBytes): string => makeToken(random, 16);

/** A fresh Call-ID: 144 random bits, globally unique without revealing a host name. */
export const makeCallId = (random: RandomBytes): string => makeToken(random, 24);

/** A first CSeq number, below 2**31 (RFC 3261 8.1.1.5). */
export function initialCSeq(random: RandomBytes): number {
  const b = random(4);
  // 2**31 - 1 at most; keep well clear of it so a long dialog never wraps.
  return ((((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) % 0x10000000) + 1;
}
