/**
 * The record of one finished call, as the call history keeps it (the fields
 * of Twinkle's `twinkle.ch` lines, t_call_record in src/call_history.h).
 */

/** Who released the call, Twinkle's `rel_cause`. */
export type ReleaseCause = 'failure' | 'caller' | 'callee';

/** One finished call. Times are milliseconds since the epoch. */
export interface CallRecord {
  readonly timeStart: number;
  /** When it was answered; undefined when it never was. */
  readonly timeAnswer: number | undefined;
  readonly timeEnd: number;
  readonly direction: 'in' | 'out';
  readonly fromDisplay: string;
  readonly fromUri: string;
  readonly toDisplay: string;
  readonly toUri: string;
  readonly subject: string;
  readonly releaseCause: ReleaseCause;
  /** The final status of the INVITE (200 when answered). */
  readonly inviteStatus: number;
  readonly inviteReason: string;
  /** Profile the call belonged to. */
  readonly profile: string;
  /** An incoming call that was never answered here. */
  readonly missed: boolean;
}

/** Where records go: the history module's append. */
export interface CallHistorySink {
  append(record: CallRecord): void | Promise<void>;
}
