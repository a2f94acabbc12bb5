import {
  type AudioFormat,
  type AudioSink,
  type AudioSource,
  EchoReference,
  Listeners,
  type MediaClock,
  RealTimeClock,
  type Unsubscribe,
} from '@twinkle/audio-alsa';
import { RtpSession, type SrtpKeys } from '@twinkle/rtp';
import { type NegotiatedAudio, parseFmtpParams } from '@twinkle/sdp';
import type { SecureMediaTransport } from '../security/secure-transport.js';
import type { MediaCodec } from './media-codec.js';
import { MediaSessionError } from './media-session-error.js';
import { collectMediaStats } from './media-stats.js';
import type {
  DeviceNotice,
  DeviceRoute,
  DtmfReceived,
  MediaAddress,
  MediaSessionOptions,
  MediaStarted,
  MediaStats,
} from './media-types.js';
import { type ReceiveCodecConfig, ReceivePath } from './receive-path.js';
import { chooseSendFrame } from './send-frame.js';
import { type SendCodecConfig, SendPath } from './send-path.js';
import { SessionDevices } from './session-devices.js';

/** The negotiated audio stream, with our codec capabilities (see {@link mediaCodecs}). */
export type MediaNegotiation = NegotiatedAudio<MediaCodec>;

/** Device frames are 20 ms whatever the ptime: the paths cut and join frames. */
const DEVICE_FRAME_MS = 20;

/**
 * The media of one call (DESIGN "How a call flows", steps 5 and 6): an RTP session on a port
 * of the configured range, the negotiated codec, a jitter buffer, a microphone and a speaker.
 * The microphone's clock paces capture -> encode -> RTP; the speaker pulls RTP -> jitter
 * buffer -> decode -> playback at its own pace. `open` binds the port (the SDP needs it),
 * `start` begins with a negotiation result, `update` applies a re-INVITE's (codec, hold,
 * remote address) on the same socket, `close` ends it all.
 */
export class MediaSession {
  readonly #options: MediaSessionOptions;
  readonly #rtp: RtpSession;
  readonly #clock: MediaClock;
  readonly #started = new Listeners<MediaStarted>();
  readonly #dtmf = new Listeners<DtmfReceived>();
  readonly #stats = new Listeners<MediaStats>();
  readonly #notices = new Listeners<DeviceNotice>();
  readonly #errors = new Listeners<Error>();
  #send: SendPath | undefined;
  #receive: ReceivePath | undefined;
  #mic: AudioSource | undefined;
  #speaker: AudioSink | undefined;
  #audio: MediaNegotiation | undefined;
  #route: DeviceRoute | undefined;
  #received = 0;
  #dropped = 0;
  #closed = false;
  readonly #devices: SessionDevices;

