/**
 * What happens to a new incoming call, as Twinkle decides it: do not disturb
 * answers 480, unconditional forwarding redirects (302), a free phone rings
 * on the active line, a busy phone rings the call as a waiting call on a
 * free line when call waiting is on, else forwards on busy, else answers
 * 486 Busy Here.
 */

/** The phone's state as far as the decision goes. */
export interface IncomingSituation {
  /** The phone is quitting. */
  readonly closing: boolean;
  /** The profile the call is for has do not disturb on. */
  readonly dnd: boolean;
  readonly callWaiting: boolean;
  /** cf_always has destinations. */
  readonly forwardAlways?: boolean;
  /** cf_busy has destinations. */
  readonly forwardBusy?: boolean;
  /** Whether each line (index 0 = line 1) has a call. */
  readonly occupied: readonly boolean[];
  /** The active line, 1-based. */
  readonly activeLine: number;
}

export type IncomingDecision =
  | { readonly kind: 'reject'; readonly status: 480 | 486 }
  /** 302 Moved Temporarily to the service's destinations (RFC 3261 21.3.3). */
  | { readonly kind: 'forward'; readonly when: 'always' | 'busy' }
  | { readonly kind: 'ring'; readonly line: number; readonly waiting: boolean };

/** The rows of the decision, in order: the first that applies wins. */
export function decideIncoming(s: IncomingSituation): IncomingDecision {
  // Twinkle answers do-not-disturb (and a phone going away) with 480 Temporarily Unavailable.
  if (s.closing || s.dnd) return { kind: 'reject', status: 480 };
  if (s.forwardAlways) return { kind: 'forward', when: 'always' };
  const busy = s.occupied.some((o) => o);
  if (!busy) return { kind: 'ring', line: s.activeLine, waiting: false };
  const free = s.occupied.indexOf(false);
  if (s.callWaiting && free >= 0) return { kind: 'ring', line: free + 1, waiting: true };
  return s.forwardBusy ? { kind: 'forward', when: 'busy' } : { kind: 'reject', status: 486 };
}
