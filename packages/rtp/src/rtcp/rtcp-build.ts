import { writeU32 } from '../packet/rtp-packet.js';
import { type ReportBlock, type RtcpPacket, RtcpPacketType } from './rtcp-types.js';

const utf8 = new TextEncoder();

/** UTF-8 octet length of `text` without encoding it. */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4; // a surrogate pair is one 4-octet character
      i++;
    } else n += 3; // includes a lone surrogate, written as U+FFFD
  }
  return n;
}

/** Writes `text` as UTF-8 at `at` (room is known from {@link utf8Length}); returns octets written. */
function writeUtf8(buf: Uint8Array, at: number, text: string): number {
  return utf8.encodeInto(text, buf.subarray(at)).written;
}

/** Size in octets of `p` once encoded. */
export function rtcpPacketLength(p: RtcpPacket): number {
  switch (p.type) {
    case 'sr':
      return 28 + p.reports.length * 24 + (p.extension?.length ?? 0);
    case 'rr':
      return 8 + p.reports.length * 24 + (p.extension?.length ?? 0);
    case 'sdes': {
      let n = 4;
      for (const c of p.chunks) {
        let len = 4;
        for (const it of c.items) len += 2 + utf8Length(it.text);
        n += (len + 4) & ~3; // at least one null octet, then pad to 32 bits
      }
      return n;
    }
    case 'bye': {
      const reason = p.reason === undefined ? 0 : (1 + utf8Length(p.reason) + 3) & ~3;
      return 4 + p.ssrcs.length * 4 + reason;
    }
    case 'app':
      return 12 + p.data.length;
    case 'other':
      return 4 + p.body.length;
  }
}

/** Size in octets of a compound packet. */
export function rtcpCompoundLength(packets: readonly RtcpPacket[]): number {
  let n = 0;
  for (const p of packets) n += rtcpPacketLength(p);
  return n;
}

/**
 * Encodes an RTCP compound packet (RFC 3550 section 6.1). Writes into `out` at
 * `offset` when given, otherwise allocates. Throws RangeError on values that
 * cannot be encoded (more than 31 report blocks, items over 255 octets, ...).
 */
export function encodeRtcp(packets: readonly RtcpPacket[], out?: Uint8Array, offset = 0): Uint8Array {
  const total = rtcpCompoundLength(packets);
  const buf = out ?? new Uint8Array(total);
  if (buf.length - offset < total) throw new RangeError(`output buffer too small: need ${total} octets`);
  let at = offset;
  for (const p of packets) at = writeOne(buf, at, p);
  return buf.subarray(offset, at);
}

function header(buf: Uint8Array, at: number, count: number, pt: number, len: number): void {
  if (count > 31) throw new RangeError('RTCP count field holds at most 31');
  if (len % 4 !== 0) throw new RangeError('RTCP packet length must be a multiple of 4');
  buf[at] = 0x80 | count;
  buf[at + 1] = pt;
  const words = len / 4 - 1;
  buf[at + 2] = words >>> 8;
  buf[at + 3] = words;
}

function writeOne(buf: Uint8Array, at: number, p: RtcpPacket): number {
  const len = rtcpPacketLength(p);
  const start = at;
  buf.fill(0, at, at + len);
  switch (p.type) {
    case 'sr': {
      header(buf, at, p.reports.length, RtcpPacketType.SR, len);
      writeU32(buf, at + 4, p.ssrc);
      writeU32(buf, at + 8, p.sender.ntpSeconds);
      writeU32(buf, at + 12, p.sender.ntpFraction);
      writeU32(buf, at + 16, p.sender.rtpTimestamp);
      writeU32(buf, at + 20, p.sender.packetCount);
      writeU32(buf, at + 24, p.sender.octetCount);
      at = writeBlocks(buf, at + 28, p.reports);
      if (p.extension) buf.set(p.extension, at);
      break;
    }
    case 'rr': {
      header(buf, at, p.reports.length, RtcpPacketType.RR, len);
      writeU32(buf, at + 4, p.ssrc);
      at = writeBlocks(buf, at + 8, p.reports);
      if (p.extension) buf.set(p.extension, at);
      break;
    }
    case 'sdes': {
      header(buf, at, p.chunks.length, RtcpPacketType.SDES, len);
      at += 4;
      for (const c of p.chunks) {
        const chunkStart = at;
        writeU32(buf, at, c.ssrc);
        at += 4;
        for (const it of c.items) {
          const len = utf8Length(it.text);
          if (len > 255) throw new RangeError('SDES item text longer than 255 octets');
          buf[at] = it.type;
          buf[at + 1] = len;
          writeUtf8(buf, at + 2, it.text);
          at += 2 + len;
        }
        at = chunkStart + ((at - chunkStart + 4) & ~3);
      }
      break;
    }
    case 'bye': {
      header(buf, at, p.ssrcs.length, RtcpPacketType.BYE, len);
      at += 4;
      for (const s of p.ssrcs) {
        writeU32(buf, at, s);
        at += 4;
      }
      if (p.reason !== undefined) {
        const len = utf8Length(p.reason);
        if (len > 255) throw new RangeError('BYE reason longer than 255 octets');
        buf[at] = len;
        writeUtf8(buf, at + 1, p.reason);
      }
      break;
    }
    case 'app': {
      if (p.name.length !== 4) throw new RangeError('APP name must be 4 ASCII characters');
      header(buf, at, p.subtype, RtcpPacketType.APP, len);
      writeU32(buf, at + 4, p.ssrc);
      for (let i = 0; i < 4; i++) buf[at + 8 + i] = p.name.charCodeAt(i);
      buf.set(p.data, at + 12);
      break;
    }
    case 'other': {
      header(buf, at, p.count, p.packetType, len);
      buf.set(p.body, at + 4);
      break;
    }
  }
  return start + len;
}

function writeBlocks(buf: Uint8Array, at: number, blocks: readonly ReportBlock[]): number {
  for (const b of blocks) {
    writeU32(buf, at, b.ssrc);
    const lost = Math.max(-0x800000, Math.min(0x7fffff, b.cumulativeLost)) & 0xffffff;
    writeU32(buf, at + 4, ((b.fractionLost & 0xff) << 24) | lost);
    writeU32(buf, at + 8, b.highestSequence);
    writeU32(buf, at + 12, b.jitter);
    writeU32(buf, at + 16, b.lastSenderReport);
    writeU32(buf, at + 20, b.delaySinceLastSenderReport);
    at += 24;
  }
  return at;
}
