import { fail, ok, type PacketError, type Result } from '../packet/result.js';
import { readU32 } from '../packet/rtp-packet.js';
import {
  type ReportBlock,
  type RtcpPacket,
  RtcpPacketType,
  type SdesChunk,
  type SdesItem,
} from './rtcp-types.js';

/** Options of {@link parseRtcp}. */
export interface ParseRtcpOptions {
  /**
   * Require the compound packet to start with an SR or RR (RFC 3550 section 6.1, A.2).
   * Set false to accept reduced-size RTCP (RFC 5506). Default true.
   */
  readonly requireReportFirst?: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Parses an RTCP compound packet (RFC 3550 section 6) with the validity checks of
 * A.2: version 2, padding only on the last packet, lengths that add up exactly.
 * Unknown packet types are returned as `other` rather than rejected.
 */
export function parseRtcp(
  buf: Uint8Array,
  options: ParseRtcpOptions = {},
): Result<RtcpPacket[], PacketError> {
  const packets: RtcpPacket[] = [];
  let at = 0;
  if (buf.length < 4) return fail('too-short', 'shorter than an RTCP header', 0);
  while (at < buf.length) {
    if (buf.length - at < 4) return fail('bad-length', 'trailing octets after the last RTCP packet', at);
    const b0 = buf[at]!;
    if (b0 >> 6 !== 2) return fail('bad-version', 'RTCP version is not 2', at);
    const pt = buf[at + 1]!;
    const count = b0 & 0x1f;
    const end = at + 4 + ((buf[at + 2]! << 8) | buf[at + 3]!) * 4;
    if (end > buf.length) return fail('bad-length', 'RTCP length runs past the end of the datagram', at + 2);
    let bodyEnd = end;
    if (b0 & 0x20) {
      if (end !== buf.length)
        return fail('bad-padding', 'padding on an RTCP packet that is not the last', at);
      const pad = buf[end - 1]!;
      if (pad === 0 || at + 4 + pad > end) return fail('bad-padding', 'bad RTCP padding count', end - 1);
      bodyEnd = end - pad;
    }
    if (
      at === 0 &&
      options.requireReportFirst !== false &&
      pt !== RtcpPacketType.SR &&
      pt !== RtcpPacketType.RR
    ) {
      return fail('not-report-first', 'compound RTCP must start with SR or RR', 1);
    }
    const r = parseOne(buf, pt, count, at, bodyEnd);
    if (!r.ok) return r;
    packets.push(r.value);
    at = end;
  }
  return ok(packets);
}

function parseOne(buf: Uint8Array, pt: number, count: number, at: number, end: number): Result<RtcpPacket> {
  const body = at + 4;
  switch (pt) {
    case RtcpPacketType.SR: {
      if (end - body < 24 + count * 24) return fail('bad-length', 'SR shorter than its report count', at);
      const sender = {
        ntpSeconds: readU32(buf, body + 4),
        ntpFraction: readU32(buf, body + 8),
        rtpTimestamp: readU32(buf, body + 12),
        packetCount: readU32(buf, body + 16),
        octetCount: readU32(buf, body + 20),
      };
      const reports = readBlocks(buf, body + 24, count);
      const extAt = body + 24 + count * 24;
      return ok({
        type: 'sr',
        ssrc: readU32(buf, body),
        sender,
        reports,
        ...(extAt < end ? { extension: buf.subarray(extAt, end) } : {}),
      });
    }
    case RtcpPacketType.RR: {
      if (end - body < 4 + count * 24) return fail('bad-length', 'RR shorter than its report count', at);
      const extAt = body + 4 + count * 24;
      return ok({
        type: 'rr',
        ssrc: readU32(buf, body),
        reports: readBlocks(buf, body + 4, count),
        ...(extAt < end ? { extension: buf.subarray(extAt, end) } : {}),
      });
    }
    case RtcpPacketType.SDES:
      return parseSdes(buf, count, body, end);
    case RtcpPacketType.BYE: {
      if (end - body < count * 4) return fail('bad-length', 'BYE shorter than its source count', at);
      const ssrcs: number[] = [];
      for (let i = 0; i < count; i++) ssrcs.push(readU32(buf, body + i * 4));
      const rAt = body + count * 4;
      if (rAt < end) {
        const rlen = buf[rAt]!;
        if (rAt + 1 + rlen > end) return fail('bad-length', 'BYE reason runs past the packet', rAt);
        return ok({ type: 'bye', ssrcs, reason: utf8.decode(buf.subarray(rAt + 1, rAt + 1 + rlen)) });
      }
      return ok({ type: 'bye', ssrcs });
    }
    case RtcpPacketType.APP: {
      if (end - body < 8) return fail('bad-length', 'APP shorter than 12 octets', at);
      const name = String.fromCharCode(buf[body + 4]!, buf[body + 5]!, buf[body + 6]!, buf[body + 7]!);
      return ok({
        type: 'app',
        subtype: count,
        ssrc: readU32(buf, body),
        name,
        data: buf.subarray(body + 8, end),
      });
    }
    default:
      return ok({ type: 'other', packetType: pt, count, body: buf.subarray(body, end) });
  }
}

function readBlocks(buf: Uint8Array, at: number, count: number): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  for (let i = 0; i < count; i++, at += 24) {
    // Cumulative lost is a signed 24-bit field.
    const lost = (buf[at + 5]! << 16) | (buf[at + 6]! << 8) | buf[at + 7]!;
    blocks.push({
      ssrc: readU32(buf, at),
      fractionLost: buf[at + 4]!,
      cumulativeLost: lost & 0x800000 ? lost - 0x1000000 : lost,
      highestSequence: readU32(buf, at + 8),
      jitter: readU32(buf, at + 12),
      lastSenderReport: readU32(buf, at + 16),
      delaySinceLastSenderReport: readU32(buf, at + 20),
    });
  }
  return blocks;
}

function parseSdes(buf: Uint8Array, count: number, at: number, end: number): Result<RtcpPacket> {
  const chunks: SdesChunk[] = [];
  for (let c = 0; c < count; c++) {
    if (end - at < 4) return fail('bad-sdes', 'SDES chunk truncated', at);
    const ssrc = readU32(buf, at);
    at += 4;
    const items: SdesItem[] = [];
    for (;;) {
      if (at >= end) return fail('bad-sdes', 'SDES chunk not terminated', at);
      const type = buf[at]!;
      if (type === 0) {
        // The terminating null plus padding to the next 32-bit boundary.
        at = (at + 4) & ~3;
        break;
      }
      if (at + 2 > end || at + 2 + buf[at + 1]! > end)
        return fail('bad-sdes', 'SDES item runs past the packet', at);
      const len = buf[at + 1]!;
      items.push({ type, text: utf8.decode(buf.subarray(at + 2, at + 2 + len)) });
      at += 2 + len;
    }
    if (at > end) return fail('bad-sdes', 'SDES chunk padding runs past the packet', end);
    chunks.push({ ssrc, items });
  }
  return ok({ type: 'sdes', chunks });
}
