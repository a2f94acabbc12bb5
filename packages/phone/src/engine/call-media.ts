/**
 * One call's offer/answer (RFC 3264 through @twinkle/sdp's SdpSession) as
 * sip-core's media seam: every SDP we write or read goes through here, and
 * each settled negotiation is handed to the media port. The port is opened
 * lazily, on the first SDP, so a call rejected before any answer binds nothing.
 */

import { type Negotiation, SdpSession } from '@twinkle/sdp';
import type { Profile } from '../config/profile.js';
import type { SystemSettings } from '../config/system-settings.js';
import type { RtpMapping } from '../nat/nat-traversal.js';
import type { CallSecurity } from '../security/call-security.js';
import type { EngineCodec, MediaFactory, MediaPort } from './media-port.js';
import type { ProfileState } from './profile-state.js';
import type { Body, SessionDescriptionHandler } from './sip-types.js';

const SDP = 'application/sdp';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What a call's media needs to write SDP. */
export interface CallMediaOptions {
  /** The public address of the opened port (STUN), written into c= and m= instead. */
  readonly publicAddress?: (
    port: MediaPort,
  ) => { readonly address: string; readonly port: number; readonly rtcpPort?: number } | undefined;
  /** Opens the media port for the line the call is on. */
  readonly open: (line: number) => Promise<MediaPort>;
  /** Address written into c= and o=. */
  readonly sdpAddress: string;
  readonly codecs: readonly EngineCodec[];
  readonly ptime: number;
  readonly telephoneEventPayloadType: number;
  readonly holdVariant: 'rfc2543' | 'rfc3264';
  /** The o= session id (numeric text). */
  readonly sessionId: string;
  /** ZRTP and SDES-SRTP of the call (a=zrtp-hash, a=crypto, keys after each exchange). */
  readonly security?: CallSecurity;
}

/** The offer/answer state and media port of one call. */
export class CallMedia implements SessionDescriptionHandler {
  readonly #options: CallMediaOptions;
  #sdp: SdpSession<EngineCodec> | undefined;
  #port: MediaPort | undefined;
  #opening: Promise<MediaPort> | undefined;
  #closed = false;
  #wantHold = false;
  /** The line of the call (set by the phone once the call has one; 0 before). */
  line = 0;
  /** Called once the media port is open, before any negotiation is applied to it. */
  onPortOpened: ((port: MediaPort) => void) | undefined;
  /**
   * Called with each negotiation that settled (after the port applied it); `answering` is
   * true when it settled by our answer to the far end's offer, which is not sent yet.
   */
  onNegotiated: ((negotiation: Negotiation<EngineCodec>, answering: boolean) => void) | undefined;

  constructor(options: CallMediaOptions) {
    this.#options = options;
  }

  /** The media port once opened. */
  get security(): CallSecurity | undefined {
    return this.#options.security;
  }

  get port(): MediaPort | undefined {
    return this.#port;
  }

  /** The last settled negotiation. */
  get negotiation(): Negotiation<EngineCodec> | undefined {
    return this.#sdp?.negotiation;
  }

  /** Whether our next offer holds the far end (read by the re-INVITE's getOffer). */
  setHold(hold: boolean): void {
    this.#wantHold = hold;
  }

