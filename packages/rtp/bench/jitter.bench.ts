// Jitter buffer put/get throughput and inband DTMF detection speed, one core.
// `pnpm exec tsx bench/jitter.bench.ts`
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import {
  DtmfDetector,
  generateDtmfSequence,
  planDtmfSequence,
  TelephoneEventReceiver,
} from '../src/dtmf/index.js';
import { JitterBuffer } from '../src/jitter/index.js';

interface Row {
  readonly name: string;
  readonly perSecond: number;
  readonly unit: string;
  readonly note: string;
}

/**
 * Operations per second of `op` (which does `batch` operations): a warm-up that also counts how
 * many calls fit in 200 ms, then that many calls scaled to `minMs`, timed as one stretch (the
 * clock is read twice only, so the timing loop allocates nothing itself).
 */
function rate(op: () => void, batch: number, minMs = 700): number {
  let calls = 0;
  const warmStart = performance.now();
  while (performance.now() - warmStart < 200) {
    op();
    calls++;
  }
  const n = Math.max(1, Math.ceil((calls * minMs) / 200));
  const start = performance.now();
  for (let i = 0; i < n; i++) op();
  return (n * batch) / ((performance.now() - start) / 1000);
}

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

/** Mutable packets from a pool, so the benchmark itself allocates nothing per packet. */
interface PoolPacket {
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  ssrc: number;
  payloadType: number;
  payload: Uint8Array;
}
const payload = new Uint8Array(160);
const pool: PoolPacket[] = Array.from({ length: 512 }, () => ({
  sequenceNumber: 0,
  timestamp: 0,
  marker: false,
  ssrc: 7,
  payloadType: 0,
  payload,
}));

/** A 20 ms stream: per packet, its arrival offset (ms) and index in send order; sorted by arrival. */
function schedule(count: number, jitterMean: number, loss: number): { at: Float64Array; index: Int32Array } {
  const rand = mulberry32(11);
  const items: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    if (rand() < loss) continue;
    items.push([i * 20 + 30 - jitterMean * Math.log(1 - rand()), i]);
  }
  items.sort((a, b) => a[0] - b[0]);
  return { at: Float64Array.from(items, (x) => x[0]), index: Int32Array.from(items, (x) => x[1]) };
}

let sink = 0;

// Garbage collections during a case show what put/get allocate. The buffer's own structures are
// preallocated; what remains is V8 boxing fractional-ms numbers passed between functions (with
// whole-ms times the count is 0), a few young-generation scavenges per million pairs.
let gcRuns = 0;
new PerformanceObserver((list) => {
  gcRuns += list.getEntries().length;
}).observe({ entryTypes: ['gc'] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** Replays the schedule in cycles; each cycle continues sequence numbers, timestamps and time. */
async function jitterCase(name: string, count: number, jitterMean: number, loss: number): Promise<Row> {
  const { at, index } = schedule(count, jitterMean, loss);
  const jb = new JitterBuffer<PoolPacket>({ clockRate: 8000 });
  let cycle = 0;
  const span = count * 20;
  const op = () => {
    const base = cycle * span;
    let next = 0;
    for (let tick = 0; tick < count; tick++) {
      const now = base + tick * 20 + 7;
      while (next < at.length && base + at[next]! <= now) {
        const i = cycle * count + index[next]!;
        const p = pool[i & 511]!;
        p.sequenceNumber = i & 0xffff;
        p.timestamp = (i * 160) >>> 0;
        jb.put(p, base + at[next]!);
        next++;
      }
      if (jb.get(now).kind === 'frame') sink++;
    }
    cycle++;
  };
  await settle();
  const gc0 = gcRuns;
  const pairs = rate(op, count);
  await settle();
  const note = `${Math.round(pairs / 50)} streams of 20 ms frames; ${gcRuns - gc0} GC runs meanwhile`;
  return { name, perSecond: pairs, unit: 'put+get/s', note };
}

const rows: Row[] = [
  await jitterCase('jitter buffer, in order', 4096, 0.001, 0),
  await jitterCase('jitter buffer, 10 ms mean jitter, 2% loss', 4096, 10, 0.02),
  await jitterCase('jitter buffer, 40 ms mean jitter (reordering)', 4096, 40, 0.01),
];

function detectorCase(sampleRate: number): Row {
  const seconds = 10;
  const pcm = new Int16Array(sampleRate * seconds);
  if (sampleRate === 8000) {
    // speech with keys mixed in, if the fixture is at hand; keys alone otherwise
    try {
      const b = readFileSync(new URL('../src/dtmf/fixtures/speech_8k.raw', import.meta.url));
      pcm.set(new Int16Array(b.buffer, b.byteOffset, Math.min(pcm.length, b.length >> 1)));
    } catch {}
  }
  const keys = generateDtmfSequence('0123456789*#', { sampleRate, toneMs: 80, gapMs: 420 });
  for (let i = 0; i < keys.length && i < pcm.length; i++) pcm[i] = (pcm[i]! >> 2) + keys[i]!;
  const det = new DtmfDetector({ sampleRate });
  const frame = sampleRate / 50;
  const op = () => {
    for (let i = 0; i < pcm.length; i += frame) sink += det.process(pcm.subarray(i, i + frame)).length;
  };
  const perSecond = rate(op, seconds);
  return {
    name: `inband DTMF detector, ${sampleRate / 1000} kHz`,
    perSecond,
    unit: 'x real time',
    note: '20 ms frames',
  };
}
rows.push(detectorCase(8000), detectorCase(16000));

const events = planDtmfSequence('0123456789', { startTimestamp: 0 });
rows.push({
  name: 'RFC 4733 receiver',
  perSecond: rate(() => {
    const rx = new TelephoneEventReceiver();
    let seq = 0;
    for (const p of events) sink += rx.receive({ ...p, sequenceNumber: seq++ }, p.offsetMs).length;
  }, events.length),
  unit: 'packets/s',
  note: `${events.length} packets, 10 keys`,
});

const fmt = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0);
const w = Math.max(...rows.map((r) => r.name.length));
console.log(`\nJitter buffer and DTMF, one core (Node ${process.version})`);
console.log(`${'case'.padEnd(w)}  ${'rate'.padStart(10)}  ${'unit'.padEnd(12)}  note`);
for (const r of rows)
  console.log(`${r.name.padEnd(w)}  ${fmt(r.perSecond).padStart(10)}  ${r.unit.padEnd(12)}  ${r.note}`);
if (sink === 0.5) console.log('');
