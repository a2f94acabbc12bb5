import { type DtmfDigit, dtmfDigitOf } from './dtmf-event.js';
import { MAX_EVENT_DURATION, parseTelephoneEvent } from './telephone-event-payload.js';

/** What the receiver needs from an RTP packet carrying telephone-event. */
export interface TelephoneEventInput {
  readonly payload: Uint8Array;
  readonly timestamp: number;
  readonly marker: boolean;
  readonly sequenceNumber: number;
}

/** One received event, reported once. */
export interface DtmfEventReport {
  /** RFC 4733 event code */
  readonly event: number;
  /** the key, for event codes 0-15 */
  readonly digit: DtmfDigit | undefined;
  /** RTP timestamp of the event start */
  readonly timestamp: number;
  /** duration in timestamp units (summed over segments of a long event) */
  readonly durationTs: number;
  readonly durationMs: number;
  /** power level, -dBm0 */
  readonly volume: number;
  /**
   * `end`: an E-bit packet arrived; `timeout`: no packet for the event within the timeout (its end
   * packets were lost); `superseded`: a newer event started before this one's end arrived.
   */
  readonly ending: 'end' | 'timeout' | 'superseded';
}

/** Options of the telephone-event receiver. */
export interface TelephoneEventReceiverOptions {
  /** RTP clock rate of the telephone-event payload type, Hz; default 8000. */
  readonly clockRate?: number;
  /** How long an event may go without packets before it is reported as ended, ms; default 300. */
  readonly timeoutMs?: number;
}

interface Active {
  event: number;
  start: number;
  segment: number;
  segmentBase: number;
  duration: number;
  volume: number;
  lastArrival: number;
}

const NONE: readonly DtmfEventReport[] = Object.freeze([]);

/** Whether RTP timestamp a is after b (RFC 3550 serial arithmetic). */
const after = (a: number, b: number) => ((a - b) | 0) > 0;

/**
 * Turns received RFC 4733 packets into one report per event. Updates and the retransmitted end
 * packets of an event share its timestamp and are absorbed; a lost first packet (no marker) still
 * starts the event; a lost end is covered by the timeout (`poll`) or by the next event; the
 * segments of a long event (§2.5.1.3) are joined into one report.
 */
export class TelephoneEventReceiver {
  private readonly clockRate: number;
  private readonly timeoutMs: number;
  private active: Active | undefined;
  /** timestamp of the last event reported, older packets are stale */
  private lastDone: number | undefined;

  constructor(options: TelephoneEventReceiverOptions = {}) {
    this.clockRate = options.clockRate ?? 8000;
    this.timeoutMs = options.timeoutMs ?? 300;
  }

  /** The event in progress (reported later), if any. */
  get current():
    | { readonly event: number; readonly digit: DtmfDigit | undefined; readonly durationTs: number }
    | undefined {
    const a = this.active;
    return a === undefined
      ? undefined
      : { event: a.event, digit: dtmfDigitOf(a.event), durationTs: a.duration };
  }

  /** Feeds one packet; returns the events it completes (usually none). Never throws. */
  receive(packet: TelephoneEventInput, arrivalMs: number): readonly DtmfEventReport[] {
    const parsed = parseTelephoneEvent(packet.payload);
    if (!parsed.ok) return NONE;
    const e = parsed.value;
    const ts = packet.timestamp >>> 0;
    const a = this.active;
    if (a !== undefined) {
      if (ts === a.segment) {
        a.duration = Math.max(a.duration, a.segmentBase + e.duration);
        a.volume = e.volume;
        a.lastArrival = arrivalMs;
        return e.end ? [this.finish('end')] : NONE;
      }
      if (e.event === a.event && ts === (a.segment + MAX_EVENT_DURATION) >>> 0 && !packet.marker) {
        // The next segment of a long event.
        a.segmentBase += MAX_EVENT_DURATION;
        a.segment = ts;
        a.duration = a.segmentBase + e.duration;
        a.lastArrival = arrivalMs;
        return e.end ? [this.finish('end')] : NONE;
      }
      if (!after(ts, a.segment)) return NONE; // a stale packet of an earlier event
    } else if (this.lastDone !== undefined && !after(ts, this.lastDone)) {
      return NONE; // retransmitted end packets, or reordered updates, of a reported event
    }
    const reports: DtmfEventReport[] = [];
    if (a !== undefined) reports.push(this.finish('superseded'));
    this.active = {
      event: e.event,
      start: ts,
      segment: ts,
      segmentBase: 0,
      duration: e.duration,
      volume: e.volume,
      lastArrival: arrivalMs,
    };
    if (e.end) reports.push(this.finish('end'));
    return reports.length === 0 ? NONE : reports;
  }

  /** Call now and then (every packet interval); ends an event whose packets stopped. */
  poll(nowMs: number): readonly DtmfEventReport[] {
    const a = this.active;
    if (a === undefined || nowMs - a.lastArrival < this.timeoutMs) return NONE;
    return [this.finish('timeout')];
  }

  private finish(ending: DtmfEventReport['ending']): DtmfEventReport {
    const a = this.active!;
    this.active = undefined;
    this.lastDone = a.segment;
    return {
      event: a.event,
      digit: dtmfDigitOf(a.event),
      timestamp: a.start,
      durationTs: a.duration,
      durationMs: (a.duration * 1000) / this.clockRate,
      volume: a.volume,
      ending,
    };
  }
}
