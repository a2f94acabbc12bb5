/**
 * The runner shared by the four transaction kinds: looks inputs up in the
 * state table, switches state, runs entry effects and the named action, and
 * keeps the transaction's timers (which come back as inputs).
 */
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { Clock, TimerHandle } from '../time/clock.js';
import type { Source, TransportLayer } from '../transport/types.js';
import type { TransactionLogger } from './logger.js';
import { type StateTable, transitionOf } from './state-table.js';
import type { TransactionTimers } from './timer-values.js';

/** What a transaction gets from its layer. */
export interface TransactionEnv {
  readonly clock: Clock;
  readonly transport: TransportLayer;
  readonly log: TransactionLogger;
  readonly timers: TransactionTimers;
  /** Called once when the transaction reaches Terminated. */
  readonly remove: () => void;
}

/** What came with an input. */
export interface MachineEvent {
  readonly response?: SipResponse;
  readonly request?: SipRequest;
  readonly source?: Source;
  readonly error?: Error;
}

const NO_EVENT: MachineEvent = {};

/** Base of every transaction: `S` states (one named 'terminated'), `I` inputs, `A` actions. */
export abstract class Machine<S extends string, I extends string, A extends string> {
  #state: S;
  readonly #table: StateTable<S, I, A>;
  readonly #timers = new Map<I, TimerHandle>();
  protected readonly env: TransactionEnv;
  abstract readonly id: string;

  protected constructor(table: StateTable<S, I, A>, initial: S, env: TransactionEnv) {
    this.#table = table;
    this.#state = initial;
    this.env = env;
  }

  get state(): S {
    return this.#state;
  }

  /** Feeds one input; returns false when the current state ignores it. */
  protected input(input: I, event: MachineEvent = NO_EVENT): boolean {
    const from = this.#state;
    const t = transitionOf(this.#table, from, input);
    if (t === undefined) {
      this.env.log.debug(`transaction ${this.id}: ${input} ignored in ${from}`);
      return false;
    }
    const [next, action] = t;
    this.#state = next;
    if (next !== from) {
      this.env.log.debug(`transaction ${this.id}: ${from} -> ${next} on ${input}`);
      if (next === 'terminated') this.stopAllTimers();
      this.enter(next, from);
    }
    try {
      this.perform(action, event);
    } finally {
      // Even when a user callback in the action throws, the layer forgets the transaction.
      if (next === 'terminated' && from !== 'terminated') {
        this.env.remove();
        this.terminated();
      }
    }
    return true;
  }

  /** Entry effects of a state (timers), run before the transition's action. */
  protected abstract enter(state: S, from: S): void;
  /** Runs a named action of the table. */
  protected abstract perform(action: A, event: MachineEvent): void;
  /** Tells the user the transaction is over. */
  protected abstract terminated(): void;

  /** Starts (or restarts) the timer that delivers `input` after `ms`; `undefined` starts nothing. */
  protected startTimer(input: I, ms: number | undefined): void {
    this.stopTimer(input);
    if (ms === undefined) return;
    this.#timers.set(
      input,
      this.env.clock.setTimer(ms, () => {
        this.#timers.delete(input);
        this.#guarded(input);
      }),
    );
  }

  protected stopTimer(input: I): void {
    const h = this.#timers.get(input);
    if (h !== undefined) {
      this.env.clock.clearTimer(h);
      this.#timers.delete(input);
    }
  }

  protected stopAllTimers(): void {
    for (const h of this.#timers.values()) this.env.clock.clearTimer(h);
    this.#timers.clear();
  }

  /** Ends the transaction at once without telling anyone (the layer is closing). */
  abort(): void {
    this.stopAllTimers();
    this.#state = 'terminated' as S;
  }

  /** Sends through the transport; a failure comes back as the `transportError` input. */
  protected watch(sending: Promise<void>, transportError: I): void {
    sending.then(undefined, (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      this.env.log.warn(`transaction ${this.id}: transport error: ${e.message}`);
      this.#guarded(transportError, { error: e });
    });
  }

  /**
   * Feeds an input from a timer or a failed send: a user callback that throws
   * there would otherwise escape into the clock or become an unhandled rejection.
   */
  #guarded(input: I, event?: MachineEvent): void {
    try {
      this.input(input, event);
    } catch (error) {
      this.env.log.error(`transaction ${this.id}: transaction user failed on ${input}`, error);
    }
  }
}
