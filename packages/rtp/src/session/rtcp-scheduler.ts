import { deterministicInterval, type RtcpIntervalInput, rtcpInterval } from '../rtcp/report-interval.js';
import type { Clock, RandomSource, TimerHandle } from './clock.js';

/** How the scheduler learns the session state and sends a report. */
export interface RtcpSchedulerHost {
  /** Members including ourselves, senders including ourselves if we sent. */
  population(): { members: number; senders: number; weSent: boolean };
  /** Builds and sends one compound report; returns its size in octets including UDP/IP headers. */
  sendReport(): number;
}

/** Scheduler settings. */
export interface RtcpSchedulerOptions {
  readonly clock: Clock;
  readonly random: RandomSource;
  /** RTCP bandwidth in octets per second. */
  readonly rtcpBandwidth: number;
  readonly minimumSeconds: number;
  /** Initial average RTCP size guess in octets (RFC 3550 6.3.2: the size of the first packet). */
  readonly initialAverageSize: number;
}

/**
 * RTCP transmission timing with timer reconsideration (RFC 3550 sections 6.3.2
 * to 6.3.6): tp is the last transmission, tn the next scheduled one; when the
 * timer fires the interval is recomputed and the report goes out only if tp + T
 * has passed, otherwise the timer is set again for tp + T. Reverse
 * reconsideration (6.3.4) pulls tn in when members leave.
 */
export class RtcpScheduler {
  readonly #o: RtcpSchedulerOptions;
  readonly #host: RtcpSchedulerHost;
  #avgSize: number;
  #initial = true;
  #tp = 0;
  #tn = 0;
  #pmembers = 1;
  #timer: TimerHandle | undefined;
  #running = false;

  constructor(options: RtcpSchedulerOptions, host: RtcpSchedulerHost) {
    this.#o = options;
    this.#host = host;
    this.#avgSize = options.initialAverageSize;
  }

  /** Average compound RTCP size seen so far (octets, with headers). */
  get averageSize(): number {
    return this.#avgSize;
  }

  /** Time the next report is due (ms), or undefined when stopped. */
  get nextReportAt(): number | undefined {
    return this.#running ? this.#tn : undefined;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const now = this.#o.clock.now();
    this.#tp = now;
    this.#pmembers = this.#host.population().members;
    this.#tn = now + this.#intervalSeconds() * 1000;
    this.#arm();
  }

  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** avg_rtcp_size = 1/16 * packet_size + 15/16 * avg_rtcp_size (6.3.3). */
  recordPacketSize(octets: number): void {
    this.#avgSize = octets / 16 + (this.#avgSize * 15) / 16;
  }

  /** Deterministic interval Td in ms, for member timeouts. */
  deterministicMs(): number {
    return deterministicInterval(this.#input()) * 1000;
  }

  /** Reverse reconsideration when the member count dropped (6.3.4). */
  membersDecreased(): void {
    if (!this.#running) return;
    const members = this.#host.population().members;
    if (members >= this.#pmembers) return;
    const now = this.#o.clock.now();
    const ratio = members / this.#pmembers;
    this.#tn = now + ratio * (this.#tn - now);
    this.#tp = now - ratio * (now - this.#tp);
    this.#pmembers = members;
    this.#arm();
  }

  #input(): RtcpIntervalInput {
    const p = this.#host.population();
    return {
      members: p.members,
      senders: p.senders,
      weSent: p.weSent,
      rtcpBandwidth: this.#o.rtcpBandwidth,
      averageRtcpSize: this.#avgSize,
      initial: this.#initial,
      minimumSeconds: this.#o.minimumSeconds,
    };
  }

  #intervalSeconds(): number {
    return rtcpInterval(this.#input(), this.#o.random);
  }

  #arm(): void {
    if (this.#timer !== undefined) this.#o.clock.clearTimeout(this.#timer);
    const delay = Math.max(0, this.#tn - this.#o.clock.now());
    this.#timer = this.#o.clock.setTimeout(() => this.#expired(), delay);
  }

  #expired(): void {
    this.#timer = undefined;
    if (!this.#running) return;
    const now = this.#o.clock.now();
    const t = this.#intervalSeconds() * 1000;
    if (this.#tp + t <= now) {
      this.recordPacketSize(this.#host.sendReport());
      this.#tp = now;
      this.#initial = false;
      this.#tn = now + this.#intervalSeconds() * 1000;
      this.#pmembers = this.#host.population().members;
    } else {
      this.#tn = this.#tp + t;
    }
    this.#arm();
  }
}
