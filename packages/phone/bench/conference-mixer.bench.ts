// The local conference mixer's cost per 20 ms step: mixFrame alone (the sums) and the whole
// ConferenceMixer step with every leg resampled 8 kHz -> 16 kHz mix -> 8 kHz (the usual
// G.711 legs), for 2 to 32 legs; and the garbage collections during the timed steps (nothing
// is allocated per frame, so there should be none).
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { ConferenceMixer } from '../src/conference/conference-mixer.js';
import { mixFrame } from '../src/conference/mix-frame.js';

const FRAMES = 5000; // 100 s of audio per row

function tone(n: number, rate: number, hz: number): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)));
}

/** Garbage collections seen while `run` ran: none means the steps allocated (next to) nothing. */
async function collections(run: () => void): Promise<number> {
  let count = 0;
  const observer = new PerformanceObserver((list) => {
    count += list.getEntries().length;
  });
  observer.observe({ entryTypes: ['gc'] });
  run();
  await new Promise((r) => setTimeout(r, 50)); // gc entries are delivered asynchronously
  observer.disconnect();
  return count;
}

async function timeIt(step: () => void): Promise<{ usPerFrame: number; gcs: number }> {
  for (let i = 0; i < 3000; i++) step(); // JIT warm-up (until the resampler runs optimized)
  let t0 = 0;
  let t1 = 0;
  const gcs = await collections(() => {
    t0 = performance.now();
    for (let i = 0; i < FRAMES; i++) step();
    t1 = performance.now();
  });
  return { usPerFrame: ((t1 - t0) * 1000) / FRAMES, gcs };
}

const rows: string[][] = [];
for (const legs of [2, 3, 5, 10, 32]) {
  const inputs = Array.from({ length: legs }, (_, i) => tone(320, 16000, 300 + 100 * i));
  const outputs = inputs.map(() => new Int16Array(320));
  const speaker = new Int16Array(320);
  const sum = new Int32Array(320);
  const mic = tone(320, 16000, 1000);
  const sums = await timeIt(() => mixFrame(inputs, mic, outputs, speaker, sum));

  const mixer = new ConferenceMixer({ sampleRate: 16000, microphoneRate: 8000, speakerRate: 8000 });
  const mixerLegs = Array.from({ length: legs }, () => mixer.addLeg({ receiveRate: 8000, sendRate: 8000 }));
  const received = Array.from({ length: legs }, (_, i) => tone(160, 8000, 300 + 100 * i));
  const mic8 = tone(160, 8000, 1000);
  const full = await timeIt(() => {
    for (let i = 0; i < legs; i++) mixerLegs[i]!.received(received[i]!);
    mixer.mix(mic8);
    for (let i = 0; i < legs; i++) mixerLegs[i]!.toSend();
  });
  rows.push([
    String(legs),
    sums.usPerFrame.toFixed(2),
    full.usPerFrame.toFixed(1),
    ((full.usPerFrame / 20000) * 100).toFixed(3),
    Math.floor(20000 / full.usPerFrame).toString(),
    String(sums.gcs + full.gcs),
  ]);
}

const head = [
  'legs',
  'mixFrame µs/frame',
  'step with resampling µs/frame',
  '% of real time',
  'conferences per core',
  'GCs during the timed steps',
];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: readonly string[]) => r.map((c, i) => c.padStart(widths[i]!)).join('  ');
console.log(
  `Conference mixer, 20 ms frames mixed at 16 kHz, ${FRAMES} frames per row (Node ${process.version})`,
);
console.log(line(head));
for (const r of rows) console.log(line(r));
