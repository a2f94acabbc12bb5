import { fail, ok, type Result } from '../packet/result.js';

/**
 * One RFC 4733 §2.3 telephone-event payload block:
 * event (8 bits) | E (1) | R (1) | volume (6) | duration (16).
 */
export interface TelephoneEvent {
  /** event code, 0-255 (0-15 DTMF keys, 16 flash) */
  readonly event: number;
  /** E bit: the final packet(s) of the event */
  readonly end: boolean;
  /** power level in -dBm0, 0-63 (tones quieter than -55 dBm0 are not DTMF) */
  readonly volume: number;
  /** duration so far in RTP timestamp units, 0-65535 */
  readonly duration: number;
}

/** Length of one payload block. */
export const TELEPHONE_EVENT_LENGTH = 4;
/** The largest duration one event report can carry (RFC 4733 §2.5.1.3). */
export const MAX_EVENT_DURATION = 0xffff;

/** Writes one payload block into `out` at `offset` (4 bytes), or into a new array. */
export function encodeTelephoneEvent(e: TelephoneEvent, out = new Uint8Array(4), offset = 0): Uint8Array {
  out[offset] = e.event & 0xff;
  out[offset + 1] = (e.end ? 0x80 : 0) | (e.volume & 0x3f); // R bit: sent as 0
  out[offset + 2] = (e.duration >>> 8) & 0xff;
  out[offset + 3] = e.duration & 0xff;
  return out;
}

/**
 * Reads a telephone-event payload. RFC 2198 redundancy aside, a payload carries one block; a
 * longer one (some senders pad) is read from its first four bytes. Never throws.
 */
export function parseTelephoneEvent(payload: Uint8Array): Result<TelephoneEvent> {
  if (payload.length < TELEPHONE_EVENT_LENGTH) {
    return fail('short-payload', `telephone-event needs 4 bytes, got ${payload.length}`, payload.length);
  }
  return ok({
    event: payload[0]!,
    end: (payload[1]! & 0x80) !== 0,
    volume: payload[1]! & 0x3f,
    duration: (payload[2]! << 8) | payload[3]!,
  });
}
