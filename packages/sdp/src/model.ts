/**
 * The typed session description model (RFC 8866, formerly RFC 4566). It is
 * our own: sdp-transform is used underneath to read and write lines, but none
 * of its types appear here. Values are plain readonly data.
 */

/** Address type of `c=` and `o=` lines. */
export type AddressType = 'IP4' | 'IP6';

/** Media direction attributes (RFC 3264 section 5.1, RFC 8866 section 6.7). */
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** `o=` line (RFC 8866 section 5.2). */
export interface Origin {
  readonly username: string;
  /** Kept as text: real session ids exceed 2^53. */
  readonly sessionId: string;
  /** Exact, as RFC 3264 section 8 compares and increments it. */
  readonly sessionVersion: bigint;
  readonly addressType: AddressType;
  readonly address: string;
}

/** `c=` line (RFC 8866 section 5.7); only the `IN` network type exists. */
export interface Connection {
  readonly addressType: AddressType;
  /** Unicast address or host name; a multicast TTL suffix stays in the text. */
  readonly address: string;
}

/** `t=` line (RFC 8866 section 5.9), NTP seconds; `0 0` is an unbounded session. */
export interface Timing {
  readonly start: number;
  readonly stop: number;
}

/** `b=` line (RFC 8866 section 5.8). */
export interface Bandwidth {
  readonly type: string;
  readonly limit: number;
}

/** `a=rtpmap:` (RFC 8866 section 6.6). */
export interface RtpMap {
  readonly payloadType: number;
  readonly encoding: string;
  /** Absent only when the remote wrote an rtpmap without a rate. */
  readonly clockRate?: number;
  readonly channels?: number;
}

/** `a=fmtp:` with its parameters kept as written (RFC 8866 section 6.15). */
export interface Fmtp {
  readonly payloadType: number;
  readonly parameters: string;
}

/** `a=rtcp:` (RFC 3605): the RTCP port, and address when not the media one. */
export interface RtcpAttribute {
  readonly port: number;
  readonly connection?: Connection;
}

/** `a=crypto:` (RFC 4568 section 9.1), SDES keying for SRTP. */
export interface CryptoAttribute {
  readonly tag: number;
  /** For example `AES_CM_128_HMAC_SHA1_80`. */
  readonly suite: string;
  /** Key parameters as written, `inline:<key||salt>[|lifetime][|MKI:length]`, `;`-separated. */
  readonly keyParams: string;
  /** Session parameters (for example `UNENCRYPTED_SRTCP`), in order. */
  readonly sessionParams: readonly string[];
}

/** `a=zrtp-hash:` (RFC 6189 section 8.1): protocol version and the Hello hash. */
export interface ZrtpHash {
  readonly version: string;
  readonly hash: string;
}

/** Any other attribute, kept verbatim: `a=name` or `a=name:value`. */
export interface Attribute {
  readonly name: string;
  readonly value?: string;
}

/** One media description, from its `m=` line to the next (RFC 8866 section 5.14). */
export interface MediaDescription {
  /** `audio`, `video`, `image`, `application`, ... */
  readonly type: string;
  /** 0 marks a rejected or disabled stream (RFC 3264 sections 6 and 8.2). */
  readonly port: number;
  /** `RTP/AVP`, `RTP/SAVP`, `udptl`, ... */
  readonly protocol: string;
  /** The format list of the `m=` line, verbatim (payload types for RTP). */
  readonly formats: readonly string[];
  readonly rtpMaps: readonly RtpMap[];
  readonly fmtps: readonly Fmtp[];
  readonly connection?: Connection;
  readonly bandwidths: readonly Bandwidth[];
  /** The explicit direction attribute, if any (the default is sendrecv). */
  readonly direction?: Direction;
  /** Milliseconds of media per packet the sender of this SDP wants to receive. */
  readonly ptime?: number;
  readonly maxptime?: number;
  readonly rtcp?: RtcpAttribute;
  /** `a=rtcp-mux` (RFC 5761). */
  readonly rtcpMux: boolean;
  readonly crypto: readonly CryptoAttribute[];
  readonly zrtpHash?: ZrtpHash;
  /** Every other attribute, in order (ICE and the like land here, uninterpreted). */
  readonly attributes: readonly Attribute[];
}

/** A whole session description. */
export interface SessionDescription {
  readonly origin: Origin;
  /** `s=`; RFC 8866 asks for `-` or a space when there is no name. */
  readonly name: string;
  readonly information?: string;
  readonly connection?: Connection;
  readonly bandwidths: readonly Bandwidth[];
  readonly timing: Timing;
  /** Session-level direction, the default for every medium without its own. */
  readonly direction?: Direction;
  readonly zrtpHash?: ZrtpHash;
  readonly attributes: readonly Attribute[];
  readonly media: readonly MediaDescription[];
}

/** The address type an address text implies: IPv6 literals contain a colon. */
export const addressTypeOf = (address: string): AddressType => (address.includes(':') ? 'IP6' : 'IP4');
