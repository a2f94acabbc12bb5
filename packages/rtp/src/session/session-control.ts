import { compactNtpFromUnixMs, ntpMiddle32, roundTripSeconds } from '../rtcp/ntp.js';
import { encodeRtcp } from '../rtcp/rtcp-build.js';
import { parseRtcp } from '../rtcp/rtcp-parse.js';
import { type RtcpPacket, SdesItemType } from '../rtcp/rtcp-types.js';
import type { SrtpContext } from '../srtp/srtp-context.js';
import type { Clock } from './clock.js';
import { ListenerSet } from './listeners.js';
import type { MemberTable } from './member-table.js';
import { buildReport, type SenderState } from './report-builder.js';
import { RtcpScheduler, type RtcpSchedulerHost, type RtcpSchedulerOptions } from './rtcp-scheduler.js';
import type { SourceLatch } from './source-latch.js';
import { formatAddress, type TransportAddress } from './transport-address.js';

/** What the control half needs from the session. */
export interface SessionHooks {
  ssrc(): number;
  senderState(): SenderState;
  lastSentMs(): number;
  srtp(): SrtpContext | undefined;
  srtpReceive(): SrtpContext | undefined;
  sendRtcp(bytes: Uint8Array, to: TransportAddress): void;
  /** Handles a packet carrying our SSRC; false means drop it. */
  collision(from: TransportAddress): boolean;
  drop(reason: 'malformed' | 'srtp' | 'latch', from: TransportAddress): void;
}

interface ControlOptions {
  readonly clock: Clock;
  readonly members: MemberTable;
  readonly latch: SourceLatch;
  readonly rtcpMux: boolean;
  readonly ipOverhead: number;
  readonly onListenerError: (e: unknown) => void;
  readonly session: SessionHooks;
}

/**
 * The RTCP half of a session: receiving and sending compound reports, the
 * RTCP destination (configured, then latched), RTT from report blocks, BYE,
 * and the SSRC conflict list of RFC 3550 section 8.2.
 */
export class SessionControl {
  readonly rtcpListeners: ListenerSet<[readonly RtcpPacket[], TransportAddress]>;
  readonly byeListeners: ListenerSet<[number, string | undefined]>;
  readonly ssrcListeners: ListenerSet<[number, number]>;
  readonly #o: ControlOptions;
  readonly #hooks: ControlOptions['session'];
  #target: TransportAddress | undefined;
  #rtcpLatched = false;
  #scheduler: RtcpScheduler | undefined;
  /** Second-previous and previous report times, for we_sent (6.3.8). */
  #reportTimes: [number, number] = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  /** Conflicting source transport addresses and when they were last seen (8.2). */
  readonly #conflicts = new Map<string, number>();

  constructor(options: ControlOptions) {
    this.#o = options;
    this.#hooks = options.session;
    this.rtcpListeners = new ListenerSet(options.onListenerError);
    this.byeListeners = new ListenerSet(options.onListenerError);
    this.ssrcListeners = new ListenerSet(options.onListenerError);
  }

  /** Starts sending reports on the RFC 3550 schedule. */
  startReporting(options: RtcpSchedulerOptions): RtcpScheduler {
    this.#scheduler = new RtcpScheduler(options, this.#schedulerHost());
    this.#scheduler.start();
    return this.#scheduler;
  }

  setConfiguredTarget(to: TransportAddress): void {
    this.#target = to;
    this.#rtcpLatched = false;
  }

  /** RTP latched: with rtcp-mux RTCP follows it; otherwise guess port + 1 until RTCP itself arrives. */
  rtpLatched(from: TransportAddress): void {
    this.#target = this.#o.rtcpMux ? from : { address: from.address, port: from.port + 1 };
    this.#rtcpLatched = false;
  }

