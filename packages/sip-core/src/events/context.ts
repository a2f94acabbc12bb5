/**
 * What the event framework needs from the stack (the seam to the UA core):
 * the transaction layer, the dialog registry, a clock, destination
 * resolution and, optionally, digest authentication.
 */
import type { AuthSession } from '../auth/auth-session.js';
import type { DestinationResolver, DialogContext } from '../dialog/dialog.js';
import type { DialogRegistry } from '../dialog/dialog-registry.js';
import type { RandomBytes } from '../dialog/random.js';
import type { Clock } from '../time/clock.js';
import type { TransactionLayerApi } from '../transaction/types.js';

/** Logger of the event framework (default silent). Never given credentials. */
export interface EventsLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that says nothing. */
export const silentEventsLogger: EventsLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** The stack pieces subscriptions, notifiers and referrals use. */
export interface EventsContext {
  readonly transactions: TransactionLayerApi;
  readonly clock: Clock;
  /** Subscription dialogs are added here, so the UA core can route in-dialog requests to them. */
  readonly dialogs: DialogRegistry;
  /** Our Contact and Via addresses, for dialogs and out-of-dialog requests. */
  readonly dialogContext: DialogContext;
  /** Next-hop URI to destinations in RFC 3263 order. */
  readonly resolve: DestinationResolver;
  /** Answers 401/407 on SUBSCRIBE, REFER and NOTIFY (RFC 3261 22.2). */
  readonly auth?: AuthSession;
  /** Tags, Call-IDs, branches (default node:crypto). */
  readonly random?: RandomBytes;
  readonly logger?: EventsLogger;
}

/** Codes of {@link EventsError}. */
export type EventsErrorCode = 'bad-state' | 'no-transport' | 'bad-argument' | 'terminated';

/** Errors thrown by the public API of the event framework. */
export class EventsError extends Error {
  override readonly name = 'EventsError';
  readonly code: EventsErrorCode;
  constructor(code: EventsErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
