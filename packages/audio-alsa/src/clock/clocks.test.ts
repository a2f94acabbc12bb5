import { describe, expect, it } from 'vitest';
import { NullSource } from '../devices/null-devices.js';
import { TELEPHONY_FORMAT } from '../format.js';
import { DeviceClock } from './device-clock.js';
import { RealTimeClock } from './real-time-clock.js';
import { VirtualClock } from './virtual-clock.js';

describe('VirtualClock', () => {
  it('runs ticks in time order at their due times', () => {
    const c = new VirtualClock();
    const seen: string[] = [];
    c.every(20, (t) => seen.push(`a${t}`));
    c.every(30, (t) => seen.push(`b${t}`));
    c.advance(60);
    expect(seen).toEqual(['a20', 'b30', 'a40', 'a60', 'b60']);
    expect(c.now()).toBe(60);
  });

  it('stops a timer when unsubscribed, even from inside its tick', () => {
    const c = new VirtualClock();
    let n = 0;
    const stop = c.every(10, () => {
      n++;
      if (n === 3) stop();
    });
    c.advance(100);
    expect(n).toBe(3);
    expect(c.timerCount).toBe(0);
  });
});

describe('RealTimeClock', () => {
  it('schedules from t0 so a late timer does not accumulate drift', async () => {
    let fake = 0;
    const clock = new RealTimeClock({ now: () => fake });
    const due: number[] = [];
    const stop = clock.every(20, (t) => due.push(t));
    // Pretend the event loop is 35 ms late: two ticks fall due and both run at once.
    fake = 55;
    await new Promise((r) => setTimeout(r, 40));
    stop();
    expect(due).toEqual([20, 40]);
  });

  it('keeps the real pace within a few ms over 200 ms', async () => {
    const clock = new RealTimeClock();
    const start = clock.now();
    const ticks: number[] = [];
    await new Promise<void>((resolve) => {
      const stop = clock.every(20, () => {
        ticks.push(clock.now() - start);
        if (ticks.length === 10) {
          stop();
          resolve();
        }
      });
    });
    expect(ticks[9]!).toBeGreaterThanOrEqual(200);
    expect(ticks[9]!).toBeLessThan(260);
  });
});

describe('DeviceClock', () => {
  it('moves with the frames its source delivers', () => {
    const vc = new VirtualClock();
    const src = new NullSource(TELEPHONY_FORMAT, vc);
    let frames = 0;
    const dc = DeviceClock.fromSource(src, () => frames++);
    const ticks: number[] = [];
    dc.every(60, (t) => ticks.push(t));
    vc.advance(200);
    expect(frames).toBe(10);
    expect(dc.now()).toBe(200);
    expect(ticks).toEqual([60, 120, 180]);
  });
});
