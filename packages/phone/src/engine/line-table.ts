/**
 * Twinkle's lines: a fixed number of slots (two by default), each empty or
 * holding one call, and the active line the user's commands go to.
 */
import type { Call } from './call.js';
import { PhoneError } from './errors.js';

export class LineTable {
  readonly #calls: (Call | undefined)[];
  /** The line commands go to by default, 1-based. */
  active = 1;
  readonly #placed = new Set<(call: Call) => void>();

  constructor(count: number) {
    this.#calls = new Array<Call | undefined>(Math.max(2, count)).fill(undefined);
  }

  get count(): number {
    return this.#calls.length;
  }

  /** Throws `no-such-line` unless `line` is 1..count. */
  check(line: number): void {
    if (!Number.isInteger(line) || line < 1 || line > this.#calls.length)
      throw new PhoneError('no-such-line', `no line ${line} (1-${this.#calls.length})`);
  }

  /** The call on a line (default the active one), if any. */
  at(line = this.active): Call | undefined {
    return this.#calls[line - 1];
  }

  /** The call on a line (default the active one); `no-call` when it is empty. */
  require(line?: number): Call {
    const n = line ?? this.active;
    this.check(n);
    const c = this.#calls[n - 1];
    if (!c) throw new PhoneError('no-call', `no call on line ${n}`);
    return c;
  }

  put(call: Call): void {
    this.#calls[call.line - 1] = call;
    for (const l of this.#placed) l(call);
  }

  /** Tells `listener` of every call put on a line (feature modules bind to new calls); returns the unsubscribe function. */
  onPlaced(listener: (call: Call) => void): () => void {
    this.#placed.add(listener);
    return () => this.#placed.delete(listener);
  }

  /** Empties the call's line (if the call is still the one there). */
  free(call: Call): void {
    if (this.#calls[call.line - 1] === call) this.#calls[call.line - 1] = undefined;
  }

  /** Whether each line has a call. */
  occupied(): boolean[] {
    return this.#calls.map((c) => c !== undefined);
  }

  /** Every call, by line. */
  calls(): Call[] {
    return this.#calls.filter((c): c is Call => c !== undefined);
  }

  /** Answered calls not on hold (the user talks in them), other than `except`. */
  talking(except?: Call): Call[] {
    return this.calls().filter((c) => c !== except && c.answered && !c.held && c.state !== 'ended');
  }
}
