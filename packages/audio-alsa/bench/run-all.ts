import { dspCost } from './dsp-cost.js';
import { pulseLatency } from './pulse-latency.js';

function table(title: string, head: string[], rows: string[][]): void {
  console.log(`\n${title}`);
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  for (const r of all) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}

table(
  'Microphone-path processing, per 20 ms frame (one core)',
  ['rate', 'stage', 'per frame', 'of real time'],
  dspCost(),
);
table(
  'Round trip write() -> speaker -> capture -> frame handler, through a private PulseAudio null sink and its monitor',
  ['backend', 'median', 'range', 'clicks'],
  await pulseLatency(),
);
