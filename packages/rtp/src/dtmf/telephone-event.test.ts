import { describe, expect, it } from 'vitest';
import { dtmfDigitOf, dtmfEventCode } from './dtmf-event.js';
import { encodeTelephoneEvent, parseTelephoneEvent } from './telephone-event-payload.js';
import { type DtmfEventReport, TelephoneEventReceiver } from './telephone-event-receiver.js';
import { TelephoneEventScheduler } from './telephone-event-scheduler.js';
import { planDtmfSequence, planTelephoneEvent, type TelephoneEventPacket } from './telephone-event-sender.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('telephone-event payload (RFC 4733 §2.3)', () => {
  it('encodes and parses event, E bit, volume and duration', () => {
    const bytes = encodeTelephoneEvent({ event: 11, end: true, volume: 63, duration: 0xabcd });
    expect(hex(bytes)).toBe('0bbfabcd');
    expect(parseTelephoneEvent(bytes)).toEqual({
      ok: true,
      value: { event: 11, end: true, volume: 63, duration: 0xabcd },
    });
    // The R bit is ignored on receipt.
    expect(parseTelephoneEvent(Uint8Array.of(1, 0x4a, 0, 160))).toMatchObject({
      ok: true,
      value: { event: 1, end: false, volume: 10, duration: 160 },
    });
  });

  it('refuses a short payload without throwing', () => {
    expect(parseTelephoneEvent(Uint8Array.of(1, 2, 3))).toMatchObject({
      ok: false,
      error: { code: 'short-payload' },
    });
  });

  it('maps keys to event codes and back', () => {
    expect(['0', '9', '*', '#', 'A', 'd'].map(dtmfEventCode)).toEqual([0, 9, 10, 11, 12, 15]);
    expect(dtmfEventCode('x')).toBeUndefined();
    expect(dtmfDigitOf(11)).toBe('#');
    expect(dtmfDigitOf(16)).toBeUndefined();
  });
});

describe('planTelephoneEvent', () => {
  it('plans start, updates and three end packets on one timestamp', () => {
    const plan = planTelephoneEvent('5', { startTimestamp: 4000, durationMs: 100 });
    const rows = plan.packets.map((p) => [p.offsetMs, p.timestamp, p.marker, hex(p.payload)]);
    expect(rows).toEqual([
      [0, 4000, true, '050a00a0'],
      [20, 4000, false, '050a0140'],
      [40, 4000, false, '050a01e0'],
      [60, 4000, false, '050a0280'],
      [80, 4000, false, '058a0320'],
      [100, 4000, false, '058a0320'],
      [120, 4000, false, '058a0320'],
    ]);
    expect(plan.endOffsetMs).toBe(140);
    expect(plan.durationTs).toBe(800);
  });

  it('rounds the tone up to whole intervals and honours clock, ptime, volume and end count', () => {
    const plan = planTelephoneEvent(16, {
      startTimestamp: 0xffffff00,
      durationMs: 90,
      clockRate: 16000,
      ptimeMs: 50,
      volume: 20,
      endPackets: 2,
    });
    expect(plan.packets.map((p) => [p.offsetMs, p.timestamp, p.event.duration, p.event.end])).toEqual([
      [0, 0xffffff00, 800, false],
      [50, 0xffffff00, 1600, true],
      [100, 0xffffff00, 1600, true],
    ]);
    expect(plan.packets.every((p) => p.event.volume === 20 && p.event.event === 16)).toBe(true);
  });

  it('splits an event longer than the duration field into segments (§2.5.1.3)', () => {
    const start = 0xfffff000;
    const plan = planTelephoneEvent('0', { startTimestamp: start, durationMs: 10_000 });
    const p = plan.packets;
    expect(plan.durationTs).toBe(80_000);
    const firstOfSecond = p.findIndex((x) => x.timestamp !== start);
    expect(p[firstOfSecond - 1]!.event).toMatchObject({ duration: 0xffff, end: false });
    expect(p[firstOfSecond - 1]!.timestamp).toBe(start);
    expect(p[firstOfSecond]!.timestamp).toBe((start + 0xffff) >>> 0);
    expect(p[firstOfSecond]!.event.duration).toBe(65_600 - 0xffff);
    expect(p[firstOfSecond]!.marker).toBe(false);
    expect(p.filter((x) => x.marker)).toHaveLength(1);
    const ends = p.filter((x) => x.event.end);
    expect(ends).toHaveLength(3);
    expect(ends.every((x) => x.event.duration === 80_000 - 0xffff)).toBe(true);
  });

  it('places each key of a string after the previous one, on the media clock', () => {
    const packets = planDtmfSequence('1#', { startTimestamp: 1000, toneMs: 100, gapMs: 60 });
    const second = packets.filter((p) => p.event.event === 11);
    expect(second[0]).toMatchObject({ offsetMs: 160, timestamp: 1000 + 160 * 8, marker: true });
    const first = packets.filter((p) => p.event.event === 1);
    expect(Math.max(...first.map((p) => p.offsetMs))).toBeLessThan(160);
    // Even with no gap requested, the retransmitted end packets go out first.
    const tight = planDtmfSequence('12', { startTimestamp: 0, toneMs: 40, gapMs: 0 });
    expect(tight.find((p) => p.event.event === 2)!.offsetMs).toBe(80);
  });
});

