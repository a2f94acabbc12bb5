import { createHmac } from 'node:crypto';
import { sha256 } from './algorithms.js';
import { bytesEqual } from './bytes.js';

/**
 * The hash chain H0..H3 (RFC 6189 section 9): H0 is random, each next image is its SHA-256.
 * Hello carries H3, Commit H2, DHPart H1, Confirm H0; each message's MAC is keyed with the
 * image revealed in the next message, so the peer checks it one step later.
 */
export interface HashChain {
  readonly h0: Uint8Array;
  readonly h1: Uint8Array;
  readonly h2: Uint8Array;
  readonly h3: Uint8Array;
}

/** The chain from a 256-bit H0. */
export function hashChain(h0: Uint8Array): HashChain {
  const h1 = sha256(h0);
  const h2 = sha256(h1);
  return { h0, h1, h2, h3: sha256(h2) };
}

const mac = (key: Uint8Array, message: Uint8Array): Uint8Array =>
  new Uint8Array(
    createHmac('sha256', key)
      .update(message.subarray(0, message.length - 8))
      .digest(),
  ).slice(0, 8);

/** Fills the trailing 64-bit MAC of a Hello, Commit or DHPart message (section 5.2, 5.4, 5.5). */
export function setMac(message: Uint8Array, key: Uint8Array): Uint8Array {
  message.set(mac(key, message), message.length - 8);
  return message;
}

/** Checks the trailing MAC of a message received earlier against the key revealed now. */
export function macValid(message: Uint8Array, key: Uint8Array): boolean {
  return message.length >= 8 && bytesEqual(mac(key, message), message.subarray(message.length - 8));
}
