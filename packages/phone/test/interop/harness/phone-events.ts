/**
 * Waiting for the Phone's events in interop tests: bounded, and recording every event so a
 * test can check the order of what happened.
 */
import type { Phone, PhoneEvent } from '../../../src/index.js';

/** Resolves with the first event of `type` that `match` accepts; rejects after `ms`. */
export function nextEvent<T extends PhoneEvent['type']>(
  phone: Phone,
  type: T,
  ms: number,
  match: (e: Extract<PhoneEvent, { type: T }>) => boolean = () => true,
): Promise<Extract<PhoneEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching ${type} event within ${ms} ms`));
    }, ms);
    const off = phone.on((e) => {
      if (e.type !== type) return;
      const typed = e as Extract<PhoneEvent, { type: T }>;
      if (!match(typed)) return;
      clearTimeout(timer);
      off();
      resolve(typed);
    });
  });
}

/** Records every event from now on; `stop()` unsubscribes. */
export function recordEvents(phone: Phone): { events: PhoneEvent[]; stop: () => void } {
  const events: PhoneEvent[] = [];
  const stop = phone.on((e) => events.push(e));
  return { events, stop };
}

/** The call states of the recorded events, in order. */
export function callStates(events: readonly PhoneEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'call-state' ? [e.state] : []));
}
