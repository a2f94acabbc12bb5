export {
  buildHeaderExtension,
  type ExtensionElement,
  ONE_BYTE_PROFILE,
  parseExtensionElements,
  TWO_BYTE_PROFILE,
} from './header-extension.js';
export type { PacketError, Result } from './result.js';
export { encodeRtp, type RtpPacketInit, rtpEncodedLength } from './rtp-encode.js';
export {
  decodeRtp,
  RTP_HEADER_SIZE,
  type RtpHeaderExtension,
  type RtpPacket,
  rtpHeaderLength,
} from './rtp-packet.js';
export { seqBefore, seqDiff, timestampDiff } from './sequence.js';
