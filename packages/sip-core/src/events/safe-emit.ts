/** Emitting to application listeners without letting their exceptions break protocol state. */
import type { Emitter } from '../util/emitter.js';
import type { EventsLogger } from './context.js';

/** Emits `value`; a listener that throws is logged, and the caller's state machine carries on. */
export function safeEmit<T>(emitter: Emitter<T>, value: T, log: EventsLogger | undefined): void {
  try {
    emitter.emit(value);
  } catch (error) {
    log?.warn(`events: a listener threw: ${(error as Error)?.message ?? String(error)}`);
  }
}
