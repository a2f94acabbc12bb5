import { type CodecCapability, staticPayloadType } from './codec.js';
import type { CryptoAttribute, Direction, MediaDescription, RtpMap, ZrtpHash } from './model.js';
import { DEFAULT_EVENTS, DEFAULT_TELEPHONE_EVENT_PT, type TelephoneEventOptions } from './telephone-event.js';

/** SDES-SRTP keying (RFC 4568). Key material comes from the caller, who owns the randomness. */
export interface SrtpOptions {
  /** `a=crypto` lines to put in our offers, in preference order. */
  readonly offer: readonly CryptoAttribute[];
  /**
   * Picks one of the remote's offered lines and returns ours for it (same
   * tag and suite, our key), or undefined when none is acceptable.
   */
  readonly answer: (offered: readonly CryptoAttribute[]) => CryptoAttribute | undefined;
  /** Offer RTP/SAVP (SRTP required) instead of RTP/AVP with crypto lines. */
  readonly required?: boolean;
}

/** How our hold is written (Twinkle's `hold_variant`). */
export type HoldVariant = 'rfc3264' | 'rfc2543';

/** Our side of the audio stream: what we put in offers and answers. */
export interface LocalMediaOptions<C extends CodecCapability = CodecCapability> {
  /** Our media address (IPv4 or IPv6 literal, or a host name) for `c=` and `o=`. */
  readonly address: string;
  /** Our RTP port. */
  readonly port: number;
  /** Our RTCP port when it is not port + 1 (written as `a=rtcp`, RFC 3605). */
  readonly rtcpPort?: number;
  /** Audio codecs in our preference order. */
  readonly codecs: readonly C[];
  /** RFC 4733 events; on (payload type 101, events 0-15) unless false. */
  readonly telephoneEvent?: TelephoneEventOptions | false;
  readonly ptime?: number;
  readonly maxptime?: number;
  /** Offer and accept `a=rtcp-mux` (RFC 5761). */
  readonly rtcpMux?: boolean;
  /** Our ZRTP Hello hash, announced as `a=zrtp-hash` (RFC 6189 section 8.1). */
  readonly zrtpHash?: ZrtpHash;
  readonly srtp?: SrtpOptions;
  /** Whose codec order decides when answering: ours (default) or the offerer's. */
  readonly preference?: 'local' | 'remote';
  /**
   * Payload type numbers in our answers: the offerer's (default, RFC 3264
   * section 6.1 recommends it) or our own assignment.
   */
  readonly answerPayloadTypes?: 'offer' | 'local';
  /** `rfc3264` (default): a=sendonly/inactive; `rfc2543`: c=0.0.0.0. */
  readonly holdVariant?: HoldVariant;
}

/** A local codec with the payload type we give it in our own SDP. */
export interface NumberedCodec<C extends CodecCapability> {
  readonly payloadType: number;
  readonly capability: C;
}

/**
 * Payload types we used for our codecs earlier in the session. RFC 3264
 * section 8.3.2: a dynamic payload type must not change its codec within a
 * session, so later offers and answers reuse these numbers.
 */
export interface PayloadTypeMemory<C extends CodecCapability> {
  readonly codecs: ReadonlyMap<C, number>;
  readonly telephoneEvent?: number;
}

/**
 * Numbers our codecs: a number used earlier in the session wins, then an
 * explicit payload type, then the static type of RFC 3551, then the lowest
 * free number of the dynamic range 96-127 (RFC 3551 section 3). Codecs that
 * find no free number are left out.
 */
