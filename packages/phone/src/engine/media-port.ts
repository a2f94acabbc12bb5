/**
 * The engine's media seam: what it needs from the media module to run the
 * audio of one call, and from the tone players. Declared here, by the
 * consumer, so the call model builds and is tested without sound or RTP; the
 * media module's MediaSession is adapted to it.
 */
import type { AudioCodecFactory } from '@twinkle/codecs';
import type { CodecCapability, NegotiatedAudio } from '@twinkle/sdp';
import type { DeviceRoute } from '../media/media-types.js';
import type { SecureMediaTransport } from '../security/secure-transport.js';
import type { DtmfTransportName } from './phone-options.js';

/** A codec as SDP sees it, carrying the factory that makes its encoder and decoders. */
export interface EngineCodec extends CodecCapability {
  readonly factory: AudioCodecFactory;
}

/** What a media session is opened with, before any SDP is written. */
export interface MediaOpenRequest {
  /** Line number (1-based) and profile name, for logs and device choice. */
  readonly line: number;
  readonly profile: string;
  /** Address to bind RTP to. */
  readonly address: string;
  /** Twinkle's `rtp_port`: the first port to try. */
  readonly port: number;
  /** Device names from the system settings (`dev_mic`, `dev_speaker`). */
  readonly microphone: string;
  readonly speaker: string;
  readonly dtmfTransport: DtmfTransportName;
  /** `ptime` of the profile, ms. */
  readonly ptime: number;
}

/** A DTMF key the far end sent in the media (RFC 4733 event or inband tone). */
export interface MediaDtmf {
  readonly digit: string;
  readonly durationMs: number;
  readonly method: 'rfc2833' | 'inband';
}

/** Media flows with this codec (at start and after each codec change). */
export interface MediaFlowing {
  readonly codec: string;
  readonly payloadType: number;
  readonly clockRate: number;
  readonly ptimeMs: number;
  readonly remote: string;
}

/** One call's media: an RTP port, then the negotiated stream. */
export interface MediaPort {
  /** The RTP port bound, written into our SDP. */
  readonly localPort: number;
  /** The RTCP port when it is not `localPort + 1` (written as a=rtcp, RFC 3605). */
  readonly localRtcpPort?: number;
  /** Starts or changes the stream after an offer/answer exchange (hold, codec change, new address). */
  apply(audio: NegotiatedAudio<EngineCodec>): void | Promise<void>;
  /**
   * Sends a DTMF key in the media (RFC 4733 or inband, per the transport the port was opened
   * with); resolves when the key has been sent, so a BYE right after does not cut it off.
   */
  sendDtmf(digit: string): void | Promise<void>;
  /** Stops sending microphone audio (the stream keeps running: silence is sent). */
  setMuted(muted: boolean): void;
  /** DTMF the far end sent in the media; returns an unsubscribe function. */
  onDtmf(listener: (dtmf: MediaDtmf) => void): () => void;
  /** Media started flowing (or changed codec); returns an unsubscribe function. */
  onFlowing(listener: (flowing: MediaFlowing) => void): () => void;
  /** The call's audio as a conference mixer's leg; optional (a port without it cannot be mixed). */
  mixerLeg?(): MixerLegPort | undefined;
  /** Something the user should be told once (no sound card: a device fell back); optional. */
  onNotice?(listener: (message: string) => void): () => void;
  /** The RTP port for ZRTP and SRTP (call security); absent for media without RTP. */
  readonly secure?: SecureMediaTransport;
  /** Releases sockets and devices. */
  close(): void | Promise<void>;
}

/** A call's audio as one leg of a local conference (see conference/): 20 ms frames at the call's device rates. */
export interface MixerLegPort {
  /** Rate of the frames {@link pushSend} takes; undefined until the media started. */
  readonly sendRate: number | undefined;
  /** Rate of the frames {@link pullReceived} gives; undefined until the media started. */
  readonly receiveRate: number | undefined;
  /** Encodes and sends one frame to the far end. */
  pushSend(frame: Int16Array): void;
  /** Fills one frame with what the far end said (decoded, concealed, or silence). */
  pullReceived(frame: Int16Array): void;
  /**
   * Routes the call's own microphone and speaker to a mixer (absent handlers: microphone
   * dropped, speaker silent), or gives them back to the call with undefined.
   */
  routeDevices(route: DeviceRoute | undefined): void;
}

/** Opens the media of calls. */
export interface MediaFactory {
  open(request: MediaOpenRequest): Promise<MediaPort>;
}

/** Something playing that can be stopped. */
export interface Playing {
  stop(): void;
}

/** Ring tone for incoming calls and local ringback for outgoing ones. */
export interface TonePlayer {
  /** `file`: this call's ring tone (the incoming-call script's ringtone=), else the configured one. */
  ring(line: number, file?: string): Playing;
  ringback(line: number): Playing;
  /** The beep telling the user a second call is waiting. */
  callWaiting?(line: number): Playing;
}