  #weSent(): boolean {
    return this.#hooks.lastSentMs() > this.#reportTimes[0];
  }

  #schedulerHost(): RtcpSchedulerHost {
    return {
      population: () => {
        const weSent = this.#weSent();
        return {
          members: this.#o.members.size + 1,
          senders: this.#o.members.senderCount + (weSent ? 1 : 0),
          weSent,
        };
      },
      sendReport: () => this.sendReport(),
    };
  }

  /** Builds and sends a report (with BYE when `bye` is given); returns its size with UDP/IP headers. */
  sendReport(bye?: { reason?: string | undefined }, ssrc?: number): number {
    const now = this.#o.clock.now();
    if (this.#scheduler && !bye) {
      const td = this.#scheduler.deterministicMs();
      if (this.#o.members.expire(now, td, td) > 0) this.#scheduler.membersDecreased();
    }
    const me = this.#hooks.senderState();
    const state = ssrc === undefined ? me : { ...me, ssrc };
    const packets = buildReport(
      now,
      this.#weSent(),
      state,
      this.#o.members,
      bye && { ...(bye.reason !== undefined ? { reason: bye.reason } : {}) },
    );
    this.#reportTimes = [this.#reportTimes[1], now];
    let bytes = encodeRtcp(packets);
    const srtp = this.#hooks.srtp();
    if (srtp) bytes = srtp.protectRtcp(bytes);
    if (this.#target) this.#hooks.sendRtcp(bytes, this.#target);
    return bytes.length + this.#o.ipOverhead;
  }

  receive(msg: Buffer, rinfo: { address: string; port: number }): void {
    const from = { address: rinfo.address, port: rinfo.port };
    let data: Uint8Array = msg;
    const srtp = this.#hooks.srtpReceive();
    if (srtp) {
      const r = srtp.unprotectRtcp(msg);
      if (!r.ok) {
        this.#hooks.drop('srtp', from);
        return;
      }
      data = r.value;
    }
    const parsed = parseRtcp(data);
    if (!parsed.ok) {
      this.#hooks.drop('malformed', from);
      return;
    }
    if (!this.#o.latch.acceptsControlFrom(from)) {
      this.#hooks.drop('latch', from);
      return;
    }
    const now = this.#o.clock.now();
    this.#scheduler?.recordPacketSize(msg.length + this.#o.ipOverhead);
    for (const p of parsed.value) {
      if (!this.#handle(p, from, now)) return;
    }
    this.rtcpListeners.emit(parsed.value, from);
  }

  /** Handles one packet of a compound; false drops the rest (collision or loop). */
  #handle(p: RtcpPacket, from: TransportAddress, now: number): boolean {
    const members = this.#o.members;
    switch (p.type) {
      case 'sr':
      case 'rr': {
        if (p.ssrc === this.#hooks.ssrc() && !this.#hooks.collision(from)) return false;
        const m = members.getOrCreate(p.ssrc, now);
        m.lastHeardMs = now;
        if (p.type === 'sr')
          m.statistics?.onSenderReport(ntpMiddle32(p.sender.ntpSeconds, p.sender.ntpFraction), now);
        const me = this.#hooks.ssrc();
        for (const b of p.reports) {
          if (b.ssrc !== me) continue;
          m.reportAboutUs = b;
          m.roundTripSeconds =
            roundTripSeconds(compactNtpFromUnixMs(now), b.lastSenderReport, b.delaySinceLastSenderReport) ??
            m.roundTripSeconds;
        }
        this.#maybeLatchRtcp(p.ssrc, from);
        return true;
      }
      case 'sdes':
        for (const c of p.chunks) {
          if (c.ssrc === this.#hooks.ssrc() && !this.#hooks.collision(from)) return false;
          const m = members.getOrCreate(c.ssrc, now);
          m.lastHeardMs = now;
          const cname = c.items.find((i) => i.type === SdesItemType.CNAME);
          if (cname) m.cname = cname.text;
        }
        return true;
      case 'bye': {
        let removed = false;
        for (const ssrc of p.ssrcs) {
          if (ssrc === this.#hooks.ssrc()) continue;
          removed = members.delete(ssrc) || removed;
          this.byeListeners.emit(ssrc, p.reason);
        }
        if (removed) this.#scheduler?.membersDecreased();
        return true;
      }
      default:
        return true;
    }
  }

  /** RTCP latching: once RTP is latched, RTCP from the latched SSRC fixes the RTCP destination. */
  #maybeLatchRtcp(ssrc: number, from: TransportAddress): void {
    const latched = this.#o.latch.latched;
    if (this.#o.rtcpMux || this.#rtcpLatched || !latched || latched.ssrc !== ssrc) return;
    this.#target = from;
    this.#rtcpLatched = true;
  }

  /**
   * RFC 3550 8.2 conflict list: the first packet with our SSRC from an address is a
   * new collision ('change'); repeats from a listed address are ignored ('ignore').
   * Entries expire after 10 report intervals.
   */
  collision(from: TransportAddress): 'change' | 'ignore' {
    const now = this.#o.clock.now();
    const ttl = 10 * (this.#scheduler?.deterministicMs() ?? 5000);
    for (const [k, t] of this.#conflicts) if (now - t > ttl) this.#conflicts.delete(k);
    const key = formatAddress(from);
    if (this.#conflicts.has(key)) {
      this.#conflicts.set(key, now);
      return 'ignore';
    }
    this.#conflicts.set(key, now);
    return 'change';
  }

  /** Says BYE for the SSRC we gave up (8.2) and tells listeners. */
  ssrcChanged(previous: number, next: number): void {
    if (this.#scheduler) {
      try {
        this.sendReport({ reason: 'SSRC collision' }, previous);
      } catch (e) {
        this.#o.onListenerError(e);
      }
    }
    this.ssrcListeners.emit(previous, next);
  }

  close(): void {
    this.rtcpListeners.clear();
    this.byeListeners.clear();
    this.ssrcListeners.clear();
  }
}
