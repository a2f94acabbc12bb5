import { type CodecCapability, isTelephoneEvent, resolveFormats } from './codec.js';
import { legacyDirection, localConnection, localSession, wantedFlags, writesLegacyHold } from './describe.js';
import { answerFlags, type DirectionFlags, effectiveDirection, fromFlags } from './direction.js';
import {
  assignPayloadTypes,
  buildAudioMedia,
  type LocalFormat,
  type LocalMediaOptions,
  localTelephoneEvent,
  type NumberedCodec,
  type PayloadTypeMemory,
} from './local-media.js';
import type { CryptoAttribute, MediaDescription, Origin, SessionDescription } from './model.js';
import { type CodecPair, type Negotiation, negotiatedAudio } from './negotiation.js';
import { pairCodecs } from './pair-codecs.js';
import { fail, ok, type Result } from './result.js';
import { intersectEvents } from './telephone-event.js';

/** A slot of our m= line layout: our audio stream, or a stream kept rejected (RFC 3264 section 8). */
export type MediaSlot = 'audio' | MediaDescription;

/** State an offer depends on besides our options. */
export interface OfferContext<C extends CodecCapability = CodecCapability> {
  readonly origin: Origin;
  readonly localHold: boolean;
  /** The remote holds us now: a hold is then offered as inactive (RFC 3264 section 8.4). */
  readonly remoteHold: boolean;
  /** The m= lines of the session so far; `['audio']` for a first offer. */
  readonly layout: readonly MediaSlot[];
  /** Payload types used earlier in the session (RFC 3264 section 8.3.2). */
  readonly remembered?: PayloadTypeMemory<C>;
}

/** Our outstanding offer, with what applying its answer needs. */
export interface PendingOffer<C extends CodecCapability> {
  readonly offer: SessionDescription;
  readonly audioIndex: number | undefined;
  readonly codecs: readonly NumberedCodec<C>[];
  readonly telephoneEvent?: { readonly payloadType: number; readonly events: string };
  readonly want: DirectionFlags;
  readonly localHold: boolean;
}

/**
 * Builds an offer: our audio stream with every codec (payload types assigned
 * by {@link assignPayloadTypes}) and telephone-event, and the other streams
 * of the session left in place with port 0.
 */
export function buildOffer<C extends CodecCapability>(
  options: LocalMediaOptions<C>,
  ctx: OfferContext<C>,
): PendingOffer<C> {
  const te = localTelephoneEvent(options, ctx.remembered?.telephoneEvent);
  const codecs = assignPayloadTypes(options.codecs, te ? [te.payloadType] : [], ctx.remembered?.codecs);
  const formats: LocalFormat[] = codecs.map((n) => ({
    payloadType: n.payloadType,
    encoding: n.capability.encoding,
    clockRate: n.capability.clockRate,
    channels: n.capability.channels ?? 1,
    ...(n.capability.fmtp !== undefined ? { fmtp: n.capability.fmtp } : {}),
  }));
  if (te) {
    // One telephone-event format: at 8000 Hz, the rate nearly every peer has, unless no codec runs at it.
    const rates = codecs.map((n) => n.capability.clockRate);
    const rate = rates.includes(8000) || rates.length === 0 ? 8000 : rates[0]!;
    formats.push({
      payloadType: te.payloadType,
      encoding: 'telephone-event',
      clockRate: rate,
      channels: 1,
      fmtp: te.events,
    });
  }
  const want = wantedFlags(ctx.localHold);
  // Holding a stream the remote already holds leaves nothing to send either way.
  const offered = ctx.localHold && ctx.remoteHold ? { send: false, receive: false } : want;
  const legacy = writesLegacyHold(options.holdVariant, ctx.localHold, options.address);
  const audio = buildAudioMedia(options, {
    formats,
    ...legacyDirection(legacy, fromFlags(offered)),
    protocol: options.srtp?.required ? 'RTP/SAVP' : 'RTP/AVP',
    crypto: options.srtp?.offer ?? [],
    rtcpMux: options.rtcpMux === true,
  });
  // Nothing to offer (no codec, no events): a disabled stream keeps the SDP valid (RFC 3264 section 8.2).
  const slotMedia = formats.length > 0 ? audio : { ...audio, port: 0, formats: ['0'] };
  const media = ctx.layout.map((slot) => (slot === 'audio' ? slotMedia : slot));
  const index = ctx.layout.indexOf('audio');
  return {
    offer: localSession(ctx.origin, localConnection(options.address, legacy), media),
    audioIndex: index < 0 ? undefined : index,
    codecs,
    ...(te ? { telephoneEvent: te } : {}),
    want: offered,
    localHold: ctx.localHold,
  };
}

/**
 * Applies the answer to our offer (RFC 3264 section 7). We send with the
 * payload types of the answer and receive with those of our offer. An
 * answer with a different number of m= lines is refused; a rejected audio
 * stream (port 0) or one without a common codec gives no audio.
 */
export function applyAnswer<C extends CodecCapability>(
  pending: PendingOffer<C>,
  answer: SessionDescription,
  options: LocalMediaOptions<C>,
): Result<Negotiation<C>> {
  if (answer.media.length !== pending.offer.media.length) {
    return fail(
      'media-count',
      `the answer has ${answer.media.length} m= lines, the offer ${pending.offer.media.length}`,
    );
  }
  const base = { local: pending.offer, remote: answer };
  const index = pending.audioIndex;
  const m = index === undefined ? undefined : answer.media[index];
  const ours = index === undefined ? undefined : pending.offer.media[index];
  if (index === undefined || !m || !ours || m.type !== 'audio' || m.port === 0) return ok(base);
  const resolved = resolveFormats(m);
  const matched = pairCodecs(
    pending.codecs,
    resolved.filter((f) => !isTelephoneEvent(f)),
    options.preference ?? 'local',
  );
  if (matched.length === 0) return ok(base);
  const pairs: CodecPair<C>[] = matched.map((p) => ({
    capability: p.local.capability,
    remote: p.remote,
    localPayloadType: p.local.payloadType,
  }));

  let remoteCrypto: CryptoAttribute | undefined;
  let localCrypto: CryptoAttribute | undefined;
  if (ours.crypto.length > 0) {
    remoteCrypto = m.crypto[0];
    localCrypto = remoteCrypto && ours.crypto.find((c) => c.tag === remoteCrypto!.tag);
    if (!localCrypto) remoteCrypto = undefined;
  }
  if (ours.protocol === 'RTP/SAVP' && !localCrypto) return ok(base);

  let telephoneEvent: { remote: number; local: number; clockRate: number; events: string } | undefined;
  const te = pending.telephoneEvent;
  const answered = resolved.find(isTelephoneEvent);
  if (te && answered) {
    const events = intersectEvents(answered.fmtp, te.events);
    if (events !== '') {
      telephoneEvent = {
        remote: answered.payloadType,
        local: te.payloadType,
        clockRate: answered.clockRate,
        events,
      };
    }
  }
  const rtcpMux = ours.rtcpMux && m.rtcpMux;
  const audio = negotiatedAudio({
    mediaIndex: index,
    remoteSession: answer,
    remoteMedia: m,
    localMedia: ours,
    pairs,
    ...(telephoneEvent ? { telephoneEvent } : {}),
    flags: answerFlags(pending.want, effectiveDirection(answer, m)),
    localHold: pending.localHold,
    rtcpMux,
    ...(remoteCrypto ? { remoteCrypto } : {}),
    ...(localCrypto ? { localCrypto } : {}),
  });
  return ok({ ...base, audio });
}
