/**
 * The media module's MediaSession as the engine's media seam: a port of the
 * `rtp_port` range bound when the call's first SDP is written, started with
 * the first negotiation and updated by each later one (hold, codec change).
 */
import type { AudioSink, AudioSource, MediaClock } from '@twinkle/audio-alsa';
import type { NegotiatedAudio } from '@twinkle/sdp';
import { MediaSession } from '../media/media-session.js';
import type { MediaSessionOptions } from '../media/media-types.js';
import type { SecureMediaTransport } from '../security/secure-transport.js';
import type {
  EngineCodec,
  MediaDtmf,
  MediaFactory,
  MediaFlowing,
  MediaOpenRequest,
  MediaPort,
  MixerLegPort,
} from './media-port.js';

/** How many ports of `rtp_port` upwards calls may use (RTP and RTCP pairs). */
const RTP_PORT_SPAN = 200;

/** Longest wait for one DTMF key to leave (Twinkle's dtmf_duration is at most 500 ms). */
const DTMF_WAIT_LIMIT_MS = 2000;

/** Options of {@link mediaSessionFactory}. */
export interface MediaSessionFactoryOptions {
  /** Paces devices and jitter buffers (default real time). */
  readonly clock?: MediaClock;
  /** Device objects instead of the names in the settings (tests, embedding applications). */
  readonly devices?: (request: MediaOpenRequest) => { microphone?: AudioSource; speaker?: AudioSink };
  readonly jitter?: MediaSessionOptions['jitter'];
  readonly dsp?: MediaSessionOptions['dsp'];
  /**
   * A per-call look at each received RTP packet before the jitter buffer (return true to
   * drop it): for measurements such as the time to the first packet, and loss tests.
   */
  readonly incomingFilter?: (request: MediaOpenRequest) => MediaSessionOptions['dropIncoming'];
}

class SessionPort implements MediaPort {
  readonly #session: MediaSession;
  #started: Promise<void> | undefined;

  constructor(session: MediaSession) {
    this.#session = session;
  }

  get localPort(): number {
    return this.#session.localAddress.port;
  }

  get secure(): SecureMediaTransport {
    return this.#session.secureTransport;
  }

  get localRtcpPort(): number {
    return this.#session.localRtcpAddress.port;
  }

  async apply(audio: NegotiatedAudio<EngineCodec>): Promise<void> {
    if (this.#started === undefined) {
      // Nothing to send or receive yet (every codec refused): wait for a later exchange.
      if (!audio.sendCodec && audio.receiveCodecs.size === 0) return;
      this.#started = this.#session.start(audio);
      await this.#started;
      return;
    }
    await this.#started;
    this.#session.update(audio);
  }

  async sendDtmf(digit: string): Promise<void> {
    this.#session.sendDtmf(digit);
    // The key goes out over the next frames (event packets or tones): wait for it, bounded.
    const end = Date.now() + DTMF_WAIT_LIMIT_MS;
    while (this.#session.dtmfBusy && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  }

  setMuted(muted: boolean): void {
    this.#session.setMuted(muted);
  }

  onDtmf(listener: (dtmf: MediaDtmf) => void): () => void {
    return this.#session.onDtmf((d) =>
      listener({ digit: d.digit, durationMs: d.durationMs, method: d.method }),
    );
  }

  onFlowing(listener: (flowing: MediaFlowing) => void): () => void {
    return this.#session.onStarted((s) =>
      listener({
        codec: s.codec,
        payloadType: s.payloadType,
        clockRate: s.clockRate,
        ptimeMs: s.ptimeMs,
        remote: `${s.remote.address}:${s.remote.port}`,
      }),
    );
  }

  mixerLeg(): MixerLegPort {
    const s = this.#session;
    return {
      get sendRate() {
        return s.sendRate;
      },
      get receiveRate() {
        return s.receiveRate;
      },
      pushSend: (frame) => s.pushSendFrame(frame),
      pullReceived: (frame) => s.pullReceivedFrame(frame),
      routeDevices: (route) => s.routeDevices(route),
    };
  }

  onNotice(listener: (message: string) => void): () => void {
    return this.#session.onDeviceNotice((n) => listener(`${n.role} ${n.device}: ${n.message}`));
  }

  async close(): Promise<void> {
    await this.#session.close();
  }
}

/** A MediaFactory over the media module's MediaSession (RTP, codecs, jitter buffer, devices). */
export function mediaSessionFactory(options: MediaSessionFactoryOptions = {}): MediaFactory {
  return {
    async open(request: MediaOpenRequest): Promise<MediaPort> {
      const devices = options.devices?.(request) ?? {};
      const dropIncoming = options.incomingFilter?.(request);
      const session = await MediaSession.open({
        address: request.address,
        port:
          request.port === 0 ? 0 : { min: request.port, max: Math.min(65535, request.port + RTP_PORT_SPAN) },
        microphone: devices.microphone ?? request.microphone,
        speaker: devices.speaker ?? request.speaker,
        dtmfTransport: request.dtmfTransport,
        ...(options.clock === undefined ? {} : { clock: options.clock }),
        ...(options.jitter === undefined ? {} : { jitter: options.jitter }),
        ...(options.dsp === undefined ? {} : { dsp: options.dsp }),
        ...(dropIncoming === undefined ? {} : { dropIncoming }),
      });
      return new SessionPort(session);
    },
  };
}
