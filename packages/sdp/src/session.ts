import { answerOffer } from './answer.js';
import type { CodecCapability } from './codec.js';
import type { LocalMediaOptions } from './local-media.js';
import { addressTypeOf, type Origin, type SessionDescription } from './model.js';
import type { Negotiation } from './negotiation.js';
import { applyAnswer, buildOffer, type MediaSlot, type PendingOffer } from './offer.js';
import { parseSdp } from './parse.js';
import { fail, ok, type Result } from './result.js';
import { serializeSdp } from './serialize.js';

/** Options of an {@link SdpSession}: our media plus the o= line's identity. */
export interface SdpSessionOptions<C extends CodecCapability = CodecCapability> extends LocalMediaOptions<C> {
  /** The o= user name; `-` by default. */
  readonly username?: string;
  /** The o= session id, a numeric string chosen by the caller (who owns the randomness). */
  readonly sessionId: string;
  /** The first o= version; 0 by default. */
  readonly sessionVersion?: bigint;
}

/** Our answer to a remote offer, as text to send and as what it settles. */
export interface SdpAnswer<C extends CodecCapability = CodecCapability> {
  readonly sdp: string;
  readonly negotiation: Negotiation<C>;
}

/**
 * The offer/answer state of one call (RFC 3264): our o= line, our options,
 * the m= line layout of the session and the current negotiated state.
 *
 * Every SDP we send carries the session's o= line; its version goes up by
 * one whenever the body differs from the previous one we sent, and stays
 * when it does not (RFC 3264 section 8). Later offers keep every m= line of
 * the session, rejected ones with port 0 (section 8.1).
 */
export class SdpSession<C extends CodecCapability = CodecCapability> {
  #options: SdpSessionOptions<C>;
  // RFC 3264 section 8: only the version of o= changes within a session, not its address.
  readonly #originAddress: string;
  #version: bigint;
  #lastSent: string | undefined;
  #layout: MediaSlot[] = ['audio'];
  #pending: PendingOffer<C> | undefined;
  /** Our last offer that got its answer: a second answer to it may still come (forks). */
  #answered: PendingOffer<C> | undefined;
  #negotiation: Negotiation<C> | undefined;
  #localHold = false;
  #payloadTypes = new Map<C, number>();
  #telephoneEventPt: number | undefined;

  constructor(options: SdpSessionOptions<C>) {
    this.#options = options;
    this.#originAddress = options.address;
    this.#version = options.sessionVersion ?? 0n;
  }

  /** The settled state of the last completed exchange, if any. */
  get negotiation(): Negotiation<C> | undefined {
    return this.#negotiation;
  }

  /** Whether we hold the remote (the next SDP we write says so). */
  get localHold(): boolean {
    return this.#localHold;
  }

  /** Whether an offer of ours awaits its answer. */
  get hasPendingOffer(): boolean {
    return this.#pending !== undefined;
  }

  /** Our current o= line. */
  get origin(): Origin {
    const address = this.#originAddress;
    return {
      username: this.#options.username ?? '-',
      sessionId: this.#options.sessionId,
      sessionVersion: this.#version,
      addressType: addressTypeOf(address),
      address,
    };
  }

  /** Changes our side (a new port or address, other codecs); used by the next SDP we write. */
  update(changes: Partial<LocalMediaOptions<C>>): void {
    this.#options = { ...this.#options, ...changes };
  }

  /** Sets whether we hold the remote; {@link createOffer} then says so. */
  setHold(hold: boolean): void {
    this.#localHold = hold;
  }

  /** A re-offer putting the remote on hold (RFC 3264 section 8.4, or c=0.0.0.0 per `holdVariant`). */
  hold(): string {
    this.setHold(true);
    return this.createOffer();
  }

  /** A re-offer taking the remote off hold. */
  unhold(): string {
    this.setHold(false);
    return this.createOffer();
  }