/** Delivers planned packets (in offset order, or as given) to a receiver, collecting reports. */
function deliver(
  packets: readonly TelephoneEventPacket[],
  rx = new TelephoneEventReceiver(),
): DtmfEventReport[] {
  const reports: DtmfEventReport[] = [];
  let seq = 100;
  for (const p of packets) {
    reports.push(...rx.receive({ ...p, sequenceNumber: seq++ }, p.offsetMs));
    reports.push(...rx.poll(p.offsetMs));
  }
  const last = packets.length ? packets[packets.length - 1]!.offsetMs : 0;
  for (let t = last; t <= last + 1000; t += 20) reports.push(...rx.poll(t));
  return reports;
}

describe('TelephoneEventReceiver', () => {
  it('reports each key of a dialled string once, with its duration', () => {
    const reports = deliver(planDtmfSequence('159*', { startTimestamp: 777, toneMs: 120 }));
    expect(reports.map((r) => [r.digit, r.durationTs, r.durationMs, r.ending])).toEqual([
      ['1', 960, 120, 'end'],
      ['5', 960, 120, 'end'],
      ['9', 960, 120, 'end'],
      ['*', 960, 120, 'end'],
    ]);
    expect(reports[0]!.timestamp).toBe(777);
  });

  it('starts an event whose first packets were lost', () => {
    const plan = planTelephoneEvent('7', { startTimestamp: 0, durationMs: 100 });
    const reports = deliver(plan.packets.slice(2));
    expect(reports.map((r) => [r.digit, r.durationTs, r.ending])).toEqual([['7', 800, 'end']]);
    // only an end packet survived
    expect(deliver(plan.packets.slice(6)).map((r) => [r.digit, r.durationTs])).toEqual([['7', 800]]);
  });

  it('ends an event whose end packets were all lost: by timeout, or when the next one starts', () => {
    const a = planTelephoneEvent('2', { startTimestamp: 0, durationMs: 100 }).packets.filter(
      (p) => !p.event.end,
    );
    const timedOut = deliver(a);
    expect(timedOut.map((r) => [r.digit, r.durationTs, r.ending])).toEqual([['2', 640, 'timeout']]);
    const b = planTelephoneEvent('3', { startTimestamp: 2000, durationMs: 60 }).packets.map((p) => ({
      ...p,
      offsetMs: p.offsetMs + 100,
    }));
    expect(deliver([...a, ...b]).map((r) => [r.digit, r.ending])).toEqual([
      ['2', 'superseded'],
      ['3', 'end'],
    ]);
  });

  it('ignores duplicates and stale packets, and keeps the longest duration under reordering', () => {
    const p = planTelephoneEvent('4', { startTimestamp: 50, durationMs: 80 }).packets;
    const shuffled = [p[0]!, p[2]!, p[1]!, p[0]!, p[3]!, p[4]!, p[1]!, p[5]!, p[2]!];
    expect(deliver(shuffled).map((r) => [r.digit, r.durationTs])).toEqual([['4', 640]]);
  });

  it('joins the segments of a long event into one report', () => {
    const plan = planTelephoneEvent('0', { startTimestamp: 0xfffff000, durationMs: 10_000 });
    const reports = deliver(plan.packets);
    expect(reports.map((r) => [r.digit, r.durationTs, r.timestamp, r.ending])).toEqual([
      ['0', 80_000, 0xfffff000, 'end'],
    ]);
  });

  it('ignores malformed payloads', () => {
    const rx = new TelephoneEventReceiver();
    expect(
      rx.receive({ payload: Uint8Array.of(1), timestamp: 0, marker: true, sequenceNumber: 1 }, 0),
    ).toEqual([]);
    expect(rx.current).toBeUndefined();
  });
});

describe('TelephoneEventScheduler', () => {
  it('sends queued keys from a media loop exactly as planned, audio paused while busy', () => {
    const tx = new TelephoneEventScheduler({ toneMs: 100, gapMs: 60 });
    expect(tx.busy).toBe(false);
    expect(tx.tick(0)).toEqual([]);
    tx.send('1#9');
    expect(() => tx.send('1x')).toThrow(RangeError);
    const sent: TelephoneEventPacket[] = [];
    let audioTicks = 0;
    // the loop starts at tick 1, timestamp 160
    for (let tick = 1; tick < 60; tick++) {
      if (!tx.busy) audioTicks++;
      const ts = tick * 160;
      for (const p of tx.tick(ts)) sent.push({ ...p, offsetMs: (tick - 1) * 20 });
    }
    const planned = planDtmfSequence('1#9', { startTimestamp: 160, toneMs: 100, gapMs: 60 });
    expect(sent.map((p) => [p.offsetMs, p.timestamp, p.marker, hex(p.payload)])).toEqual(
      planned.map((p) => [p.offsetMs, p.timestamp, p.marker, hex(p.payload)]),
    );
    expect(audioTicks).toBeGreaterThan(0);
    expect(tx.busy).toBe(false);
  });
});
