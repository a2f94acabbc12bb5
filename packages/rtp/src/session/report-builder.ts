import { ntpFromUnixMs } from '../rtcp/ntp.js';
import type { ReportBlock, RtcpPacket } from '../rtcp/rtcp-types.js';
import { SdesItemType } from '../rtcp/rtcp-types.js';
import type { MemberTable } from './member-table.js';

/** Our sending state, as an SR needs it. */
export interface SenderState {
  readonly ssrc: number;
  readonly cname: string;
  readonly clockRate: number;
  readonly packetCount: number;
  readonly octetCount: number;
  /** RTP timestamp and local time of the last RTP packet sent, to extrapolate "now" (RFC 3550 6.4.1). */
  readonly lastRtpTimestamp: number;
  readonly lastSentMs: number;
}

/** Up to 31 report blocks fit in one SR/RR (the 5-bit count). */
const MAX_BLOCKS = 31;

/**
 * Builds one compound report: SR when we sent since the second-to-last report,
 * else RR, with report blocks for sources heard since the last report, then SDES
 * with our CNAME (RFC 3550 section 6.1); BYE last when `bye` is set.
 */
export function buildReport(
  nowMs: number,
  weSent: boolean,
  me: SenderState,
  members: MemberTable,
  bye?: { reason?: string },
): RtcpPacket[] {
  const reports: ReportBlock[] = [];
  for (const s of members.values()) {
    if (reports.length >= MAX_BLOCKS) break;
    if (!s.statistics || !s.freshSinceReport || !s.statistics.counters().valid) continue;
    reports.push(s.statistics.reportBlock(s.ssrc, nowMs));
    s.freshSinceReport = false;
  }
  const packets: RtcpPacket[] = [];
  if (weSent) {
    const ntp = ntpFromUnixMs(nowMs);
    const elapsed = Math.round(((nowMs - me.lastSentMs) * me.clockRate) / 1000);
    packets.push({
      type: 'sr',
      ssrc: me.ssrc,
      sender: {
        ntpSeconds: ntp.seconds,
        ntpFraction: ntp.fraction,
        rtpTimestamp: (me.lastRtpTimestamp + elapsed) >>> 0,
        packetCount: me.packetCount >>> 0,
        octetCount: me.octetCount >>> 0,
      },
      reports,
    });
  } else {
    packets.push({ type: 'rr', ssrc: me.ssrc, reports });
  }
  packets.push({
    type: 'sdes',
    chunks: [{ ssrc: me.ssrc, items: [{ type: SdesItemType.CNAME, text: me.cname }] }],
  });
  if (bye)
    packets.push({
      type: 'bye',
      ssrcs: [me.ssrc],
      ...(bye.reason !== undefined ? { reason: bye.reason } : {}),
    });
  return packets;
}
