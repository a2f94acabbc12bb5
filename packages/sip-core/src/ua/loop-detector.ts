/**
 * Merged-request detection (RFC 3261 8.2.2.2): a request without a To tag
 * whose From tag, Call-ID and CSeq equal those of an ongoing transaction it
 * does not belong to arrived twice, by two paths, after forking upstream.
 * Entries live while their transaction does, and never longer than the
 * window (64*T1 by default: the longest a non-INVITE transaction lasts).
 */
import type { SipRequest } from '../message/sip-message.js';
import type { Clock, TimerHandle } from '../time/clock.js';

interface Entry {
  readonly txId: string;
  readonly timer: TimerHandle;
}

export class LoopDetector {
  readonly #clock: Clock;
  readonly #windowMs: number;
  readonly #entries = new Map<string, Entry>();

  constructor(clock: Clock, windowMs: number) {
    this.#clock = clock;
    this.#windowMs = windowMs;
  }

  static key(request: SipRequest): string | undefined {
    const tag = request.from?.tag;
    const callId = request.callId;
    const cseq = request.cseq;
    if (tag === undefined || callId === undefined || cseq === undefined) return undefined;
    return `${tag}\u0000${callId}\u0000${cseq.seq}\u0000${cseq.method}`;
  }

  /** True when another ongoing transaction has the same key (the request is merged). */
  isMerged(request: SipRequest, txId: string): boolean {
    const key = LoopDetector.key(request);
    if (key === undefined) return false;
    const e = this.#entries.get(key);
    return e !== undefined && e.txId !== txId;
  }

  /** Remembers a transaction's key; returns the function that forgets it. */
  remember(request: SipRequest, txId: string): () => void {
    const key = LoopDetector.key(request);
    if (key === undefined || request.to?.tag !== undefined || this.#entries.has(key)) return () => {};
    const forget = (): void => {
      const e = this.#entries.get(key);
      if (e?.txId !== txId) return;
      this.#clock.clearTimer(e.timer);
      this.#entries.delete(key);
    };
    this.#entries.set(key, { txId, timer: this.#clock.setTimer(this.#windowMs, forget) });
    return forget;
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    for (const e of this.#entries.values()) this.#clock.clearTimer(e.timer);
    this.#entries.clear();
  }
}
