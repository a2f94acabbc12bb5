/**
 * The offer/answer state of one dialog (RFC 3264 section 4, with the
 * placement rules of RFC 3261 13.2.1, RFC 3262 section 5 and RFC 3311
 * section 5): at most one offer outstanding in either direction.
 */

export type OfferAnswerState =
  /** No offer outstanding (before the first offer too). */
  | 'stable'
  /** We sent an offer and wait for the answer. */
  | 'local-offer'
  /** We received an offer and owe the answer. */
  | 'remote-offer';

export type OfferAnswerInput = 'send-offer' | 'receive-offer' | 'send-answer' | 'receive-answer' | 'rollback';

/** Allowed transitions; anything else breaks RFC 3264 4 (an offer over an offer: 491, RFC 3311 5.2). */
export const OFFER_ANSWER_TABLE: Readonly<
  Record<OfferAnswerState, Partial<Record<OfferAnswerInput, OfferAnswerState>>>
> = {
  stable: {
    'send-offer': 'local-offer', // RFC 3264 4: either side may offer when nothing is outstanding
    'receive-offer': 'remote-offer',
  },
  'local-offer': {
    'receive-answer': 'stable', // RFC 3264 5
    rollback: 'stable', // the carrying request failed (RFC 3261 14.1, RFC 3311 5.1)
  },
  'remote-offer': {
    'send-answer': 'stable', // RFC 3264 6
    rollback: 'stable', // we rejected the carrying request
  },
};

/** One dialog's offer/answer state machine. */
export class OfferAnswer {
  #state: OfferAnswerState = 'stable';
  #exchanges = 0;

  get state(): OfferAnswerState {
    return this.#state;
  }

  /** Completed offer/answer exchanges so far (0: the first offer is still to come). */
  get exchanges(): number {
    return this.#exchanges;
  }

  /** Whether `input` is allowed now. */
  can(input: OfferAnswerInput): boolean {
    return OFFER_ANSWER_TABLE[this.#state][input] !== undefined;
  }

  /** Applies an input; false (and no change) when the table does not allow it. */
  apply(input: OfferAnswerInput): boolean {
    const next = OFFER_ANSWER_TABLE[this.#state][input];
    if (next === undefined) return false;
    if (input === 'send-answer' || input === 'receive-answer') this.#exchanges++;
    this.#state = next;
    return true;
  }
}
