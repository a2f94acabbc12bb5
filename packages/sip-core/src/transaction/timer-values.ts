/**
 * Durations of timers A to M for one transaction (RFC 3261 17.1.1.2,
 * 17.1.2.2, 17.2.1, 17.2.2 and table 4; RFC 6026 for L and M), from the
 * layer's T1/T2/T4 and whether the transport is reliable.
 */
import type { TimerValues } from './types.js';

/** Durations in milliseconds; `undefined` means the timer is not started on this transport. */
export interface TransactionTimers {
  /** INVITE request retransmit, initial interval (unreliable only). */
  readonly a: number | undefined;
  /** INVITE transaction timeout: 64*T1. */
  readonly b: number;
  /** Wait time for response retransmits: at least 32 s unreliable, 0 reliable. */
  readonly d: number;
  /** Non-INVITE request retransmit, initial interval (unreliable only). */
  readonly e: number | undefined;
  /** Non-INVITE transaction timeout: 64*T1. */
  readonly f: number;
  /** INVITE response retransmit, initial interval (unreliable only). */
  readonly g: number | undefined;
  /** Wait time for ACK receipt: 64*T1. */
  readonly h: number;
  /** Wait time for ACK retransmits: T4 unreliable, 0 reliable. */
  readonly i: number;
  /** Wait time for non-INVITE request retransmits: 64*T1 unreliable, 0 reliable. */
  readonly j: number;
  /** Wait time for response retransmits: T4 unreliable, 0 reliable. */
  readonly k: number;
  /** RFC 6026: wait time for accepted INVITE request retransmits, 64*T1. */
  readonly l: number;
  /** RFC 6026: wait time for retransmission of 2xx to INVITE, 64*T1. */
  readonly m: number;
  /** Longest retransmit interval for non-INVITE requests and INVITE responses. */
  readonly t2: number;
}

/** The timers of a transaction over a reliable or an unreliable transport. */
export function transactionTimers(t: TimerValues, reliable: boolean): TransactionTimers {
  const t64 = 64 * t.t1;
  return {
    a: reliable ? undefined : t.t1,
    b: t64,
    // Table 4 asks for "> 32s for UDP"; it must cover the server's Timer H (64*T1) too.
    d: reliable ? 0 : Math.max(32_000, t64),
    e: reliable ? undefined : t.t1,
    f: t64,
    g: reliable ? undefined : t.t1,
    h: t64,
    i: reliable ? 0 : t.t4,
    j: reliable ? 0 : t64,
    k: reliable ? 0 : t.t4,
    l: t64,
    m: t64,
    t2: t.t2,
  };
}
