import { describe, expect, it } from 'vitest';
import { seededRandom } from './fake-dns.test.util.js';
import { orderSrvRecords } from './srv-order.js';

const rec = (priority: number, weight: number, name: string) => ({ priority, weight, port: 5060, name });

describe('orderSrvRecords (RFC 2782)', () => {
  it('sorts by priority first', () => {
    const out = orderSrvRecords([rec(3, 5, 'c'), rec(1, 5, 'a'), rec(2, 5, 'b')], seededRandom(1));
    expect(out.map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });

  it('picks by weight with the injected RNG', () => {
    expect(orderSrvRecords([rec(1, 1, 'x'), rec(1, 3, 'y')], () => 0).map((r) => r.name)).toEqual(['x', 'y']);
    expect(orderSrvRecords([rec(1, 1, 'x'), rec(1, 3, 'y')], () => 0.99).map((r) => r.name)).toEqual([
      'y',
      'x',
    ]);
    const counts = { x: 0, y: 0 };
    const random = seededRandom(42);
    for (let i = 0; i < 4000; i++)
      counts[orderSrvRecords([rec(1, 1, 'x'), rec(1, 3, 'y')], random)[0]!.name as 'x' | 'y']++;
    // Weight 3 of 4 (plus the small zero-sum chance): about 75 %.
    expect(counts.y / 4000).toBeGreaterThan(0.7);
    expect(counts.y / 4000).toBeLessThan(0.8);
  });

  it('puts zero-weight records first in line but rarely picks them first', () => {
    const random = seededRandom(3);
    let zeroFirst = 0;
    for (let i = 0; i < 1000; i++)
      if (orderSrvRecords([rec(1, 50, 'w'), rec(1, 0, 'z')], random)[0]!.name === 'z') zeroFirst++;
    expect(zeroFirst).toBeGreaterThan(0);
    expect(zeroFirst).toBeLessThan(60);
  });

  it('keeps every record and does not change the input', () => {
    const input = [rec(1, 0, 'a'), rec(1, 0, 'b'), rec(0, 10, 'c')];
    const out = orderSrvRecords(input, seededRandom(5));
    expect(out.map((r) => r.name).sort()).toEqual(['a', 'b', 'c']);
    expect(input.map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });
});
