/**
 * RFC 4733 telephone-event negotiation: the fmtp lists the events a receiver
 * understands as values and ranges (`0-15,66,70`). Without an fmtp, section
 * 7.1.1 says the events 0-15 (the DTMF digits) are meant.
 */

/** Telephone-event settings for our side. */
export interface TelephoneEventOptions {
  /** Dynamic payload type to offer; 101 by default (Twinkle's). */
  readonly payloadType?: number;
  /** Events we support, in fmtp syntax; `0-15` by default. */
  readonly events?: string;
}

/** A negotiated telephone-event format in one direction. */
export interface TelephoneEventFormat {
  readonly payloadType: number;
  readonly clockRate: number;
  /** Events usable in this direction (the intersection), in fmtp syntax. */
  readonly events: string;
}

/** The events meant when an fmtp is absent: the DTMF digits and keys (RFC 4733 section 7.1.1). */
export const DEFAULT_EVENTS = '0-15';
/** The telephone-event payload type we offer unless told otherwise (Twinkle's default). */
export const DEFAULT_TELEPHONE_EVENT_PT = 101;

/** The set of event codes (0-255) an fmtp value lists; malformed items are skipped. */
export function parseEventList(fmtp: string | undefined): Set<number> {
  const out = new Set<number>();
  for (const item of (fmtp ?? DEFAULT_EVENTS).split(',')) {
    const m = /^\s*(\d{1,3})(?:\s*-\s*(\d{1,3}))?\s*$/.exec(item);
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let e = from; e <= Math.min(to, 255); e++) out.add(e);
  }
  return out;
}

/** Writes a set of event codes back in fmtp syntax, with ranges where consecutive. */
export function formatEventList(events: ReadonlySet<number>): string {
  const sorted = [...events].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The events both lists name, in fmtp syntax; empty text when none. */
export function intersectEvents(a: string | undefined, b: string | undefined): string {
  const right = parseEventList(b);
  const both = new Set([...parseEventList(a)].filter((e) => right.has(e)));
  return formatEventList(both);
}
