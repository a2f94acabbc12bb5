import { describe, expect, it } from 'vitest';
import { EchoReference } from './echo-reference.js';

describe('EchoReference', () => {
  it('hands back played frames in order, silence when none, and drops the oldest when full', () => {
    const ref = new EchoReference(2, 2);
    const out = new Int16Array(2);
    ref.take(out);
    expect(Array.from(out)).toEqual([0, 0]);
    ref.played(Int16Array.of(1, 1));
    ref.played(Int16Array.of(2, 2));
    ref.played(Int16Array.of(3, 3)); // full: frame 1 goes
    ref.take(out);
    expect(Array.from(out)).toEqual([2, 2]);
    ref.take(out);
    expect(Array.from(out)).toEqual([3, 3]);
    expect(ref.resyncs).toBe(2);
  });
});
