import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock.js';

describe('VirtualClock', () => {
  it('fires timers in time order, ties in the order set', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setTimer(500, () => fired.push('b'));
    clock.setTimer(100, () => fired.push('a'));
    clock.setTimer(500, () => fired.push('c'));
    clock.advance(499);
    expect(fired).toEqual(['a']);
    clock.advance(1);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(500);
  });

  it('fires a timer set by a timer within the same advance, at its own time', () => {
    const clock = new VirtualClock();
    const times: number[] = [];
    clock.setTimer(100, () => {
      times.push(clock.now());
      clock.setTimer(200, () => times.push(clock.now()));
    });
    clock.advance(1000);
    expect(times).toEqual([100, 300]);
  });

  it('cancels timers', () => {
    const clock = new VirtualClock();
    let fired = false;
    const h = clock.setTimer(10, () => {
      fired = true;
    });
    clock.clearTimer(h);
    clock.clearTimer(h);
    clock.advance(100);
    expect(fired).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it('runs all timers within a limit', () => {
    const clock = new VirtualClock(1000);
    let count = 0;
    const tick = () => {
      count++;
      if (count < 5) clock.setTimer(1000, tick);
    };
    clock.setTimer(1000, tick);
    expect(clock.runAll()).toBe(5000);
    expect(count).toBe(5);
  });
});
