import type { AudioSink, AudioSource, MediaClock } from '@twinkle/audio-alsa';
import type { Clock, RtpPacket, SrtpKeys } from '@twinkle/rtp';

/** Twinkle's `dtmf_transport`. `info` is signalled by SIP (RFC 2976 INFO), so the media session sends nothing for it. */
export type DtmfTransport = 'rfc2833' | 'inband' | 'auto' | 'info';

/** A key received from the far end, reported once. */
export interface DtmfReceived {
  readonly digit: string;
  readonly durationMs: number;
  /** `rfc2833`: an RFC 4733 event on the RTP stream; `inband`: tones heard in the decoded audio. */
  readonly method: 'rfc2833' | 'inband';
}

/** A transport address (IP literal and port). */
export interface MediaAddress {
  readonly address: string;
  readonly port: number;
}

/** Media flows with this codec (at start, and again after a codec change on re-INVITE). */
export interface MediaStarted {
  readonly codec: string;
  /** The payload type we send with (the remote's number, RFC 3264 section 6.1). */
  readonly payloadType: number;
  readonly clockRate: number;
  readonly ptimeMs: number;
  readonly local: MediaAddress;
  readonly remote: MediaAddress;
}

/** Reception and round-trip figures of the call. */
export interface MediaStats {
  readonly packetsSent: number;
  readonly packetsReceived: number;
  /** Cumulative packets lost, as the RFC 3550 A.3 statistics count them. */
  readonly packetsLost: number;
  /** Lost fraction since the start of the stream (0..1). */
  readonly fractionLost: number;
  /** Interarrival jitter (RFC 3550 A.8), ms. */
  readonly jitterMs: number;
  /** Round-trip time from the far end's last report about us (RFC 3550 6.4.1), ms. */
  readonly rttMs: number | undefined;
  /** The far end's report about our stream: its loss fraction (0..1), when it sent one. */
  readonly remoteFractionLost: number | undefined;
  /** Frames concealed by the decoder (lost or late). */
  readonly concealed: number;
  /** The jitter buffer's current target delay, ms. */
  readonly jitterBufferMs: number;
}

/** A device that is not what was asked for (no sound card, unplugged): say it to the user once. */
export interface DeviceNotice {
  readonly role: 'microphone' | 'speaker';
  readonly device: string;
  readonly message: string;
}

/** Mic-path processing (audio-alsa's `MicProcessor`); all off by default. */
export interface DspSettings {
  readonly echoCancellation?: boolean;
  readonly noiseSuppression?: boolean;
  readonly gainControl?: boolean;
}

/** Options of {@link MediaSession.open}. */
export interface MediaSessionOptions {
  /** Local address to bind RTP to (tests: 127.0.0.1). Default `0.0.0.0`. */
  readonly address?: string;
  /** A fixed port or Twinkle's `rtp_port` range. Default 8000-8999. */
  readonly port?: number | { readonly min: number; readonly max: number };
  /** Offer/accept rtcp-mux (RFC 5761) by binding one port. Default false. */
  readonly rtcpMux?: boolean;
  /** Microphone: a device name (`dev_mic`: ALSA name, `file:`, `tone:`, `null`) or a device. Default `null`. */
  readonly microphone?: string | AudioSource;
  /** Speaker: a device name (`dev_speaker`, `record:`, `null`) or a device. Default `null`. */
  readonly speaker?: string | AudioSink;
  /**
   * Sample rate to open named devices at. Default: the first send codec's rate. The
   * session resamples between it and each codec's rate, so a codec change never reopens them.
   */
  readonly deviceSampleRate?: number;
  /** Paces named devices and the jitter buffer. Default a `RealTimeClock`. */
  readonly clock?: MediaClock;
  /** The RTP session's clock (RTCP schedule and NTP timestamps); default the system clock. Tests run RTCP in virtual time with it. */
  readonly rtpClock?: Clock;
  /** `dtmf_transport`. Default `auto`. */
  readonly dtmfTransport?: DtmfTransport;
  /** Detect inband DTMF in received audio (off once the far end sends RFC 4733 events). Default true. */
  readonly detectInbandDtmf?: boolean;
  readonly dsp?: DspSettings;
  /** Jitter buffer bounds, ms. Defaults 20 and 200. */
  readonly jitter?: { readonly minDelayMs?: number; readonly maxDelayMs?: number };
  /** SRTP keys from the start (SDES); ZRTP calls {@link MediaSession.setSrtp} later. */
  readonly srtp?: SrtpKeys;
  /** Test and diagnostics hook: return true to drop a received RTP packet before the jitter buffer. */
  readonly dropIncoming?: (packet: RtpPacket) => boolean;
}

/**
 * Where a session's own devices go instead of its RTP paths (a local conference mixes several
 * calls on one microphone and speaker). Absent handlers: microphone frames are dropped, the
 * speaker plays silence.
 */
export interface DeviceRoute {
  /** Each microphone frame (20 ms at the microphone's rate). */
  readonly microphone?: (frame: Int16Array) => void;
  /** Fills each speaker frame (20 ms at the speaker's rate). */
  readonly speaker?: (frame: Int16Array) => void;
}
