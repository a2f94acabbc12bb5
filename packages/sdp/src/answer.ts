import { type CodecCapability, isTelephoneEvent, resolveFormats } from './codec.js';
import { legacyDirection, localConnection, localSession, wantedFlags, writesLegacyHold } from './describe.js';
import { answerFlags, effectiveDirection, fromFlags } from './direction.js';
import {
  assignPayloadTypes,
  buildAudioMedia,
  type LocalFormat,
  type LocalMediaOptions,
  localTelephoneEvent,
  type PayloadTypeMemory,
  rejectedMedia,
} from './local-media.js';
import type { CryptoAttribute, MediaDescription, Origin, SessionDescription } from './model.js';
import { type CodecPair, type NegotiatedAudio, type Negotiation, negotiatedAudio } from './negotiation.js';
import { pairCodecs } from './pair-codecs.js';
import { intersectEvents } from './telephone-event.js';

/** State an answer depends on besides the offer and our options. */
export interface AnswerContext<C extends CodecCapability = CodecCapability> {
  /** The o= line to write (the session keeps its id and version). */
  readonly origin: Origin;
  readonly localHold: boolean;
  /** The m= line our audio used before, tried first on a re-offer. */
  readonly previousAudioIndex?: number;
  /** Payload types used earlier in the session, for answers in our own numbering. */
  readonly remembered?: PayloadTypeMemory<C>;
}

/** Our answer and what it settles. */
export interface AnswerResult<C extends CodecCapability> {
  readonly answer: SessionDescription;
  readonly negotiation: Negotiation<C>;
}

const RTP_AUDIO = new Set(['RTP/AVP', 'RTP/SAVP']);

interface AcceptedAudio<C extends CodecCapability> {
  readonly media: MediaDescription;
  readonly audio: NegotiatedAudio<C>;
}

function acceptAudio<C extends CodecCapability>(
  offer: SessionDescription,
  index: number,
  options: LocalMediaOptions<C>,
  ctx: AnswerContext<C>,
): AcceptedAudio<C> | undefined {
  const m = offer.media[index]!;
  if (m.type !== 'audio' || m.port === 0 || !RTP_AUDIO.has(m.protocol)) return undefined;
  const resolved = resolveFormats(m);
  const te = localTelephoneEvent(options, ctx.remembered?.telephoneEvent);
  const numbered = assignPayloadTypes(options.codecs, te ? [te.payloadType] : [], ctx.remembered?.codecs);
  const matched = pairCodecs(
    numbered,
    resolved.filter((f) => !isTelephoneEvent(f)),
    options.preference ?? 'local',
  );
  if (matched.length === 0) return undefined;
  const ownNumbers = options.answerPayloadTypes === 'local';
  const pairs: CodecPair<C>[] = matched.map((p) => ({
    capability: p.local.capability,
    remote: p.remote,
    localPayloadType: ownNumbers ? p.local.payloadType : p.remote.payloadType,
  }));

  // SDES (RFC 4568 section 7.1.2): RTP/SAVP needs an acceptable crypto line; RTP/AVP may carry one.
  let remoteCrypto: CryptoAttribute | undefined;
  let localCrypto: CryptoAttribute | undefined;
  if (m.crypto.length > 0 && options.srtp) {
    localCrypto = options.srtp.answer(m.crypto);
    remoteCrypto = localCrypto && m.crypto.find((c) => c.tag === localCrypto!.tag);
    if (!remoteCrypto) localCrypto = undefined;
  }
  if (m.protocol === 'RTP/SAVP' && !localCrypto) return undefined;

  // RFC 4733: telephone-event at the rate of the codec we send, else any.
  let telephoneEvent: { remote: number; local: number; clockRate: number; events: string } | undefined;
  if (te) {
    const offered = resolved.filter(isTelephoneEvent);
    const rate = pairs[0]!.remote.clockRate;
    const pick = offered.find((f) => f.clockRate === rate) ?? offered[0];
    const events = pick ? intersectEvents(pick.fmtp, te.events) : '';
    if (pick && events !== '') {
      telephoneEvent = {
        remote: pick.payloadType,
        local: ownNumbers ? te.payloadType : pick.payloadType,
        clockRate: pick.clockRate,
        events,
      };
    }
  }

  const flags = answerFlags(wantedFlags(ctx.localHold), effectiveDirection(offer, m));
  const legacy = writesLegacyHold(options.holdVariant, ctx.localHold, options.address);
  const formats: LocalFormat[] = pairs.map((p) => ({
    payloadType: p.localPayloadType,
    encoding: p.remote.encoding,
    clockRate: p.remote.clockRate,
    channels: p.remote.channels,
    ...(p.capability.fmtp !== undefined ? { fmtp: p.capability.fmtp } : {}),
  }));
  if (telephoneEvent) {
    formats.push({
      payloadType: telephoneEvent.local,
      encoding: 'telephone-event',
      clockRate: telephoneEvent.clockRate,
      channels: 1,
      fmtp: telephoneEvent.events,
    });
  }
  const rtcpMux = options.rtcpMux === true && m.rtcpMux;
  const media = buildAudioMedia(options, {
    formats,
    ...legacyDirection(legacy, fromFlags(flags)),
    protocol: m.protocol,
    crypto: localCrypto ? [localCrypto] : [],
    rtcpMux,
  });
  const audio = negotiatedAudio({
    mediaIndex: index,
    remoteSession: offer,
    remoteMedia: m,
    localMedia: media,
    pairs,
    ...(telephoneEvent ? { telephoneEvent } : {}),
    flags,
    localHold: ctx.localHold,
    rtcpMux,
    ...(remoteCrypto ? { remoteCrypto } : {}),
    ...(localCrypto ? { localCrypto } : {}),
  });
  return { media, audio };
}

/**
 * Answers an offer (RFC 3264 section 6): one m= line per offered one, in the
 * same order. The first acceptable audio stream (the one used before, on a
 * re-offer) is accepted; every other stream, and audio we share no codec
 * with, is rejected with port 0. An offer without media gets an answer
 * without media (RFC 3725 flow IV).
 */
export function answerOffer<C extends CodecCapability>(
  offer: SessionDescription,
  options: LocalMediaOptions<C>,
  ctx: AnswerContext<C>,
): AnswerResult<C> {
  const order = offer.media.map((_, i) => i);
  const prev = ctx.previousAudioIndex;
  if (prev !== undefined && prev < order.length) {
    order.splice(prev, 1);
    order.unshift(prev);
  }
  let accepted: AcceptedAudio<C> | undefined;
  for (const i of order) {
    accepted = acceptAudio(offer, i, options, ctx);
    if (accepted) break;
  }
  const media = offer.media.map((m, i) =>
    accepted && accepted.audio.mediaIndex === i ? accepted.media : rejectedMedia(m),
  );
  const legacy = writesLegacyHold(options.holdVariant, ctx.localHold, options.address);
  const answer = localSession(ctx.origin, localConnection(options.address, legacy), media);
  return {
    answer,
    negotiation: { ...(accepted ? { audio: accepted.audio } : {}), local: answer, remote: offer },
  };
}
