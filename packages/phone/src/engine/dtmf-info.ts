/**
 * DTMF in SIP INFO with `application/dtmf-relay` (the de facto format of
 * Cisco and most PBXs, as Twinkle sends it: `Signal=5` and `Duration=100`
 * lines). The parser takes network input: it returns undefined, never throws.
 */

export const DTMF_RELAY = 'application/dtmf-relay';

const DIGITS = /^[0-9*#A-Da-d]$/;

/** True for a key DTMF can carry. */
export const isDtmfDigit = (d: string): boolean => DIGITS.test(d);

/** The body of an INFO carrying one key. */
export function dtmfRelayBody(digit: string, durationMs: number): string {
  return `Signal=${digit}\r\nDuration=${Math.round(durationMs)}\r\n`;
}

/** The key of a dtmf-relay body, or undefined when it has none we know. */
export function parseDtmfRelay(body: string): { digit: string; durationMs: number | undefined } | undefined {
  let digit: string | undefined;
  let durationMs: number | undefined;
  for (const line of body.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    if (key === 'signal') {
      // RFC 4733 event numbers 10 and 11 are * and #; some phones send them so.
      const d = value === '10' ? '*' : value === '11' ? '#' : value;
      if (isDtmfDigit(d)) digit = d.toUpperCase();
    } else if (key === 'duration') {
      const n = Number.parseInt(value, 10);
      if (Number.isFinite(n) && n >= 0) durationMs = n;
    }
  }
  return digit === undefined ? undefined : { digit, durationMs };
}