export function assignPayloadTypes<C extends CodecCapability>(
  codecs: readonly C[],
  reserved: readonly number[] = [],
  remembered?: ReadonlyMap<C, number>,
): NumberedCodec<C>[] {
  const used = new Set<number>(reserved);
  const numbers = new Map<C, number>();
  const claim = (c: C, pt: number | undefined): boolean => {
    if (pt === undefined || numbers.has(c) || used.has(pt) || !Number.isInteger(pt) || pt < 0 || pt > 127) {
      return false;
    }
    used.add(pt);
    numbers.set(c, pt);
    return true;
  };
  for (const c of codecs) claim(c, remembered?.get(c));
  for (const c of codecs) claim(c, c.payloadType ?? staticPayloadType(c));
  let next = 96;
  for (const c of codecs) {
    if (numbers.has(c)) continue;
    while (next <= 127 && used.has(next)) next++;
    if (next > 127) break;
    claim(c, next);
  }
  return codecs.flatMap((c) => {
    const pt = numbers.get(c);
    return pt === undefined ? [] : [{ payloadType: pt, capability: c }];
  });
}

/** Our telephone-event payload type and events, or undefined when disabled. */
export function localTelephoneEvent(
  options: LocalMediaOptions<CodecCapability>,
  remembered?: number,
): { payloadType: number; events: string } | undefined {
  const te = options.telephoneEvent;
  if (te === false) return undefined;
  const payloadType = remembered ?? te?.payloadType ?? DEFAULT_TELEPHONE_EVENT_PT;
  return { payloadType, events: te?.events ?? DEFAULT_EVENTS };
}

/** One format of our audio m= line. */
export interface LocalFormat {
  readonly payloadType: number;
  readonly encoding: string;
  readonly clockRate: number;
  readonly channels: number;
  readonly fmtp?: string;
}

/** Everything our audio media description is built from. */
export interface AudioMediaPlan {
  readonly formats: readonly LocalFormat[];
  /** Left out when c=0.0.0.0 says it (RFC 2543 hold). */
  readonly direction?: Direction;
  readonly protocol: string;
  readonly crypto: readonly CryptoAttribute[];
  readonly rtcpMux: boolean;
}

/** Builds our audio media description (rtpmap written for static types too, as most phones do). */
export function buildAudioMedia(
  options: LocalMediaOptions<CodecCapability>,
  plan: AudioMediaPlan,
): MediaDescription {
  const rtpMaps: RtpMap[] = plan.formats.map((f) => ({
    payloadType: f.payloadType,
    encoding: f.encoding,
    clockRate: f.clockRate,
    ...(f.channels !== 1 ? { channels: f.channels } : {}),
  }));
  const fmtps = plan.formats.flatMap((f) =>
    f.fmtp === undefined || f.fmtp === '' ? [] : [{ payloadType: f.payloadType, parameters: f.fmtp }],
  );
  return {
    type: 'audio',
    port: options.port,
    protocol: plan.protocol,
    formats: plan.formats.map((f) => String(f.payloadType)),
    rtpMaps,
    fmtps,
    bandwidths: [],
    ...(plan.direction ? { direction: plan.direction } : {}),
    ...(options.ptime !== undefined ? { ptime: options.ptime } : {}),
    ...(options.maxptime !== undefined ? { maxptime: options.maxptime } : {}),
    ...(options.rtcpPort !== undefined && !plan.rtcpMux ? { rtcp: { port: options.rtcpPort } } : {}),
    rtcpMux: plan.rtcpMux,
    crypto: plan.crypto,
    ...(options.zrtpHash ? { zrtpHash: options.zrtpHash } : {}),
    attributes: [],
  };
}

/**
 * A stream we do not take part in, as RFC 3264 sections 6 and 8.2 want it
 * written: port 0, the same formats, nothing else of note.
 */
export function rejectedMedia(remote: MediaDescription): MediaDescription {
  const listed = new Set(remote.formats.map(Number));
  return {
    type: remote.type,
    port: 0,
    protocol: remote.protocol,
    formats: remote.formats.length > 0 ? remote.formats : ['0'],
    rtpMaps: remote.rtpMaps.filter((r) => listed.has(r.payloadType)),
    fmtps: [],
    bandwidths: [],
    rtcpMux: false,
    crypto: [],
    attributes: [],
  };
}
