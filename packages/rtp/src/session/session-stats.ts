import type { SourceCounters } from '../rtcp/receiver-statistics.js';
import type { ReportBlock } from '../rtcp/rtcp-types.js';
import type { MemberTable } from './member-table.js';
import type { TransportAddress } from './transport-address.js';

/** What we know about one remote source. */
export interface SourceStats {
  readonly ssrc: number;
  readonly cname: string | undefined;
  readonly from: TransportAddress | undefined;
  /** Our reception statistics of its RTP (RFC 3550 A.1, A.3, A.8). */
  readonly reception: SourceCounters | undefined;
  /** Its latest report about our stream. */
  readonly reportAboutUs: ReportBlock | undefined;
  /** Round-trip time from that report's LSR/DLSR, in seconds. */
  readonly roundTripSeconds: number | undefined;
}

/** Session counters. */
export interface SessionStats {
  readonly ssrc: number;
  readonly packetsSent: number;
  /** Payload octets sent (the SR octet count). */
  readonly octetsSent: number;
  /** Datagrams dropped, by reason. */
  readonly dropped: Readonly<Record<'malformed' | 'srtp' | 'latch' | 'loop' | 'collision', number>>;
  readonly sources: readonly SourceStats[];
}

export function collectStats(
  ssrc: number,
  counts: { readonly packetsSent: number; readonly octetsSent: number },
  dropped: SessionStats['dropped'],
  members: MemberTable,
): SessionStats {
  const sources: SourceStats[] = [];
  for (const m of members.values()) {
    sources.push({
      ssrc: m.ssrc,
      cname: m.cname,
      from: m.from,
      reception: m.statistics?.counters(),
      reportAboutUs: m.reportAboutUs,
      roundTripSeconds: m.roundTripSeconds,
    });
  }
  return {
    ssrc,
    packetsSent: counts.packetsSent,
    octetsSent: counts.octetsSent,
    dropped: { ...dropped },
    sources,
  };
}
