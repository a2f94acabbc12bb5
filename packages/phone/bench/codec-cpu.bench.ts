/**
 * CPU per active call for each codec of the default registry: M concurrent
 * calls between Phone engine pairs in this one process (speech WAV microphones
 * looping, null speakers, real-time 20 ms media; iLBC in its default 30 ms mode sends 30 ms
 * packets at ptime 20), CPU of the process
 * over a steady-state window. A call is both of its ends here: encode, RTP,
 * jitter buffer and decode twice, plus RTCP and the engines' SIP timers.
 * Run: pnpm exec tsx bench/codec-cpu.bench.ts
 * (BENCH_CODEC_CALLS default 8, BENCH_CODEC_WINDOW_MS default 5000, BENCH_CODECS a comma list).
 */
import type { TwinkleCodecName } from '../src/index.js';
import { holdCalls } from './call-load.js';
import { loadNote } from './pairs.js';

const CALLS = Number(process.env.BENCH_CODEC_CALLS ?? 8);
const WINDOW_MS = Number(process.env.BENCH_CODEC_WINDOW_MS ?? 5000);
const CODECS = (
  process.env.BENCH_CODECS ?? 'g711u,g711a,g722,gsm,g726-32,speex-nb,speex-wb,speex-uwb,ilbc,opus'
).split(',') as TwinkleCodecName[];

async function main(): Promise<void> {
  console.log(
    `CPU per active call, ${CALLS} concurrent calls per codec (both ends in this process), ${WINDOW_MS / 1000} s window; ${await loadNote()}`,
  );
  const rows: Record<string, string | number>[] = [];
  let pcmuPerCall: number | undefined;
  // warm-up (discarded): the first codec measured would otherwise pay for compiling the engine
  await holdCalls('g711u', 2, 500);
  for (const codec of CODECS) {
    try {
      const r = await holdCalls(codec, CALLS, WINDOW_MS);
      const perCall = r.established === 0 ? Number.NaN : r.cpuMsPerSecond / r.established;
      if (codec === 'g711u') pcmuPerCall = perCall;
      rows.push({
        codec,
        negotiated: r.codecs,
        'calls up': `${r.established}/${r.calls}`,
        'process CPU %': (r.cpuMsPerSecond / 10).toFixed(1),
        'CPU ms/s per call': perCall.toFixed(2),
        '% core per call': (perCall / 10).toFixed(2),
        '% core per end': (perCall / 20).toFixed(2),
        'ms/s over PCMU': pcmuPerCall === undefined ? '-' : (perCall - pcmuPerCall).toFixed(2),
        'rx pkt/s per call': r.rxPacketsPerCallSecond.toFixed(1),
        'loop p99 ms': r.loopDelayP99Ms.toFixed(1),
      });
    } catch (e) {
      rows.push({ codec, negotiated: `failed: ${(e as Error).message}` });
    }
  }
  console.table(rows);
  console.log(
    'ms/s per call = CPU milliseconds per wall second per call (both ends, speech both ways); 10 ms/s is 1% of a core. Includes a fixed cost (timers, RTCP, GC) that shrinks per call as calls are added (see capacity.bench.ts); "ms/s over PCMU" is the codec own extra cost per call.',
  );
}

await main();
