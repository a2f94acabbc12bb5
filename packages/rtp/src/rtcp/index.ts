export {
  compactNtpFromUnixMs,
  NTP_UNIX_OFFSET_SECONDS,
  type NtpTimestamp,
  ntpFromUnixMs,
  ntpMiddle32,
  roundTripSeconds,
} from './ntp.js';
export {
  MAX_DROPOUT,
  MAX_MISORDER,
  MIN_SEQUENTIAL,
  ReceiverStatistics,
  type SourceCounters,
} from './receiver-statistics.js';
export {
  deterministicInterval,
  RTCP_MIN_INTERVAL_SECONDS,
  type RtcpIntervalInput,
  reducedMinimumSeconds,
  rtcpInterval,
} from './report-interval.js';
export { encodeRtcp, rtcpCompoundLength, rtcpPacketLength } from './rtcp-build.js';
export { type ParseRtcpOptions, parseRtcp } from './rtcp-parse.js';
export type {
  AppPacket,
  Goodbye,
  OtherRtcpPacket,
  ReceiverReport,
  ReportBlock,
  RtcpPacket,
  SdesChunk,
  SdesItem,
  SenderInfo,
  SenderReport,
  SourceDescription,
} from './rtcp-types.js';
export { RtcpPacketType, SdesItemType } from './rtcp-types.js';
