/**
 * The secure tap (secure-tap.ts) for calls keyed by SDES: nothing else intercepts the RTP
 * port then, so the tap installs a filter of its own that only looks (returns false) and
 * every datagram of the port is judged: plain RTP before the keys, SRTP that decrypts under
 * the receive key after them, or not.
 */
import type { MediaFactory } from '../../../src/index.js';
import { type SecureTap, tappedFactory } from './secure-tap.js';

export function sdesTappedFactory(
  factory: MediaFactory,
  current: () => SecureTap,
  graceMs = 300,
): MediaFactory {
  const inner = tappedFactory(factory, current, graceMs);
  return {
    async open(request) {
      const port = await inner.open(request);
      port.secure?.intercept(() => false);
      return port;
    },
  };
}
