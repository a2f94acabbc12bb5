import { describe, expect, it } from 'vitest';
import { SUBSCRIBER_TABLE, type SubscriberInput, type SubscriberState } from './subscriber-table.js';

const STATES = Object.keys(SUBSCRIBER_TABLE) as SubscriberState[];

describe('SUBSCRIBER_TABLE (RFC 6665 4.1)', () => {
  it('every state is reachable from idle, and terminated from every state', () => {
    const reach = (from: SubscriberState): Set<SubscriberState> => {
      const seen = new Set<SubscriberState>([from]);
      const todo = [from];
      while (todo.length > 0) {
        for (const next of Object.values(SUBSCRIBER_TABLE[todo.pop()!]) as SubscriberState[]) {
          if (!seen.has(next)) {
            seen.add(next);
            todo.push(next);
          }
        }
      }
      return seen;
    };
    expect([...reach('idle')].sort()).toEqual([...STATES].sort());
    for (const s of STATES) expect(reach(s).has('terminated')).toBe(true);
  });

  it('terminated is final', () => {
    expect(SUBSCRIBER_TABLE.terminated).toEqual({});
  });

  it.each<[SubscriberState, SubscriberInput, SubscriberState | undefined]>([
    ['idle', 'send', 'subscribing'],
    ['subscribing', 'notify-active', 'active'], // NOTIFY before the 2xx (4.1.2.4)
    ['subscribing', 'ok', 'accepted'],
    ['accepted', 'timer-n', 'terminated'],
    ['active', 'ok', undefined], // a late 2xx changes nothing
    ['active', 'notify-pending', 'pending'],
    ['pending', 'notify-active', 'active'],
    ['active', 'expired', 'terminated'],
    ['active', 'unsubscribe', 'unsubscribing'],
    ['unsubscribing', 'notify-active', undefined], // stays until the final NOTIFY
    ['unsubscribing', 'notify-terminated', 'terminated'],
    ['unsubscribing', 'timer-n', 'terminated'],
    ['active', 'wait', 'waiting'],
    ['waiting', 'retry', 'subscribing'],
    ['waiting', 'notify-active', undefined],
    ['active', 'timer-n', undefined], // Timer N only runs before the first NOTIFY or after unsubscribing
  ])('%s --%s--> %s', (from, input, to) => {
    expect(SUBSCRIBER_TABLE[from][input]).toBe(to);
  });
});
