import type { CodecCapability, NegotiatedCodec, ResolvedFormat } from './codec.js';
import { connectionOf, type DirectionFlags, effectiveDirection, fromFlags } from './direction.js';
import type {
  AddressType,
  CryptoAttribute,
  Direction,
  MediaDescription,
  SessionDescription,
  ZrtpHash,
} from './model.js';
import type { TelephoneEventFormat } from './telephone-event.js';

/**
 * The negotiated audio stream: everything the media layer needs. Payload
 * types are per direction (RFC 3264 section 6.1): we send with the numbers
 * the remote listed in its SDP, and receive with the numbers we listed in ours.
 */
export interface NegotiatedAudio<C extends CodecCapability = CodecCapability> {
  /** Index of the audio m= line in both SDPs. */
  readonly mediaIndex: number;
  /** `RTP/AVP` or `RTP/SAVP`. */
  readonly protocol: string;
  readonly remoteAddress: string;
  readonly remoteAddressType: AddressType;
  readonly remotePort: number;
  /** Where to send RTCP: `a=rtcp` (RFC 3605), else the RTP port + 1, or the RTP port with rtcp-mux. */
  readonly remoteRtcpAddress: string;
  readonly remoteRtcpPort: number;
  /** RTP and RTCP share one port (RFC 5761): both sides asked for it. */
  readonly rtcpMux: boolean;
  /** The codec to send, with the remote's payload type; undefined when nothing is sendable. */
  readonly sendCodec?: NegotiatedCodec<C>;
  /** Every codec we may send, best first, with the remote's payload types. */
  readonly sendCodecs: readonly NegotiatedCodec<C>[];
  /** What we accept: our payload type -> codec. */
  readonly receiveCodecs: ReadonlyMap<number, NegotiatedCodec<C>>;
  /** RFC 4733 events we send, with the remote's payload type. */
  readonly sendTelephoneEvent?: TelephoneEventFormat;
  /** RFC 4733 events we receive, with our payload type. */
  readonly receiveTelephoneEvent?: TelephoneEventFormat;
  /** The remote's `a=ptime`: the packet duration to send with, when it gave one. */
  readonly sendPtime?: number;
  /** The remote's `a=maxptime`. */
  readonly sendMaxptime?: number;
  /** Our `a=ptime`: what we asked to receive. */
  readonly receivePtime?: number;
  /** Our direction (the RFC 2543 hold writes sendonly as c=0.0.0.0 alone). */
  readonly direction: Direction;
  readonly send: boolean;
  readonly receive: boolean;
  /** The remote does not want our media (a=sendonly, a=inactive or c=0.0.0.0): we are held. */
  readonly remoteHold: boolean;
  /** We hold the remote. */
  readonly localHold: boolean;
  /** The remote's `a=zrtp-hash` (media level, else session level). */
  readonly remoteZrtpHash?: ZrtpHash;
  /** SDES: the remote's crypto line we agreed on, and ours with the same tag. */
  readonly remoteCrypto?: CryptoAttribute;
  readonly localCrypto?: CryptoAttribute;
}

/** The outcome of one offer/answer exchange. */
export interface Negotiation<C extends CodecCapability = CodecCapability> {
  /** The audio stream, or undefined when none was accepted (or none offered). */
  readonly audio?: NegotiatedAudio<C>;
  readonly local: SessionDescription;
  readonly remote: SessionDescription;
}

/** A codec matched between both SDPs, with its payload type on each side. */
export interface CodecPair<C extends CodecCapability> {
  readonly capability: C;
  /** Payload type in the remote SDP (we send with it). */
  readonly remote: ResolvedFormat;
  /** Payload type in our SDP (we receive with it). */
  readonly localPayloadType: number;
}

/** Inputs of {@link negotiatedAudio} that differ between answering and applying an answer. */
export interface StreamInputs<C extends CodecCapability> {
  readonly mediaIndex: number;
  readonly remoteSession: SessionDescription;
  readonly remoteMedia: MediaDescription;
  readonly localMedia: MediaDescription;
  /** Best first. */
  readonly pairs: readonly CodecPair<C>[];
  readonly telephoneEvent?: { remote: number; local: number; clockRate: number; events: string };
  readonly flags: DirectionFlags;
  readonly localHold: boolean;
  readonly rtcpMux: boolean;
  readonly remoteCrypto?: CryptoAttribute;
  readonly localCrypto?: CryptoAttribute;
}

/** Assembles the media layer's view of a negotiated audio stream. */
export function negotiatedAudio<C extends CodecCapability>(s: StreamInputs<C>): NegotiatedAudio<C> {
  const c = connectionOf(s.remoteSession, s.remoteMedia);
  const address = c?.address ?? '';
  const rtcp = s.remoteMedia.rtcp;
  const remote = effectiveDirection(s.remoteSession, s.remoteMedia);
  const sendCodecs = s.pairs.map((p) => ({
    payloadType: p.remote.payloadType,
    encoding: p.remote.encoding,
    clockRate: p.remote.clockRate,
    channels: p.remote.channels,
    ...(p.remote.fmtp !== undefined ? { remoteFmtp: p.remote.fmtp } : {}),
    capability: p.capability,
  }));
  const receiveCodecs = new Map<number, NegotiatedCodec<C>>();
  for (const p of s.pairs) {
    receiveCodecs.set(p.localPayloadType, {
      payloadType: p.localPayloadType,
      encoding: p.remote.encoding,
      clockRate: p.remote.clockRate,
      channels: p.remote.channels,
      ...(p.remote.fmtp !== undefined ? { remoteFmtp: p.remote.fmtp } : {}),
      capability: p.capability,
    });
  }
  const te = s.telephoneEvent;
  const zrtp = s.remoteMedia.zrtpHash ?? s.remoteSession.zrtpHash;
  const send = s.flags.send && sendCodecs.length > 0;
  return {
    mediaIndex: s.mediaIndex,
    protocol: s.localMedia.protocol,
    remoteAddress: address,
    remoteAddressType: c?.addressType ?? 'IP4',
    remotePort: s.remoteMedia.port,
    remoteRtcpAddress: rtcp?.connection?.address ?? address,
    remoteRtcpPort: s.rtcpMux ? s.remoteMedia.port : (rtcp?.port ?? s.remoteMedia.port + 1),
    rtcpMux: s.rtcpMux,
    ...(sendCodecs[0] ? { sendCodec: sendCodecs[0] } : {}),
    sendCodecs,
    receiveCodecs,
    ...(te
      ? {
          sendTelephoneEvent: { payloadType: te.remote, clockRate: te.clockRate, events: te.events },
          receiveTelephoneEvent: { payloadType: te.local, clockRate: te.clockRate, events: te.events },
        }
      : {}),
    ...(s.remoteMedia.ptime !== undefined ? { sendPtime: s.remoteMedia.ptime } : {}),
    ...(s.remoteMedia.maxptime !== undefined ? { sendMaxptime: s.remoteMedia.maxptime } : {}),
    ...(s.localMedia.ptime !== undefined ? { receivePtime: s.localMedia.ptime } : {}),
    direction: fromFlags(s.flags),
    send,
    receive: s.flags.receive,
    remoteHold: !remote.receive,
    localHold: s.localHold,
    ...(zrtp ? { remoteZrtpHash: zrtp } : {}),
    ...(s.remoteCrypto ? { remoteCrypto: s.remoteCrypto } : {}),
    ...(s.localCrypto ? { localCrypto: s.localCrypto } : {}),
  };
}