  async #session(): Promise<SdpSession<EngineCodec>> {
    if (this.#sdp) return this.#sdp;
    this.#opening ??= this.#options.open(this.line);
    const port = await this.#opening;
    if (this.#closed) {
      await port.close();
      throw new Error('call ended');
    }
    this.#port = port;
    this.onPortOpened?.(port);
    const o = this.#options;
    const pub = o.publicAddress?.(port);
    this.#sdp ??= new SdpSession<EngineCodec>({
      address: pub?.address ?? o.sdpAddress,
      port: pub?.port ?? port.localPort,
      // An ephemeral RTCP port is not RTP + 1: say where it is (RFC 3605); so for a NAT's mapping.
      ...(pub?.rtcpPort !== undefined ? { rtcpPort: pub.rtcpPort } : {}),
      ...(pub === undefined && port.localRtcpPort !== undefined && port.localRtcpPort !== port.localPort + 1
        ? { rtcpPort: port.localRtcpPort }
        : {}),
      sessionId: o.sessionId,
      codecs: o.codecs,
      ptime: o.ptime,
      telephoneEvent: { payloadType: o.telephoneEventPayloadType },
      holdVariant: o.holdVariant,
      ...o.security?.sdpOptions(port),
    });
    return this.#sdp;
  }

  async getOffer(): Promise<Body> {
    const sdp = await this.#session();
    sdp.setHold(this.#wantHold);
    return { contentType: SDP, body: encoder.encode(sdp.createOffer()) };
  }

  async getAnswer(offer: Body): Promise<Body> {
    const sdp = await this.#session();
    const r = sdp.receiveOffer(decoder.decode(offer.body));
    // sip-core answers 488 when this throws (RFC 3261 13.3.1.3).
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.reason}`);
    await this.#settled(r.value.negotiation, true);
    return { contentType: SDP, body: encoder.encode(r.value.sdp) };
  }

  async setAnswer(answer: Body): Promise<void> {
    const sdp = await this.#session();
    const text = decoder.decode(answer.body);
    let r = sdp.applyAnswer(text);
    // The offer is settled already: a 2xx from another fork than the early media's, or one
    // revising an unreliable 183's answer (sip-core passes only answers that differ).
    if (!r.ok && r.error.code === 'no-offer' && sdp.negotiation !== undefined) r = sdp.reviseAnswer(text);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.reason}`);
    await this.#settled(r.value, false);
  }

  rollback(): void {
    this.#sdp?.rollback();
    // The hold wish stays: a re-INVITE retried after 491 (RFC 3261 14.1) must offer the same
    // direction again; Call.setHold puts the flag back when the re-INVITE fails for good.
  }

  async #settled(n: Negotiation<EngineCodec>, answering: boolean): Promise<void> {
    if (n.audio && this.#port && !this.#closed) {
      await this.#port.apply(n.audio);
      this.#options.security?.negotiated(n.audio);
    }
    this.onNegotiated?.(n, answering);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#options.security?.close();
    const port = this.#port;
    this.#port = undefined;
    if (port) void Promise.resolve(port.close()).catch(() => {});
  }
}

/** Where a call's media comes from: the phone's settings and seams. */
export interface CallMediaEnvironment {
  readonly settings: Pick<SystemSettings, 'rtpPort' | 'devMic' | 'devSpeaker'>;
  /** Address to bind RTP to. */
  readonly address: string;
  readonly sdpAddress: string;
  readonly factory: MediaFactory;
  /** Call security for the profile; `line` reads the call's line when events need it. */
  readonly security?: (profile: Profile, line: () => number) => CallSecurity;
  /** The o= session id (numeric, unique per call). */
  readonly sessionId: string;
}

/** The offer/answer state and lazily opened media of a new call from a profile. */
export function callMediaFor(profile: ProfileState, env: CallMediaEnvironment, line: number): CallMedia {
  const p = profile.profile;
  const s = env.settings;
  const nat = profile.nat;
  let mapping: RtpMapping | undefined;
  const media: CallMedia = new CallMedia({
    open: async (n) => {
      // With STUN, a port whose public address is known (nat/nat-traversal.ts).
      mapping = await nat?.rtpMapping(s.rtpPort);
      return env.factory.open({
        line: n,
        profile: profile.name,
        address: env.address,
        port: mapping?.localPort ?? s.rtpPort,
        microphone: s.devMic,
        speaker: s.devSpeaker,
        dtmfTransport: p.dtmfTransport,
        ptime: p.ptime,
      });
    },
    sdpAddress: nat?.sdpAddress ?? env.sdpAddress,
    publicAddress: (port) =>
      mapping?.public !== undefined && mapping.localPort === port.localPort
        ? {
            ...mapping.public,
            ...(mapping.publicRtcpPort === undefined ? {} : { rtcpPort: mapping.publicRtcpPort }),
          }
        : undefined,
    codecs: profile.codecs,
    ptime: p.ptime,
    telephoneEventPayloadType: p.dtmfPayloadType,
    holdVariant: p.holdVariant,
    sessionId: env.sessionId,
    ...(env.security ? { security: env.security(p, () => media.line) } : {}),
  });
  media.line = line;
  return media;
}
