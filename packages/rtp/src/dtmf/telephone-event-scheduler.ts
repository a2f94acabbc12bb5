import { dtmfEventCode } from './dtmf-event.js';
import { planTelephoneEvent, type TelephoneEventPacket } from './telephone-event-sender.js';

/** Options of a `TelephoneEventScheduler`. */
export interface TelephoneEventSchedulerOptions {
  /** RTP clock rate of the telephone-event payload type, Hz; default 8000. */
  readonly clockRate?: number;
  /** The media loop's tick, ms; default 20. */
  readonly ptimeMs?: number;
  /** Power level in -dBm0; default 10. */
  readonly volume?: number;
  /** E-bit packets per event; default 3. */
  readonly endPackets?: number;
  /** Tone length per key, ms; default 100. */
  readonly toneMs?: number;
  /** Pause between tones, ms; default 60. */
  readonly gapMs?: number;
}

const NONE: readonly TelephoneEventPacket[] = Object.freeze([]);

/**
 * Sends queued keys as RFC 4733 events from a media loop that ticks every ptime: each tick the
 * loop passes the RTP timestamp its audio frame would carry and sends what `tick` returns
 * (instead of the audio frame while `busy`). Each event starts at the timestamp of the tick it
 * starts on; a key waits for the previous one's end packets and the gap. Built on
 * `planTelephoneEvent`, so the packets are the same as a plan's.
 */
export class TelephoneEventScheduler {
  private readonly queue: number[] = [];
  private readonly ptime: number;
  private readonly gapTicks: number;
  private packets: readonly TelephoneEventPacket[] = NONE;
  private next = 0;
  private ticksInEvent = 0;
  private waitTicks = 0;

  constructor(private readonly options: TelephoneEventSchedulerOptions = {}) {
    this.ptime = options.ptimeMs ?? 20;
    this.gapTicks = Math.ceil((options.gapMs ?? 60) / this.ptime);
  }

  /** Queues keys (0-9, *, #, A-D); refuses the whole string if one character is not a key. */
  send(digits: string): void {
    const codes = [...digits].map((ch) => {
      const code = dtmfEventCode(ch);
      if (code === undefined) throw new RangeError(`not a DTMF key: ${ch}`);
      return code;
    });
    this.queue.push(...codes);
  }

  /** Whether an event is on the wire or queued: the loop should send no audio now. */
  get busy(): boolean {
    return this.next < this.packets.length || this.queue.length > 0;
  }

  /** Drops queued keys (an event already started still ends properly). */
  cancel(): void {
    this.queue.length = 0;
  }

  /** One media tick: the packets to send now (none, one, or two where a long event changes segment). */
  tick(mediaTimestamp: number): readonly TelephoneEventPacket[] {
    if (this.next >= this.packets.length) {
      if (this.waitTicks > 0) {
        this.waitTicks--;
        return NONE;
      }
      const code = this.queue.shift();
      if (code === undefined) return NONE;
      const toneMs = this.options.toneMs ?? 100;
      this.packets = planTelephoneEvent(code, {
        ...this.options,
        startTimestamp: mediaTimestamp,
        durationMs: toneMs,
      }).packets;
      this.next = 0;
      this.ticksInEvent = 0;
      // The pause after the tone, less the intervals the retransmitted end packets already take.
      const endTicks = Math.max(1, this.options.endPackets ?? 3) - 1;
      this.waitTicks = Math.max(0, this.gapTicks - endTicks);
    }
    const due = this.ticksInEvent * this.ptime;
    const from = this.next;
    while (this.next < this.packets.length && this.packets[this.next]!.offsetMs <= due) this.next++;
    this.ticksInEvent++;
    return from === this.next ? NONE : this.packets.slice(from, this.next);
  }
}
