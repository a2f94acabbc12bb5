import { describe, expect, it } from 'vitest';
import { INVITE_CLIENT_TABLE } from './invite-client-transaction.js';
import { INVITE_SERVER_TABLE } from './invite-server-transaction.js';
import { NON_INVITE_CLIENT_TABLE } from './non-invite-client-transaction.js';
import { NON_INVITE_SERVER_TABLE } from './non-invite-server-transaction.js';
import type { StateTable } from './state-table.js';
import { transactionTimers } from './timer-values.js';

type AnyTable = StateTable<string, string, string>;

const tables: [string, AnyTable, string][] = [
  ['INVITE client', INVITE_CLIENT_TABLE as AnyTable, 'calling'],
  ['non-INVITE client', NON_INVITE_CLIENT_TABLE as AnyTable, 'trying'],
  ['INVITE server', INVITE_SERVER_TABLE as AnyTable, 'proceeding'],
  ['non-INVITE server', NON_INVITE_SERVER_TABLE as AnyTable, 'trying'],
];

/** States reachable from `start`. */
function reachable(table: AnyTable, start: string): Set<string> {
  const seen = new Set([start]);
  const todo = [start];
  while (todo.length > 0) {
    const s = todo.pop()!;
    for (const t of Object.values(table[s] ?? {})) {
      if (t !== undefined && !seen.has(t[0])) {
        seen.add(t[0]);
        todo.push(t[0]);
      }
    }
  }
  return seen;
}

describe('transaction state tables', () => {
  it.each(tables)('%s: Terminated is final and reachable from every reachable state', (_n, table, start) => {
    expect(table.terminated).toEqual({});
    for (const s of reachable(table, start)) expect(reachable(table, s).has('terminated')).toBe(true);
  });

  it.each(tables)('%s: a timer input never leads back to an earlier state', (_n, table) => {
    const order = Object.keys(table);
    for (const [state, inputs] of Object.entries(table)) {
      for (const [input, t] of Object.entries(inputs)) {
        if (!input.startsWith('timer') || t === undefined) continue;
        expect(t[0] === state || t[0] === 'terminated' || order.indexOf(t[0]) > order.indexOf(state)).toBe(
          true,
        );
      }
    }
  });

  it('gives RFC 6026 Accepted to INVITE transactions only, reached by a 2xx', () => {
    expect(INVITE_CLIENT_TABLE.calling.success?.[0]).toBe('accepted');
    expect(INVITE_CLIENT_TABLE.proceeding.success?.[0]).toBe('accepted');
    expect(INVITE_SERVER_TABLE.proceeding.success?.[0]).toBe('accepted');
    expect(INVITE_CLIENT_TABLE.accepted.timerM).toEqual(['terminated', 'none']);
    expect(INVITE_SERVER_TABLE.accepted.timerL).toEqual(['terminated', 'none']);
    expect(NON_INVITE_SERVER_TABLE.accepted).toEqual({});
  });
});

describe('timer durations (RFC 3261 table 4, RFC 6026)', () => {
  it.each([
    {
      t: { t1: 500, t2: 4000, t4: 5000 },
      reliable: false,
      want: {
        a: 500,
        b: 32000,
        d: 32000,
        e: 500,
        f: 32000,
        g: 500,
        h: 32000,
        i: 5000,
        j: 32000,
        k: 5000,
        l: 32000,
        m: 32000,
      },
    },
    {
      t: { t1: 500, t2: 4000, t4: 5000 },
      reliable: true,
      want: {
        a: undefined,
        b: 32000,
        d: 0,
        e: undefined,
        f: 32000,
        g: undefined,
        h: 32000,
        i: 0,
        j: 0,
        k: 0,
        l: 32000,
        m: 32000,
      },
    },
    {
      t: { t1: 100, t2: 400, t4: 1000 },
      reliable: false,
      want: {
        a: 100,
        b: 6400,
        d: 32000,
        e: 100,
        f: 6400,
        g: 100,
        h: 6400,
        i: 1000,
        j: 6400,
        k: 1000,
        l: 6400,
        m: 6400,
      },
    },
    {
      t: { t1: 1000, t2: 4000, t4: 5000 },
      reliable: false,
      want: {
        a: 1000,
        b: 64000,
        d: 64000,
        e: 1000,
        f: 64000,
        g: 1000,
        h: 64000,
        i: 5000,
        j: 64000,
        k: 5000,
        l: 64000,
        m: 64000,
      },
    },
  ])('T1=$t.t1 reliable=$reliable', ({ t, reliable, want }) => {
    expect(transactionTimers(t, reliable)).toEqual({ ...want, t2: t.t2 });
  });
});
