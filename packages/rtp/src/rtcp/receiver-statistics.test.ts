import { describe, expect, it } from 'vitest';
import { MAX_DROPOUT, ReceiverStatistics } from './receiver-statistics.js';
import { deterministicInterval, reducedMinimumSeconds, rtcpInterval } from './report-interval.js';

/** Feeds packets 20 ms apart with 160-sample timestamps, optionally with extra arrival delay. */
function feed(s: ReceiverStatistics, seqs: number[], delayMs: (i: number) => number = () => 0) {
  return seqs.map((seq, i) => s.update(seq & 0xffff, (seq * 160) >>> 0, 1000 + seq * 20 + delayMs(i)));
}

describe('ReceiverStatistics (RFC 3550 A.1, A.3, A.8)', () => {
  it('needs MIN_SEQUENTIAL packets in sequence before a source is valid', () => {
    const s = new ReceiverStatistics(100, 8000);
    expect(feed(s, [100])).toEqual([false]);
    expect(s.counters().valid).toBe(false);
    expect(feed(s, [101, 102])).toEqual([true, true]);
    expect(s.counters()).toMatchObject({ valid: true, received: 2, expected: 2, cumulativeLost: 0 });
  });

  it('restarts probation on an out-of-order packet', () => {
    const s = new ReceiverStatistics(100, 8000);
    expect(feed(s, [100, 105, 106])).toEqual([false, false, true]);
  });

  it('counts losses, cycles and the fraction lost per interval', () => {
    const s = new ReceiverStatistics(65530, 8000);
    const seqs = [];
    for (let q = 65530; q < 65530 + 20; q++) if (q % 5 !== 0 || q < 65532) seqs.push(q);
    feed(s, seqs);
    const c = s.counters();
    expect(c.extendedHighestSequence).toBe(65549);
    expect(c.extendedHighestSequence >>> 16).toBe(1);
    const rb = s.reportBlock(0x1234, 5000);
    // Expected 65531..65549 = 19 packets; 65535, 65540 and 65545 were lost.
    expect(rb.cumulativeLost).toBe(3);
    expect(rb.fractionLost).toBe(Math.floor((3 * 256) / 19));
    // A clean second interval reports zero fraction but keeps the cumulative count.
    feed(s, [65550, 65551, 65552]);
    const rb2 = s.reportBlock(0x1234, 6000);
    expect(rb2.fractionLost).toBe(0);
    expect(rb2.cumulativeLost).toBe(3);
  });

  it('treats a large jump as a restart only when the next packet confirms it', () => {
    const s = new ReceiverStatistics(10, 8000);
    feed(s, [10, 11, 12]);
    const far = 12 + MAX_DROPOUT + 10;
    expect(feed(s, [far])).toEqual([false]);
    expect(feed(s, [far + 1])).toEqual([true]);
    expect(s.counters()).toMatchObject({ received: 1, expected: 1 });
  });

  it('counts duplicates, which can make cumulative loss negative', () => {
    const s = new ReceiverStatistics(1, 8000);
    feed(s, [1, 2, 3, 3, 3]);
    expect(s.counters().cumulativeLost).toBe(-2);
  });

  it('estimates jitter: zero for a steady stream, about the mean deviation for alternating delay', () => {
    const steady = new ReceiverStatistics(0, 8000, 0);
    feed(
      steady,
      Array.from({ length: 200 }, (_, i) => i),
    );
    expect(steady.counters().jitter).toBe(0);
    const bumpy = new ReceiverStatistics(0, 8000, 0);
    // Every other packet 10 ms late: |D| is 80 timestamp units each time.
    feed(
      bumpy,
      Array.from({ length: 400 }, (_, i) => i),
      (i) => (i % 2) * 10,
    );
    expect(bumpy.counters().jitter).toBeGreaterThanOrEqual(78);
    expect(bumpy.counters().jitter).toBeLessThanOrEqual(80);
  });

  it('reports LSR and DLSR after a sender report', () => {
    const s = new ReceiverStatistics(0, 8000, 0);
    feed(s, [0, 1]);
    s.onSenderReport(0xdeadbeef, 2000);
    const rb = s.reportBlock(1, 2500);
    expect(rb.lastSenderReport).toBe(0xdeadbeef);
    expect(rb.delaySinceLastSenderReport).toBe(32768);
  });
});

describe('RTCP report interval (RFC 3550 6.2, 6.3.1, A.7)', () => {
  const base = {
    members: 2,
    senders: 2,
    rtcpBandwidth: 400,
    weSent: true,
    averageRtcpSize: 100,
    initial: false,
  };

  it('uses the 5 s minimum, halved for the first report', () => {
    expect(deterministicInterval(base)).toBe(5);
    expect(deterministicInterval({ ...base, initial: true })).toBe(2.5);
  });

  it('supports the reduced minimum 360 / kb/s', () => {
    expect(reducedMinimumSeconds(128_000)).toBeCloseTo(2.8125);
    expect(deterministicInterval({ ...base, minimumSeconds: reducedMinimumSeconds(128_000) })).toBeCloseTo(
      2.8125,
    );
  });

  it('scales with members and gives senders a quarter when they are few', () => {
    // 100 members, 1 sender (us): n = 1, bandwidth 400 * 0.25 -> 0.25 s, so the minimum wins.
    expect(deterministicInterval({ ...base, members: 100, senders: 1 })).toBe(5);
    // As a receiver among 1000 members: 999 * 100 / 300 = 333 s.
    expect(deterministicInterval({ ...base, members: 1000, senders: 1, weSent: false })).toBeCloseTo(333);
  });

  it('randomises in [0.5, 1.5) x Td / (e - 3/2)', () => {
    const c = Math.E - 1.5;
    expect(rtcpInterval(base, () => 0)).toBeCloseTo(2.5 / c);
    expect(rtcpInterval(base, () => 0.999999)).toBeCloseTo(7.5 / c, 4);
  });
});
