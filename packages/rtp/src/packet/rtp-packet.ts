import { fail, ok, type PacketError, type Result } from './result.js';

/** Fixed RTP header size in octets (RFC 3550 section 5.1). */
export const RTP_HEADER_SIZE = 12;

/** A header extension as carried on the wire (RFC 3550 section 5.3.1). */
export interface RtpHeaderExtension {
  /** The 16-bit "defined by profile" field (0xBEDE for RFC 8285 one-byte elements). */
  readonly profile: number;
  /** Extension body, a multiple of 4 octets; a view into the packet on receive. */
  readonly data: Uint8Array;
}

/**
 * A decoded RTP packet. On receive, `payload` and `extension.data` are views
 * into the buffer that was decoded: nothing is copied, so the caller must not
 * reuse that buffer while the packet is still in use.
 */
export interface RtpPacket {
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly csrcs: readonly number[];
  readonly extension: RtpHeaderExtension | undefined;
  readonly payload: Uint8Array;
  /** Number of padding octets (including the count octet) that followed the payload; 0 if none. */
  readonly paddingLength: number;
}

const NO_CSRCS: readonly number[] = Object.freeze([]);

/**
 * Length of the RTP header (fixed part, CSRC list and header extension) of
 * `buf`, or a negative number when the header is malformed or truncated.
 * Used by SRTP, which needs to know where the payload starts without a full decode.
 */
export function rtpHeaderLength(buf: Uint8Array): number {
  if (buf.length < RTP_HEADER_SIZE || buf[0]! >> 6 !== 2) return -1;
  let len = RTP_HEADER_SIZE + (buf[0]! & 0x0f) * 4;
  if (buf[0]! & 0x10) {
    if (buf.length < len + 4) return -1;
    len += 4 + ((buf[len + 2]! << 8) | buf[len + 3]!) * 4;
  }
  return len <= buf.length ? len : -1;
}

/**
 * Decodes an RTP packet (RFC 3550 section 5.1) as a view over `buf`.
 * Checks the version, the CSRC count and extension length against the packet
 * size, and the padding count (RFC 3550 A.1 header validity checks).
 */
export function decodeRtp(buf: Uint8Array): Result<RtpPacket, PacketError> {
  const len = buf.length;
  if (len < RTP_HEADER_SIZE) return fail('too-short', 'shorter than the 12-octet RTP header', 0);
  const b0 = buf[0]!;
  if (b0 >> 6 !== 2) return fail('bad-version', 'RTP version is not 2', 0);
  const b1 = buf[1]!;
  const cc = b0 & 0x0f;
  let offset = RTP_HEADER_SIZE;
  let csrcs = NO_CSRCS;
  if (cc > 0) {
    if (len < offset + cc * 4) return fail('bad-csrc', 'CSRC list runs past the end of the packet', 0);
    const list: number[] = new Array(cc);
    for (let i = 0; i < cc; i++) list[i] = readU32(buf, offset + i * 4);
    csrcs = list;
    offset += cc * 4;
  }
  let extension: RtpHeaderExtension | undefined;
  if (b0 & 0x10) {
    if (len < offset + 4) return fail('bad-extension', 'header extension header truncated', offset);
    const profile = (buf[offset]! << 8) | buf[offset + 1]!;
    const words = (buf[offset + 2]! << 8) | buf[offset + 3]!;
    const end = offset + 4 + words * 4;
    if (end > len) return fail('bad-extension', 'header extension runs past the end of the packet', offset);
    extension = { profile, data: buf.subarray(offset + 4, end) };
    offset = end;
  }
  let paddingLength = 0;
  if (b0 & 0x20) {
    paddingLength = buf[len - 1]!;
    // The count includes itself, so 0 is invalid; it may not eat into the header.
    if (paddingLength === 0 || offset + paddingLength > len) {
      return fail('bad-padding', 'padding count is zero or larger than the payload', len - 1);
    }
  }
  return ok({
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: (buf[2]! << 8) | buf[3]!,
    timestamp: readU32(buf, 4),
    ssrc: readU32(buf, 8),
    csrcs,
    extension,
    payload: buf.subarray(offset, len - paddingLength),
    paddingLength,
  });
}

/** Reads a big-endian unsigned 32-bit integer. */
export function readU32(buf: Uint8Array, at: number): number {
  return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
}

/** Writes a big-endian unsigned 32-bit integer. */
export function writeU32(buf: Uint8Array, at: number, value: number): void {
  buf[at] = value >>> 24;
  buf[at + 1] = value >>> 16;
  buf[at + 2] = value >>> 8;
  buf[at + 3] = value;
}
