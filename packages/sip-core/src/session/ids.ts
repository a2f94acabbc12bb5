/**
 * Identifiers a session makes: Call-IDs (RFC 3261 8.1.1.4), tags (19.3),
 * branches (8.1.1.7) and first CSeq numbers (8.1.1.5), from injected
 * randomness so tests are deterministic.
 */
import { randomBytes } from 'node:crypto';

/** Returns `bytes` random bytes. */
export type SessionRandom = (bytes: number) => Uint8Array;

/** The default source of randomness (node:crypto). */
export const cryptoSessionRandom: SessionRandom = (bytes) => new Uint8Array(randomBytes(bytes));

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function token(random: SessionRandom, n: number): string {
  let s = '';
  for (const x of random(n)) s += URL_SAFE[x & 63];
  return s;
}

/** 96 random bits after the magic cookie. */
export const newBranch = (random: SessionRandom): string => `z9hG4bK${token(random, 16)}`;
/** 96 random bits. */
export const newTag = (random: SessionRandom): string => token(random, 16);
/** 144 random bits, no host name. */
export const newCallId = (random: SessionRandom): string => token(random, 24);

/** A first CSeq number in [1, 2**28]: below 2**31 with room to grow (8.1.1.5). */
export function initialCSeq(random: SessionRandom): number {
  const b = random(4);
  return ((((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) % 0x10000000) + 1;
}

/** A first RSeq in [1, 2**31 - 1] (RFC 3262 3), well below the top so it can grow. */
export function initialRSeq(random: SessionRandom): number {
  const b = random(4);
  return ((((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) % 0x40000000) + 1;
}
