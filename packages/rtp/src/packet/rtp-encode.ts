import { RTP_HEADER_SIZE, type RtpHeaderExtension, writeU32 } from './rtp-packet.js';

/** What to put in an outgoing RTP packet. */
export interface RtpPacketInit {
  readonly marker?: boolean;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly csrcs?: readonly number[];
  readonly extension?: RtpHeaderExtension;
  readonly payload: Uint8Array;
  /** Padding octets to append (1..255), for example to hide payload sizes or align for SRTP. */
  readonly paddingLength?: number;
}

/** Size in octets that {@link encodeRtp} will write for `p`. */
export function rtpEncodedLength(p: RtpPacketInit): number {
  const cc = p.csrcs?.length ?? 0;
  const ext = p.extension ? 4 + p.extension.data.length : 0;
  return RTP_HEADER_SIZE + cc * 4 + ext + p.payload.length + (p.paddingLength ?? 0);
}

/**
 * Encodes an RTP packet (RFC 3550 section 5.1). When `out` is given the packet is
 * written into it at `offset` (no allocation) and a view of the written bytes is
 * returned; otherwise a new buffer is allocated. Throws RangeError on values a
 * caller could never legally send (these are programming errors, not network input).
 */
export function encodeRtp(p: RtpPacketInit, out?: Uint8Array, offset = 0): Uint8Array {
  const cc = p.csrcs?.length ?? 0;
  const pad = p.paddingLength ?? 0;
  if (cc > 15) throw new RangeError('at most 15 CSRCs fit in an RTP header');
  if (p.payloadType < 0 || p.payloadType > 127) throw new RangeError('payload type must be 0..127');
  if (pad < 0 || pad > 255) throw new RangeError('padding length must be 0..255');
  if (p.extension && p.extension.data.length % 4 !== 0) {
    throw new RangeError('header extension data must be a multiple of 4 octets');
  }
  const total = rtpEncodedLength(p);
  const buf = out ?? Buffer.allocUnsafe(total);
  if (buf.length - offset < total) throw new RangeError(`output buffer too small: need ${total} octets`);
  buf[offset] = 0x80 | (pad > 0 ? 0x20 : 0) | (p.extension ? 0x10 : 0) | cc;
  buf[offset + 1] = (p.marker ? 0x80 : 0) | p.payloadType;
  buf[offset + 2] = p.sequenceNumber >>> 8;
  buf[offset + 3] = p.sequenceNumber;
  writeU32(buf, offset + 4, p.timestamp);
  writeU32(buf, offset + 8, p.ssrc);
  let at = offset + RTP_HEADER_SIZE;
  for (let i = 0; i < cc; i++, at += 4) writeU32(buf, at, p.csrcs![i]!);
  if (p.extension) {
    const ext = p.extension;
    buf[at] = ext.profile >>> 8;
    buf[at + 1] = ext.profile;
    buf[at + 2] = (ext.data.length / 4) >>> 8;
    buf[at + 3] = ext.data.length / 4;
    buf.set(ext.data, at + 4);
    at += 4 + ext.data.length;
  }
  buf.set(p.payload, at);
  at += p.payload.length;
  if (pad > 0) {
    buf.fill(0, at, at + pad - 1);
    buf[at + pad - 1] = pad;
    at += pad;
  }
  return buf.subarray(offset, at);
}
