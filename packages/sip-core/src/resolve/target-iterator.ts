/**
 * Failover across the destinations of RFC 3263 (section 4.3): when a request
 * times out, the transport fails, or the server answers 503, the transaction
 * user sends a new request (new branch) to the next destination.
 */
import type { Destination } from '../transport/types.js';

/** How an attempt to one destination ended, as the transaction user saw it. */
export type AttemptOutcome =
  | { readonly kind: 'timeout' }
  | { readonly kind: 'transport-error' }
  | { readonly kind: 'response'; readonly status: number };

/** True when the outcome calls for the next destination (RFC 3263 section 4.3). */
export const isFailoverOutcome = (o: AttemptOutcome): boolean => o.kind !== 'response' || o.status === 503;

/**
 * Walks an ordered destination list. `current` is the destination in use;
 * `nextTarget(outcome)` moves on when the outcome warrants it and returns the
 * new destination, or undefined when the outcome does not call for failover
 * or the list is exhausted.
 */
export class TargetIterator {
  readonly #targets: readonly Destination[];
  #index = 0;

  constructor(targets: readonly Destination[]) {
    this.#targets = [...targets];
  }

  /** The destination to use now, or undefined once exhausted. */
  get current(): Destination | undefined {
    return this.#targets[this.#index];
  }

  /** Destinations not tried yet, after the current one. */
  get remaining(): number {
    return Math.max(0, this.#targets.length - this.#index - 1);
  }

  nextTarget(outcome: AttemptOutcome): Destination | undefined {
    if (!isFailoverOutcome(outcome)) return undefined;
    if (this.#index < this.#targets.length) this.#index++;
    return this.#targets[this.#index];
  }
}