  private constructor(options: MediaSessionOptions, rtp: RtpSession) {
    this.#options = options;
    this.#rtp = rtp;
    this.#clock = options.clock ?? new RealTimeClock();
    this.#devices = new SessionDevices(this.#clock, (n) => this.#notices.emit(n));
    rtp.onPacket((packet) => {
      this.#received++;
      if (this.#options.dropIncoming?.(packet)) return;
      this.#receive?.put(packet);
    });
    rtp.onDrop(() => {
      this.#dropped++;
    });
    rtp.onError((e) => this.#errors.emit(e));
    rtp.onRtcp(() => {
      if (this.#receive) this.#stats.emit(this.stats());
    });
  }

  /** Binds the RTP port (and RTCP unless muxed) so that the SDP can name it. */
  static async open(options: MediaSessionOptions = {}): Promise<MediaSession> {
    const rtp = await RtpSession.open({
      address: options.address ?? '0.0.0.0',
      port: options.port ?? { min: 8000, max: 8999 },
      rtcpMux: options.rtcpMux ?? false,
      ...(options.srtp ? { srtp: options.srtp } : {}),
      ...(options.rtpClock ? { clock: options.rtpClock } : {}),
    });
    return new MediaSession(options, rtp);
  }

  /** Our RTP transport address, for the SDP. */
  get localAddress(): MediaAddress {
    return this.#rtp.localAddress;
  }

  /**
   * Our RTCP transport address: the RTP port + 1 from a port range, the RTP address with
   * rtcp-mux, any free port with port 0 (then the SDP needs `a=rtcp`, RFC 3605: pass it as `rtcpPort`).
   */
  get localRtcpAddress(): MediaAddress {
    return this.#rtp.localRtcpAddress;
  }

  /** RTP datagrams received (before the test hook drops any). */
  get packetsReceived(): number {
    return this.#received;
  }

  /** Datagrams the RTP session refused (SRTP authentication, latching, malformed, loops). */
  get packetsDropped(): number {
    return this.#dropped;
  }

  /** RTP packets sent. */
  get packetsSent(): number {
    return this.#rtp.stats().packetsSent;
  }

  /** Whether keys queued with {@link sendDtmf} are still being sent. */
  get dtmfBusy(): boolean {
    return (this.#send?.eventsBusy ?? false) || (this.#send?.tonesBusy ?? false);
  }

  onStarted(listener: (e: MediaStarted) => void): Unsubscribe {
    return this.#started.add(listener);
  }
  onDtmf(listener: (e: DtmfReceived) => void): Unsubscribe {
    return this.#dtmf.add(listener);
  }
  /** Emitted whenever an RTCP report arrives; {@link stats} gives the same figures at any time. */
  onStats(listener: (e: MediaStats) => void): Unsubscribe {
    return this.#stats.add(listener);
  }
  /** A device fell back (no sound card) or went away: say it once. */
  onDeviceNotice(listener: (e: DeviceNotice) => void): Unsubscribe {
    return this.#notices.add(listener);
  }
  onError(listener: (e: Error) => void): Unsubscribe {
    return this.#errors.add(listener);
  }

  /** Opens the devices and starts the media with the first negotiation result. */
  async start(audio: MediaNegotiation): Promise<void> {
    if (this.#closed) throw new MediaSessionError('closed', 'media session is closed');
    if (this.#send) throw new MediaSessionError('already-started', 'media session already started');
    const first = audio.sendCodec ?? audio.receiveCodecs.values().next().value;
    if (!first) throw new MediaSessionError('no-codec', 'the negotiation has no codec');
    const rate = this.#options.deviceSampleRate ?? first.capability.factory.sampleRate;
    const format: AudioFormat = { sampleRate: rate, channels: 1, frameMs: DEVICE_FRAME_MS };
    const mic = await this.#devices.openMic(this.#options.microphone, format);
    let speaker: AudioSink;
    try {
      speaker = await this.#devices.openSpeaker(this.#options.speaker, format);
    } catch (e) {
      await mic.close(); // a bad speaker name must not leave the microphone open
      throw e;
    }
    if (mic.format.channels !== 1 || speaker.format.channels !== 1) {
      await Promise.allSettled([mic.close(), speaker.close()]);
      throw new MediaSessionError('bad-device', 'only mono devices are supported');
    }
    this.#mic = mic;
    this.#speaker = speaker;
    const send = new SendPath(this.#rtp, mic.format.sampleRate);
    const receive = new ReceivePath({
      deviceRate: speaker.format.sampleRate,
      now: () => this.#clock.now(),
      minDelayMs: this.#options.jitter?.minDelayMs ?? 20,
      maxDelayMs: this.#options.jitter?.maxDelayMs ?? 200,
      detectInband: this.#options.detectInbandDtmf ?? true,
      onDtmf: (d) => this.#dtmf.emit(d),
    });
    this.#send = send;
    this.#receive = receive;
    this.#apply(audio, true);
    const dsp = this.#options.dsp;
    const micFrame = Math.round((mic.format.sampleRate * mic.format.frameMs) / 1000);
    let echo: EchoReference | undefined;
    let reference: Int16Array | undefined;
    if (dsp && (dsp.echoCancellation || dsp.noiseSuppression || dsp.gainControl)) {
      send.enableDsp(
        {
          echoCancellation: dsp.echoCancellation ?? false,
          noiseSuppression: dsp.noiseSuppression ?? false,
          gainControl: dsp.gainControl ?? false,
        },
        micFrame,
      );
      if (
        dsp.echoCancellation &&
        speaker.format.sampleRate === mic.format.sampleRate &&
        speaker.format.frameMs === mic.format.frameMs
      ) {
        echo = new EchoReference(micFrame);
        reference = new Int16Array(micFrame);
      }
    }
    speaker.pullFrom((frame) => {
      const route = this.#route;
      if (!route) receive.fill(frame);
      else if (route.speaker) route.speaker(frame);
      else frame.fill(0);
      echo?.played(frame);
    });
    mic.start((frame) => {
      if (echo && reference) echo.take(reference);
      const route = this.#route;
      try {
        // A mixer gets the local voice processed (its echo reference is the mix it played).
        if (route) route.microphone?.(send.process(frame, reference));
        else send.push(frame, reference);
      } catch (e) {
        this.#errors.emit(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** Applies a new negotiation result (re-INVITE): codec, payload types, hold, remote address. */
  update(audio: MediaNegotiation): void {
    if (!this.#send) throw new MediaSessionError('not-started', 'start the media session first');
    this.#apply(audio, false);
  }

  /** Mute: the microphone is replaced by encoded silence; the stream keeps flowing. */
  setMuted(muted: boolean): void {
    if (this.#send) this.#send.muted = muted;
  }

  get muted(): boolean {
    return this.#send?.muted ?? false;
  }

  /**
   * Sends keys per `dtmf_transport`: `rfc2833` as RFC 4733 events, `inband` as tones in the
   * audio, `auto` as events when telephone-event was negotiated and tones otherwise. Returns
   * the method used; `info` is returned untouched: the caller sends SIP INFO (RFC 2976).
   * Throws `RangeError` for a character that is not a key (0-9, *, #, A-D).
   */
  sendDtmf(digits: string): 'rfc2833' | 'inband' | 'info' {
    if (!this.#send) throw new MediaSessionError('not-started', 'start the media session first');
    const transport = this.#options.dtmfTransport ?? 'auto';
    if (transport === 'info') return 'info';
    const upper = digits.toUpperCase();
    if (transport !== 'inband' && this.#send.sendEvents(upper)) return 'rfc2833';
    if (transport === 'rfc2833') {
      throw new MediaSessionError('no-telephone-event', 'the far end did not accept telephone-event');
    }
    this.#send.sendInband(upper);
    return 'inband';
  }

  /** The RTP port as call security uses it: ZRTP datagrams on it, SRTP keys (RtpSession has these members). */
  get secureTransport(): SecureMediaTransport {
    return this.#rtp;
  }

  /**
   * Routes this session's devices elsewhere (a conference mixer), or back with undefined. While
   * routed, the RTP paths are fed only through {@link pushSendFrame} and {@link pullReceivedFrame}.
   */
  routeDevices(route: DeviceRoute | undefined): void {
    this.#route = route;
  }

  /** The rate of the frames {@link pushSendFrame} takes (the microphone's); undefined before start. */
  get sendRate(): number | undefined {
    return this.#mic?.format.sampleRate;
  }

  /** The rate of the frames {@link pullReceivedFrame} gives (the speaker's); undefined before start. */
  get receiveRate(): number | undefined {
    return this.#speaker?.format.sampleRate;
  }

  /** Encodes and sends one 20 ms frame at {@link sendRate}, as if the microphone had said it. */
  pushSendFrame(frame: Int16Array): void {
    try {
      this.#send?.pushProcessed(frame); // someone else's voice: no mic-path processing
    } catch (e) {
      this.#errors.emit(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** Fills one 20 ms frame at {@link receiveRate} with the far end's decoded audio (silence before start). */
  pullReceivedFrame(frame: Int16Array): void {
    if (this.#receive) this.#receive.fill(frame);
    else frame.fill(0);
  }

  /** Switches the RTP session to SRTP (keys from SDES or ZRTP), or back to RTP with undefined. */
  setSrtp(keys: SrtpKeys | undefined): void {
    this.#rtp.setSrtp(keys);
  }

  /** Current reception figures. */
  stats(): MediaStats {
    return collectMediaStats(this.#rtp, this.#receive?.jitterStats);
  }

  /** Stops the devices, says RTCP BYE and closes the socket(s). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#devices.close();
    await Promise.allSettled([this.#mic?.close(), this.#speaker?.close()]);
    await this.#rtp.close();
  }

  #apply(audio: MediaNegotiation, starting: boolean): void {
    const previous = this.#audio;
    this.#audio = audio;
    const send = this.#send!;
    const receive = this.#receive!;
    // c=0.0.0.0 (RFC 2543 hold) or port 0: nowhere to send.
    const reachable =
      audio.remotePort > 0 && audio.remoteAddress !== '0.0.0.0' && audio.remoteAddress !== '::';
    if (
      reachable &&
      (!previous ||
        previous.remoteAddress !== audio.remoteAddress ||
        previous.remotePort !== audio.remotePort)
    ) {
      this.#rtp.setRemote({
        address: audio.remoteAddress,
        port: audio.remotePort,
        rtcpPort: audio.remoteRtcpPort,
      });
      if (previous) this.#rtp.relatch();
    }
    const codecs = new Map<number, ReceiveCodecConfig>();
    for (const [pt, c] of audio.receiveCodecs) {
      codecs.set(pt, { factory: c.capability.factory, ...fmtpOf(c.remoteFmtp) });
    }
    receive.configure({ codecs, ptimeMs: audio.receivePtime ?? 20, ...teOf(audio.receiveTelephoneEvent) });
    receive.playing = audio.receive;
    const sc = audio.sendCodec;
    if (sc) {
      const f = sc.capability.factory;
      // a packet duration the codec (and iLBC's negotiated mode) can fill, never a failed call
      const frame = chooseSendFrame(f, audio.sendPtime, sc.capability.fmtp, sc.remoteFmtp);
      const ptime = frame.ptimeMs;
      const config: SendCodecConfig = {
        factory: f,
        payloadType: sc.payloadType,
        ptimeMs: ptime,
        ...(frame.fmtp ? { fmtp: frame.fmtp } : {}),
        ...teOf(audio.sendTelephoneEvent),
      };
      const old = send.codec;
      send.configure(config);
      if (
        starting ||
        !old ||
        old.factory !== f ||
        old.payloadType !== sc.payloadType ||
        old.ptimeMs !== ptime
      ) {
        this.#started.emit({
          codec: f.name,
          payloadType: sc.payloadType,
          clockRate: f.clockRate,
          ptimeMs: ptime,
          local: this.#rtp.localAddress,
          remote: { address: audio.remoteAddress, port: audio.remotePort },
        });
      }
    }
    send.sending = audio.send && sc !== undefined && reachable;
  }
}

const fmtpOf = (text: string | undefined) => (text ? { fmtp: parseFmtpParams(text) } : {});
const teOf = <T>(te: T | undefined) => (te ? { telephoneEvent: te } : {});
