import type { SrtpKeyMaterial } from '../srtp/srtp-context.js';
import type { Clock, RandomSource } from './clock.js';
import type { PortRange } from './port-binding.js';
import type { LatchOptions } from './source-latch.js';

/** Where the peer said (in SDP) it wants media. */
export interface RemoteEndpoint {
  readonly address: string;
  readonly port: number;
  /** RTCP port when not muxed; default port + 1 (RFC 3550 section 11), or the RTP port with rtcp-mux. */
  readonly rtcpPort?: number;
}

/** SRTP keys for both directions (RFC 3711); each side sends under its own master key. */
export interface SrtpKeys {
  readonly send: SrtpKeyMaterial;
  readonly receive: SrtpKeyMaterial;
  /** Replay window in packets; default 64. */
  readonly replayWindow?: number;
}

/** Options of {@link RtpSession.open}. */
export interface RtpSessionOptions {
  /** Local address to bind (IPv4 or IPv6 literal). Default `0.0.0.0`. */
  readonly address?: string;
  /** A fixed RTP port (0 lets the system pick) or a range for an even RTP port. Default 10000-20000. */
  readonly port?: number | PortRange;
  /** Multiplex RTCP on the RTP port (RFC 5761). Default false. */
  readonly rtcpMux?: boolean;
  /** Initial send target; latching may move it (see {@link LatchOptions}). */
  readonly remote?: RemoteEndpoint;
  /** RTP clock rate of the media. Default 8000. */
  readonly clockRate?: number;
  /** Payload type used when `send` is given none. Default 0 (PCMU). */
  readonly payloadType?: number;
  /** Timestamp advance per `send` when none is given. Default 160 (20 ms at 8 kHz). */
  readonly samplesPerPacket?: number;
  /** Our CNAME (RFC 3550 section 6.5.1). Default a random token. */
  readonly cname?: string;
  /** Session bandwidth in bits per second, for the RTCP share (5%). Default 80000 (G.711 with headers). */
  readonly sessionBandwidth?: number;
  /** Use the reduced RTCP minimum interval 360/kb/s instead of 5 s (RFC 3550 section 6.2). */
  readonly reducedMinimum?: boolean;
  /** Send RTCP reports. Default true. */
  readonly rtcp?: boolean;
  readonly latch?: LatchOptions;
  readonly srtp?: SrtpKeys;
  readonly clock?: Clock;
  readonly random?: RandomSource;
}

/** Per-packet options of `send`. */
export interface SendOptions {
  readonly payloadType?: number;
  readonly marker?: boolean;
  /**
   * Media timestamp (relative to the session's random base) for this packet. When
   * given, the running timestamp is not advanced (RFC 4733 events reuse one timestamp).
   */
  readonly timestamp?: number;
  /** Timestamp units to advance after this packet; default `samplesPerPacket`. */
  readonly samples?: number;
}
