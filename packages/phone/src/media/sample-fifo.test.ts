import { describe, expect, it } from 'vitest';
import { SampleFifo } from './sample-fifo.js';

describe('SampleFifo', () => {
  it('cuts 20 ms frames into 30 ms ones across the ring wrap and growth, in order', () => {
    const fifo = new SampleFifo(256);
    const out = new Int16Array(240);
    let next = 0;
    let expected = 0;
    for (let i = 0; i < 50; i++) {
      const frame = Int16Array.from({ length: 160 }, () => next++);
      fifo.push(frame);
      if (i % 7 === 3) fifo.push(Int16Array.from({ length: 400 }, () => next++)); // forces growth
      while (fifo.length >= 240) {
        expect(fifo.read(out)).toBe(240);
        for (const v of out) expect(v).toBe((expected++ << 16) >> 16);
      }
    }
    expect(fifo.length).toBe(next - expected);
  });

  it('reads what there is and clears', () => {
    const fifo = new SampleFifo(4);
    fifo.push(Int16Array.of(1, 2, 3));
    const out = new Int16Array(5);
    expect(fifo.read(out)).toBe(3);
    expect(Array.from(out)).toEqual([1, 2, 3, 0, 0]);
    fifo.push(Int16Array.of(4));
    fifo.clear();
    expect(fifo.length).toBe(0);
    expect(fifo.read(out)).toBe(0);
  });
});
