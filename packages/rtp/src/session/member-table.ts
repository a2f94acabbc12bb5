import type { ReceiverStatistics } from '../rtcp/receiver-statistics.js';
import type { ReportBlock } from '../rtcp/rtcp-types.js';
import type { TransportAddress } from './transport-address.js';

/** What the session knows about one remote participant (RFC 3550 section 6.3 "members"). */
export interface RemoteSource {
  readonly ssrc: number;
  /** Reception statistics, from the first RTP packet on. */
  statistics: ReceiverStatistics | undefined;
  /** Where its RTP last came from. */
  from: TransportAddress | undefined;
  /** CNAME from its SDES, once seen. */
  cname: string | undefined;
  lastRtpMs: number;
  lastHeardMs: number;
  /** Sent RTP since our previous report (RFC 3550 section 6.3.3 senders). */
  sender: boolean;
  /** RTP arrived since our last report block about it. */
  freshSinceReport: boolean;
  /** Its latest report block about our stream, with the RTT we derived from it. */
  reportAboutUs: ReportBlock | undefined;
  roundTripSeconds: number | undefined;
}

/** Timeout multiplier M of RFC 3550 section 6.3.5. */
const MEMBER_TIMEOUT_INTERVALS = 5;

/** The member and sender table of a session. */
export class MemberTable {
  readonly #sources = new Map<number, RemoteSource>();

  get(ssrc: number): RemoteSource | undefined {
    return this.#sources.get(ssrc);
  }

  getOrCreate(ssrc: number, nowMs: number): RemoteSource {
    let s = this.#sources.get(ssrc);
    if (!s) {
      s = {
        ssrc,
        statistics: undefined,
        from: undefined,
        cname: undefined,
        lastRtpMs: Number.NEGATIVE_INFINITY,
        lastHeardMs: nowMs,
        sender: false,
        freshSinceReport: false,
        reportAboutUs: undefined,
        roundTripSeconds: undefined,
      };
      this.#sources.set(ssrc, s);
    }
    return s;
  }

  delete(ssrc: number): boolean {
    return this.#sources.delete(ssrc);
  }

  /** Remote members (not counting ourselves). */
  get size(): number {
    return this.#sources.size;
  }

  /** Remote senders. */
  get senderCount(): number {
    let n = 0;
    for (const s of this.#sources.values()) if (s.sender) n++;
    return n;
  }

  values(): IterableIterator<RemoteSource> {
    return this.#sources.values();
  }

  /**
   * RFC 3550 section 6.3.5: a member silent for 5 deterministic intervals is removed;
   * a sender that sent no RTP for two report intervals is no longer a sender.
   * Returns the number of members removed.
   */
  expire(nowMs: number, deterministicMs: number, reportIntervalMs: number): number {
    let removed = 0;
    for (const [ssrc, s] of this.#sources) {
      if (nowMs - s.lastHeardMs > MEMBER_TIMEOUT_INTERVALS * deterministicMs) {
        this.#sources.delete(ssrc);
        removed++;
      } else if (s.sender && nowMs - s.lastRtpMs > 2 * reportIntervalMs) {
        s.sender = false;
      }
    }
    return removed;
  }
}
