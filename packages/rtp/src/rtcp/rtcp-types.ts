/** RTCP packet types (RFC 3550 section 12.1). */
export const RtcpPacketType = { SR: 200, RR: 201, SDES: 202, BYE: 203, APP: 204 } as const;

/** SDES item types (RFC 3550 section 12.2). */
export const SdesItemType = {
  CNAME: 1,
  NAME: 2,
  EMAIL: 3,
  PHONE: 4,
  LOC: 5,
  TOOL: 6,
  NOTE: 7,
  PRIV: 8,
} as const;

/** A reception report block (RFC 3550 section 6.4.1). */
export interface ReportBlock {
  /** SSRC of the source this block reports on. */
  readonly ssrc: number;
  /** Fraction lost since the previous report, as a fixed-point number with the binary point at the left (0..255). */
  readonly fractionLost: number;
  /** Cumulative number of packets lost, signed 24-bit (duplicates can make it negative). */
  readonly cumulativeLost: number;
  /** Extended highest sequence number received (cycles in the upper 16 bits). */
  readonly highestSequence: number;
  /** Interarrival jitter in timestamp units (RFC 3550 section 6.4.1, A.8). */
  readonly jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR from this source (LSR), 0 if none. */
  readonly lastSenderReport: number;
  /** Delay since that SR in units of 1/65536 second (DLSR), 0 if none. */
  readonly delaySinceLastSenderReport: number;
}

/** The sender information of an SR (RFC 3550 section 6.4.1). */
export interface SenderInfo {
  /** NTP timestamp, integer seconds since 1900 (most significant word). */
  readonly ntpSeconds: number;
  /** NTP timestamp, fraction of a second in units of 2^-32 (least significant word). */
  readonly ntpFraction: number;
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
}

/** Sender report (PT 200). */
export interface SenderReport {
  readonly type: 'sr';
  readonly ssrc: number;
  readonly sender: SenderInfo;
  readonly reports: readonly ReportBlock[];
  /** Profile-specific extension octets after the report blocks, if any. */
  readonly extension?: Uint8Array;
}

/** Receiver report (PT 201). */
export interface ReceiverReport {
  readonly type: 'rr';
  readonly ssrc: number;
  readonly reports: readonly ReportBlock[];
  readonly extension?: Uint8Array;
}

/** One SDES item; `text` is UTF-8 decoded (PRIV items keep their prefix inside the text). */
export interface SdesItem {
  readonly type: number;
  readonly text: string;
}

/** One SDES chunk: the items describing one source. */
export interface SdesChunk {
  readonly ssrc: number;
  readonly items: readonly SdesItem[];
}

/** Source description (PT 202). */
export interface SourceDescription {
  readonly type: 'sdes';
  readonly chunks: readonly SdesChunk[];
}

/** Goodbye (PT 203). */
export interface Goodbye {
  readonly type: 'bye';
  readonly ssrcs: readonly number[];
  readonly reason?: string;
}

/** Application-defined packet (PT 204). */
export interface AppPacket {
  readonly type: 'app';
  /** The 5-bit subtype carried in the count field. */
  readonly subtype: number;
  readonly ssrc: number;
  /** Four ASCII characters. */
  readonly name: string;
  /** Application data, a multiple of 4 octets. */
  readonly data: Uint8Array;
}

/** Any other RTCP packet (RTPFB, PSFB, XR, ...), kept as its raw body so it is not lost. */
export interface OtherRtcpPacket {
  readonly type: 'other';
  readonly packetType: number;
  /** The 5-bit count/format field. */
  readonly count: number;
  /** Everything after the 4-octet header, padding removed. */
  readonly body: Uint8Array;
}

/** One packet of an RTCP compound packet. */
export type RtcpPacket =
  | SenderReport
  | ReceiverReport
  | SourceDescription
  | Goodbye
  | AppPacket
  | OtherRtcpPacket;
