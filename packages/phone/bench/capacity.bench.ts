/**
 * How many concurrent calls one core carries: levels of N concurrent calls
 * (PCMU, 20 ms, speech both ways, real-time media), each call between its own
 * caller and auto-answering callee Phone engine in this one Node process (so a
 * call is both of its ends: 2 SIP UAs, 2 RTP sessions, 2 jitter buffers, 4
 * codec runs). A level is clean when every call set up, none dropped, the
 * callers received at least 95% of the RTP packets due (50/s) and the event
 * loop's p99 delay stayed under 20 ms (later than that, real-time audio is
 * late). The ramp stops at the first unclean level, when the process uses a
 * whole core, or when the time budget is spent.
 * Run: pnpm exec tsx bench/capacity.bench.ts
 * (BENCH_CAPACITY_LEVELS default 10,100,200,300; BENCH_CAPACITY_WINDOW_MS default 4000;
 * BENCH_CAPACITY_BUDGET_S default 40).
 */
import { holdCalls, type LoadResult } from './call-load.js';
import { loadNote } from './pairs.js';

const LEVELS = (process.env.BENCH_CAPACITY_LEVELS ?? '10,100,200,300').split(',').map(Number);
const WINDOW_MS = Number(process.env.BENCH_CAPACITY_WINDOW_MS ?? 4000);
const BUDGET_S = Number(process.env.BENCH_CAPACITY_BUDGET_S ?? 40);

const clean = (r: LoadResult): boolean =>
  r.established === r.calls && r.dropped === 0 && r.rxPacketsPerCallSecond >= 47.5 && r.loopDelayP99Ms < 20;

async function main(): Promise<void> {
  console.log(
    `concurrent calls on one Node process (one core for JS), PCMU, Phone engine pairs on 127.0.0.1, ${WINDOW_MS / 1000} s window per level; ${await loadNote()}`,
  );
  const start = performance.now();
  const rows: Record<string, string | number>[] = [];
  let best: LoadResult | undefined;
  for (const n of LEVELS) {
    if ((performance.now() - start) / 1000 > BUDGET_S) {
      console.log(`time budget (${BUDGET_S} s) spent before level ${n}`);
      break;
    }
    const r = await holdCalls('g711u', n, WINDOW_MS);
    const ok = clean(r);
    rows.push({
      'concurrent calls': n,
      'set up': r.established,
      dropped: r.dropped,
      'process CPU % of a core': (r.cpuMsPerSecond / 10).toFixed(1),
      'CPU ms/s per call': r.established === 0 ? '-' : (r.cpuMsPerSecond / r.established).toFixed(2),
      'rx pkt/s per call': r.rxPacketsPerCallSecond.toFixed(1),
      'loop p99 ms': r.loopDelayP99Ms.toFixed(1),
      clean: ok ? 'yes' : 'no',
    });
    if (!ok) break;
    best = r;
    if (r.cpuMsPerSecond >= 950) {
      console.log('the process uses a whole core: stopping the ramp');
      break;
    }
  }
  console.table(rows);
  console.log(
    best === undefined
      ? 'no clean level'
      : `highest clean level: ${best.calls} concurrent calls (both ends in one process: ${best.calls * 2} call legs), ${(best.cpuMsPerSecond / 10).toFixed(1)}% of a core; linear estimate for one core: ~${Math.floor((1000 / best.cpuMsPerSecond) * best.calls)} calls (${Math.floor((2000 / best.cpuMsPerSecond) * best.calls)} legs)`,
  );
}

await main();
