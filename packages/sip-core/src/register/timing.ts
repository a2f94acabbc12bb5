/**
 * When to refresh and when to retry a registration.
 */

/**
 * Seconds after a 2xx at which the binding is refreshed: half the granted
 * lifetime for short ones, `margin` before expiry for long ones, i.e.
 * max(expires/2, expires - margin). With 3600 s and a 30 s margin this is
 * 3570 s, well before the binding lapses even when the refresh needs
 * retransmissions (Timer F is 32 s with the default T1).
 */
export const refreshDelaySeconds = (granted: number, marginSeconds: number): number =>
  Math.max(granted / 2, granted - marginSeconds);

/**
 * The wait before retry number `failures` (1 for the first failure), after
 * RFC 5626 section 4.5: the ceiling is min(max, base * 2^(failures - 1)) and
 * the wait is drawn uniformly between 50% and 100% of it, so that many
 * clients failing together do not retry together. `unit` is a number in
 * [0, 1) from the injected randomness.
 */
export function retryDelaySeconds(
  failures: number,
  baseSeconds: number,
  maxSeconds: number,
  unit: number,
): number {
  const ceiling = Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, failures - 1));
  return ceiling * (0.5 + 0.5 * unit);
}
