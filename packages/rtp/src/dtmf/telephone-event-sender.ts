import { type DtmfDigit, dtmfEventCode } from './dtmf-event.js';
import { encodeTelephoneEvent, MAX_EVENT_DURATION, type TelephoneEvent } from './telephone-event-payload.js';

/** Options for planning one telephone event. */
export interface TelephoneEventOptions {
  /** RTP timestamp of the event's start: the media timestamp of the frame it replaces. */
  readonly startTimestamp: number;
  /** How long the key is held, ms; rounded up to whole packet intervals. Default 100. */
  readonly durationMs?: number;
  /** RTP clock rate of the telephone-event payload type, Hz; default 8000. */
  readonly clockRate?: number;
  /** Packet interval, ms; default 20 (the audio ptime; RFC 4733 §2.5.1.2 leaves it to the sender). */
  readonly ptimeMs?: number;
  /** Power level in -dBm0, 0-63; default 10. */
  readonly volume?: number;
  /** How many packets carry the E bit (the final one and its retransmissions); default 3. */
  readonly endPackets?: number;
}

/** One packet of a planned event. */
export interface TelephoneEventPacket {
  /** When to send it, ms after the event start. */
  readonly offsetMs: number;
  /** RTP timestamp: the event start, or the start of its segment for long events. */
  readonly timestamp: number;
  /** RTP marker bit: set on the first packet of the event only. */
  readonly marker: boolean;
  /** The 4-byte payload. */
  readonly payload: Uint8Array;
  /** The payload's fields. */
  readonly event: TelephoneEvent;
}

/** The packets of one event, and where the stream continues after it. */
export interface TelephoneEventPlan {
  readonly packets: readonly TelephoneEventPacket[];
  /** The first packet interval after the last retransmitted end packet, ms after the start. */
  readonly endOffsetMs: number;
  /** Duration of the event in timestamp units (what the end packets carry, summed over segments). */
  readonly durationTs: number;
}

/**
 * Plans the RFC 4733 packets of one event (a DTMF key or any event code), without sending:
 * - one packet per interval, all with the event's start timestamp (§2.5.1.1), the first with the
 *   marker bit; each carries the duration so far, which covers the interval it replaces (§2.5.1.2);
 * - the final duration in the E-bit packet, sent `endPackets` times in successive intervals (§2.5.1.4);
 * - events longer than the 16-bit duration field are split into segments (§2.5.1.3): when the
 *   duration reaches 0xFFFF the segment is reported with that duration and a new one starts at
 *   timestamp start + 0xFFFF, duration counting afresh, marker bit clear.
 */
export function planTelephoneEvent(
  event: number | DtmfDigit,
  options: TelephoneEventOptions,
): TelephoneEventPlan {
  const code = typeof event === 'number' ? event : dtmfEventCode(event);
  if (code === undefined || code < 0 || code > 255) throw new RangeError(`not an event: ${event}`);
  const clockRate = options.clockRate ?? 8000;
  const ptime = options.ptimeMs ?? 20;
  const volume = options.volume ?? 10;
  const endPackets = Math.max(1, options.endPackets ?? 3);
  const step = Math.round((clockRate * ptime) / 1000);
  const intervals = Math.max(1, Math.ceil((options.durationMs ?? 100) / ptime));
  const total = intervals * step;
  const packets: TelephoneEventPacket[] = [];
  const push = (offsetMs: number, segment: number, duration: number, end: boolean, marker: boolean) => {
    const e: TelephoneEvent = { event: code, end, volume, duration };
    const timestamp = (options.startTimestamp + segment * MAX_EVENT_DURATION) >>> 0;
    packets.push({ offsetMs, timestamp, marker, payload: encodeTelephoneEvent(e), event: e });
  };
  let segment = 0;
  for (let k = 0; k < intervals; k++) {
    const elapsed = (k + 1) * step;
    // A segment whose duration field would overflow is closed at 0xFFFF first.
    while (elapsed - segment * MAX_EVENT_DURATION > MAX_EVENT_DURATION) {
      push(k * ptime, segment, MAX_EVENT_DURATION, false, false);
      segment++;
    }
    const last = k === intervals - 1;
    push(k * ptime, segment, elapsed - segment * MAX_EVENT_DURATION, last, k === 0);
  }
  const final = packets[packets.length - 1]!;
  for (let r = 1; r < endPackets; r++) {
    packets.push({ ...final, offsetMs: (intervals - 1 + r) * ptime, marker: false });
  }
  return { packets, endOffsetMs: (intervals - 1 + endPackets) * ptime, durationTs: total };
}

/** Options for a string of keys. */
export interface DtmfSequencePlanOptions extends Omit<TelephoneEventOptions, 'durationMs'> {
  /** Tone length per key, ms; default 100. */
  readonly toneMs?: number;
  /** Pause between the end of one tone and the start of the next, ms; default 60. */
  readonly gapMs?: number;
}

/**
 * Plans a string of keys. Each event gets its own start timestamp, advanced with the media
 * clock: the next key starts `gapMs` after the previous tone, but never before the previous
 * event's retransmitted end packets are out.
 */
export function planDtmfSequence(digits: string, options: DtmfSequencePlanOptions): TelephoneEventPacket[] {
  const clockRate = options.clockRate ?? 8000;
  const ptime = options.ptimeMs ?? 20;
  const toneMs = options.toneMs ?? 100;
  const gapIntervals = Math.ceil((options.gapMs ?? 60) / ptime);
  const out: TelephoneEventPacket[] = [];
  let offset = 0;
  for (const ch of digits.toUpperCase()) {
    const code = dtmfEventCode(ch);
    if (code === undefined) throw new RangeError(`not a DTMF key: ${ch}`);
    const startTimestamp = (options.startTimestamp + Math.round((offset * clockRate) / 1000)) >>> 0;
    const plan = planTelephoneEvent(code, { ...options, startTimestamp, durationMs: toneMs });
    for (const p of plan.packets) out.push({ ...p, offsetMs: p.offsetMs + offset });
    const toneEnd = Math.ceil(toneMs / ptime) * ptime;
    offset += Math.max(plan.endOffsetMs, toneEnd + gapIntervals * ptime);
  }
  return out;
}
