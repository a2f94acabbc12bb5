import { describe, expect, it } from 'vitest';
import { JitterBuffer } from './jitter-buffer.js';
import type { JitterPacket } from './types.js';

// Randomised network runs with a seeded generator: delay, loss, duplication and the reordering
// that jitter causes, with and without DTX. The consumer pulls every 20 ms on the same virtual
// clock. The checks: the target settles where the delay distribution says, inside the bounds;
// every packet is accounted for; frames come out in timestamp order.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Arrival {
  readonly at: number;
  readonly packet: JitterPacket;
}

interface Scenario {
  readonly seed: number;
  readonly seconds: number;
  /** extra network delay in ms for a packet sent at `sentMs` */
  readonly jitter: (rand: () => number, sentMs: number) => number;
  readonly loss: number;
  readonly duplicate: number;
  readonly dtx: boolean;
  /** sender clock rate error: +0.001 means the sender's 20 ms last 20.02 receiver ms */
  readonly drift?: number;
}

interface Outcome {
  readonly jb: JitterBuffer;
  readonly dropped: number[];
  readonly frames: number[];
  readonly targets: number[];
  readonly delays: number[];
}

const MIN_DELAY = 20;
const MAX_DELAY = 200;

function simulate(s: Scenario): Outcome {
  const rand = mulberry32(s.seed);
  const arrivals: Arrival[] = [];
  const dropped: number[] = [];
  let seq = 1000;
  let talking = true;
  let switchAt = 0;
  let firstOfSpurt = true;
  for (let sent = 0; sent < s.seconds * 1000; sent += 20) {
    if (s.dtx && sent >= switchAt) {
      talking = !talking || sent === 0;
      switchAt = sent + (talking ? 400 + rand() * 1600 : 200 + rand() * 1000);
      firstOfSpurt = talking;
    }
    if (!talking) continue;
    const packet: JitterPacket = {
      sequenceNumber: seq & 0xffff,
      timestamp: (sent * 8 + 123456) >>> 0,
      marker: firstOfSpurt,
      ssrc: 42,
      payloadType: 0,
      payload: new Uint8Array(0),
    };
    firstOfSpurt = false;
    if (rand() < s.loss) dropped.push(seq);
    else {
      const at = sent * (1 + (s.drift ?? 0)) + 30 + s.jitter(rand, sent);
      arrivals.push({ at, packet });
      if (rand() < s.duplicate) arrivals.push({ at: at + rand() * 30, packet });
    }
    seq++;
  }
  arrivals.sort((a, b) => a.at - b.at);

  const jb = new JitterBuffer({ clockRate: 8000, minDelayMs: MIN_DELAY, maxDelayMs: MAX_DELAY });
  const frames: number[] = [];
  const targets: number[] = [];
  const delays: number[] = [];
  let next = 0;
  const end = s.seconds * 1000 + 2000;
  for (let now = 7; now < end; now += 20) {
    while (next < arrivals.length && arrivals[next]!.at <= now) {
      const a = arrivals[next++]!;
      jb.put(a.packet, a.at);
    }
    const r = jb.get(now);
    if (r.kind === 'frame') {
      frames.push(r.timestamp);
      delays.push(r.delayMs);
    }
    targets.push(jb.targetDelayMs);
  }
  return { jb, dropped, frames, targets, delays };
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function expectAccounted(o: Outcome): void {
  const st = o.jb.stats;
  // Every put ended in exactly one place.
  expect(st.received).toBe(st.played + st.late + st.duplicates + st.discarded + st.buffered);
  // Lost: exactly the packets the network dropped (all of them precede the last frame played).
  expect(st.lost).toBe(o.dropped.length);
  for (let i = 1; i < o.frames.length; i++) expect(o.frames[i]!).toBeGreaterThan(o.frames[i - 1]!);
  for (const t of o.targets) {
    expect(t).toBeGreaterThanOrEqual(MIN_DELAY);
    expect(t).toBeLessThanOrEqual(MAX_DELAY);
  }
}

const exponential = (mean: number) => (rand: () => number) => -mean * Math.log(1 - rand());

describe('JitterBuffer simulation', () => {
  it('settles on the 95th percentile of the delay, continuous speech with loss and duplicates', () => {
    const o = simulate({
      seed: 1,
      seconds: 60,
      jitter: exponential(10),
      loss: 0.02,
      duplicate: 0.01,
      dtx: false,
    });
    expectAccounted(o);
    const st = o.jb.stats;
    // Exponential with mean 10 ms: the 95th percentile is 30 ms.
    expect(st.targetDelayMs).toBeGreaterThan(24);
    expect(st.targetDelayMs).toBeLessThan(38);
    expect(st.late / st.received).toBeLessThan(0.08);
    expect(st.played / st.received).toBeGreaterThan(0.9);
    // Frames wait about the target, not much more.
    expect(percentile(o.delays.slice(1000), 0.5)).toBeLessThan(st.targetDelayMs + 20);
  });

  it('settles the same way with DTX talkspurts and marker bits', () => {
    const o = simulate({
      seed: 7,
      seconds: 60,
      jitter: exponential(10),
      loss: 0.02,
      duplicate: 0.01,
      dtx: true,
    });
    expectAccounted(o);
    const st = o.jb.stats;
    expect(st.targetDelayMs).toBeGreaterThan(24);
    expect(st.targetDelayMs).toBeLessThan(38);
    expect(st.late / st.received).toBeLessThan(0.08);
    expect(percentile(o.delays.slice(500), 0.5)).toBeLessThan(st.targetDelayMs + 20);
  });

  it('follows the jitter up and down again, within the bounds', () => {
    const phases = (rand: () => number, sent: number) =>
      sent >= 30_000 && sent < 60_000 ? -40 * Math.log(1 - rand()) : -5 * Math.log(1 - rand());
    const o = simulate({ seed: 3, seconds: 90, jitter: phases, loss: 0.01, duplicate: 0, dtx: true });
    expectAccounted(o);
    const at = (ms: number) => o.targets[Math.floor(ms / 20)]!;
    // mean 5 ms -> about 15 ms, clamped to 20; mean 40 ms -> about 120 ms
    expect(at(29_000)).toBeLessThan(30);
    expect(at(59_000)).toBeGreaterThan(90);
    expect(at(59_000)).toBeLessThanOrEqual(MAX_DELAY);
    expect(at(89_000)).toBeLessThan(30);
    expect(Math.max(...o.targets)).toBeLessThanOrEqual(MAX_DELAY);
  });

  it('recovers its delay after a delay spike in continuous speech by dropping single frames', () => {
    const spike = (rand: () => number, sent: number) =>
      (sent >= 10_000 && sent < 10_500 ? 250 : 0) + -5 * Math.log(1 - rand());
    const o = simulate({ seed: 5, seconds: 30, jitter: spike, loss: 0, duplicate: 0, dtx: false });
    expectAccounted(o);
    const st = o.jb.stats;
    expect(st.discarded).toBeGreaterThan(0);
    // Well after the spike the frames wait about the target again.
    expect(percentile(o.delays.slice(-200), 0.5)).toBeLessThan(st.targetDelayMs + 25);
  });

  for (const drift of [0.001, -0.001]) {
    it(`keeps the delay bounded when the sender clock is off by ${drift * 1e6} ppm (continuous speech)`, () => {
      const o = simulate({
        seed: 8,
        seconds: 120,
        jitter: exponential(5),
        loss: 0,
        duplicate: 0,
        dtx: false,
        drift,
      });
      expectAccounted(o);
      const st = o.jb.stats;
      // 120 ms of drift: a fast sender's surplus is dropped, a slow sender's shortfall concealed.
      expect(percentile(o.delays.slice(-500), 0.5)).toBeLessThan(st.targetDelayMs + 30);
      expect(st.late / st.received).toBeLessThan(0.05);
      expect(st.played / st.received).toBeGreaterThan(0.93);
    });
  }
});