  /** Writes an offer (initial or re-offer) and waits for its answer. */
  createOffer(): string {
    const pending = buildOffer(this.#options, {
      origin: this.origin,
      localHold: this.#localHold,
      remoteHold: this.#negotiation?.audio?.remoteHold ?? false,
      layout: this.#offerLayout(),
      remembered: this.#remembered(),
    });
    this.#remember(pending.codecs, pending.telephoneEvent?.payloadType);
    const { text, description } = this.#stamp(pending.offer);
    this.#pending = { ...pending, offer: description };
    return text;
  }

  /** Applies the answer to our pending offer. On an error the offer stays pending (see {@link rollback}). */
  applyAnswer(sdp: string): Result<Negotiation<C>> {
    const pending = this.#pending;
    if (!pending) return fail('no-offer', 'an answer without an offer of ours');
    const parsed = parseSdp(sdp);
    if (!parsed.ok) return parsed;
    const applied = applyAnswer(pending, parsed.value, this.#options);
    if (!applied.ok) return applied;
    this.#pending = undefined;
    this.#answered = pending;
    this.#layout = pending.offer.media.map((m, i) => (i === pending.audioIndex ? 'audio' : m));
    this.#negotiation = applied.value;
    return applied;
  }

  /**
   * Another answer to our last answered offer: the 2xx of a fork other than the one
   * whose 1xx gave early media (RFC 3261 13.2.2.4: the 2xx's dialog and its answer count),
   * or a 2xx revising the answer of an unreliable 1xx. Replaces the negotiated state; on an
   * error the session is unchanged.
   */
  reviseAnswer(sdp: string): Result<Negotiation<C>> {
    const last = this.#answered;
    if (!last) return fail('no-offer', 'no answered offer of ours');
    const parsed = parseSdp(sdp);
    if (!parsed.ok) return parsed;
    const applied = applyAnswer(last, parsed.value, this.#options);
    if (!applied.ok) return applied;
    this.#negotiation = applied.value;
    return applied;
  }

  /** Forgets our pending offer (it was refused, e.g. with 488 or 491); the previous state stands. */
  rollback(): void {
    this.#pending = undefined;
  }

  /**
   * Answers a remote offer (initial or re-offer). A re-offer must keep every
   * m= line of the session (RFC 3264 section 8); an offer while ours is
   * pending is glare, which the signalling layer answers with 491; an offer
   * with active streams of which we can take none is `not-acceptable` (488).
   * On any error the session is unchanged.
   */
  receiveOffer(sdp: string): Result<SdpAnswer<C>> {
    if (this.#pending) return fail('offer-pending', 'an offer crossed ours (glare)');
    const parsed = parseSdp(sdp);
    if (!parsed.ok) return parsed;
    const offer = parsed.value;
    if (this.#negotiation && offer.media.length < this.#layout.length) {
      return fail(
        'media-count',
        `the offer has ${offer.media.length} m= lines, the session ${this.#layout.length}`,
      );
    }
    const previous = this.#negotiation?.audio?.mediaIndex;
    const result = answerOffer(offer, this.#options, {
      origin: this.origin,
      localHold: this.#localHold,
      ...(previous !== undefined ? { previousAudioIndex: previous } : {}),
      remembered: this.#remembered(),
    });
    // Streams offered active and none taken: the signalling layer answers 488
    // (RFC 3261 section 13.3.1.1) and the session stays as it was.
    if (!result.negotiation.audio && offer.media.some((m) => m.port !== 0)) {
      return fail('not-acceptable', 'no offered stream is acceptable (no audio with a common codec)');
    }
    const audio = result.negotiation.audio;
    if (audio) {
      this.#remember(
        [...audio.receiveCodecs.values()].map((c) => ({
          payloadType: c.payloadType,
          capability: c.capability,
        })),
        audio.receiveTelephoneEvent?.payloadType,
      );
    }
    const { text, description } = this.#stamp(result.answer);
    const audioIndex = result.negotiation.audio?.mediaIndex;
    this.#layout = description.media.map((m, i) => (i === audioIndex ? 'audio' : m));
    this.#negotiation = { ...result.negotiation, local: description };
    return ok({ sdp: text, negotiation: this.#negotiation });
  }

  #remembered() {
    return {
      codecs: this.#payloadTypes,
      ...(this.#telephoneEventPt !== undefined ? { telephoneEvent: this.#telephoneEventPt } : {}),
    };
  }

  /** Records the payload types of an SDP we wrote; a number now given to another codec is forgotten. */
  #remember(
    codecs: readonly { payloadType: number; capability: C }[],
    telephoneEvent: number | undefined,
  ): void {
    for (const { payloadType, capability } of codecs) {
      for (const [c, pt] of this.#payloadTypes)
        if (pt === payloadType && c !== capability) this.#payloadTypes.delete(c);
      this.#payloadTypes.set(capability, payloadType);
    }
    if (telephoneEvent !== undefined) {
      for (const [c, pt] of this.#payloadTypes) if (pt === telephoneEvent) this.#payloadTypes.delete(c);
      this.#telephoneEventPt = telephoneEvent;
    }
  }

  /**
   * The m= lines of our next offer: the session's, with our audio in its old
   * slot, else in the first rejected audio slot, else added at the end (RFC
   * 3264 section 8.1 lets a rejected slot be reused).
   */
  #offerLayout(): MediaSlot[] {
    if (this.#layout.includes('audio')) return this.#layout;
    const reuse = this.#layout.findIndex((m) => m !== 'audio' && m.type === 'audio');
    return reuse < 0 ? [...this.#layout, 'audio'] : this.#layout.map((m, i) => (i === reuse ? 'audio' : m));
  }

  /** Gives a description our o= line, with the version raised if the body changed. */
  #stamp(description: SessionDescription): { text: string; description: SessionDescription } {
    let stamped: SessionDescription = { ...description, origin: this.origin };
    let text = serializeSdp(stamped);
    if (this.#lastSent !== undefined && text !== this.#lastSent) {
      this.#version += 1n;
      stamped = { ...description, origin: this.origin };
      text = serializeSdp(stamped);
    }
    this.#lastSent = text;
    return { text, description: stamped };
  }
}
