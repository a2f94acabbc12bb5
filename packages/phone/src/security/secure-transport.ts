/**
 * What call security needs of a call's RTP: the port's datagrams (ZRTP shares the RTP
 * port, RFC 6189 section 5), a way to send its own, the SSRC for ZRTP packet headers and
 * the switch to SRTP. @twinkle/rtp's RtpSession has exactly these members.
 */
import type { SrtpKeys } from '@twinkle/rtp';

/** A datagram source address. */
export interface DatagramFrom {
  readonly address: string;
  readonly port: number;
}

export interface SecureMediaTransport {
  /** Our RTP SSRC (ZRTP packets carry it, section 5). */
  readonly ssrc: number;
  /** Sees every datagram on the RTP port first; true takes it away from RTP. */
  intercept(filter: ((datagram: Uint8Array, from: DatagramFrom) => boolean) | undefined): void;
  /** Sends a datagram as it is to `to`, by default where RTP goes; false when there is nowhere yet. */
  sendDatagram(bytes: Uint8Array, to?: DatagramFrom): boolean;
  /** Switches RTP (and RTCP) to SRTP with these keys, or back to RTP with undefined. */
  setSrtp(keys: SrtpKeys | undefined): void;
}
