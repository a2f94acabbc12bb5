/**
 * Call setup time on loopback: two Phone engines on 127.0.0.1 (speech WAV
 * microphones, null speakers, real-time media), the callee on auto answer.
 * N sequential calls; for each, the time from `call()` to
 *   - the caller's `answered` call-state (the 200 OK arrived),
 *   - the `media` event on each side (the negotiated stream started),
 *   - the first RTP packet the caller receives (media flowing back).
 * Median and p95 over the calls after one warm-up call.
 * Run: pnpm exec tsx bench/setup.bench.ts (BENCH_SETUP_CALLS, default 20).
 */
import type { TwinkleCodecName } from '../src/index.js';
import { benchPhone, loadNote, percentile, sleep, timedMediaFactory, until } from './pairs.js';

const CALLS = Number(process.env.BENCH_SETUP_CALLS ?? 20);
const CODECS: readonly TwinkleCodecName[] = ['g711u'];

interface Sample {
  answered: number;
  callerMedia: number;
  calleeMedia: number;
  firstRtp: number;
}

async function main(): Promise<void> {
  console.log(
    `call setup on 127.0.0.1 UDP, two Phone engines in one process, codec PCMU; ${await loadNote()}`,
  );
  let callerFirstRtp = Number.NaN;
  const alice = await benchPhone(
    'alice',
    CODECS,
    timedMediaFactory((at) => {
      if (Number.isNaN(callerFirstRtp)) callerFirstRtp = at;
    }),
    false,
  );
  const bob = await benchPhone(
    'bob',
    CODECS,
    timedMediaFactory(() => {}),
    true,
  );
  const samples: Sample[] = [];
  let failed = 0;
  try {
    for (let i = 0; i <= CALLS; i++) {
      let answered = Number.NaN;
      let callerMedia = Number.NaN;
      let calleeMedia = Number.NaN;
      callerFirstRtp = Number.NaN;
      const offA = alice.phone.on((e) => {
        if (e.type === 'call-state' && e.state === 'answered' && Number.isNaN(answered))
          answered = performance.now();
        if (e.type === 'media' && Number.isNaN(callerMedia)) callerMedia = performance.now();
      });
      const offB = bob.phone.on((e) => {
        if (e.type === 'media' && Number.isNaN(calleeMedia)) calleeMedia = performance.now();
      });
      const t0 = performance.now();
      await alice.phone.call(bob.uri);
      const ok = await until(
        () =>
          !Number.isNaN(answered) &&
          !Number.isNaN(callerMedia) &&
          !Number.isNaN(calleeMedia) &&
          !Number.isNaN(callerFirstRtp),
        5000,
      );
      offA();
      offB();
      if (!ok) failed++;
      else if (i > 0)
        samples.push({
          answered: answered - t0,
          callerMedia: callerMedia - t0,
          calleeMedia: calleeMedia - t0,
          firstRtp: callerFirstRtp - t0,
        });
      const endedBefore = bob.events.filter((e) => e.type === 'call-ended').length;
      await alice.phone.bye().catch(() => {});
      await until(() => bob.events.filter((e) => e.type === 'call-ended').length > endedBefore, 3000);
      await sleep(50);
    }
  } finally {
    await alice.phone.quit();
    await bob.phone.quit();
  }
  const row = (what: string, pick: (s: Sample) => number) => {
    const v = samples.map(pick);
    return {
      'from call() to': what,
      calls: v.length,
      'median ms': percentile(v, 50).toFixed(2),
      'p95 ms': percentile(v, 95).toFixed(2),
      'max ms': Math.max(...v).toFixed(2),
    };
  };
  console.table([
    row('200 OK at caller (answered)', (s) => s.answered),
    row('media event, callee', (s) => s.calleeMedia),
    row('media event, caller', (s) => s.callerMedia),
    row('first RTP packet at caller', (s) => s.firstRtp),
  ]);
  console.log(`${samples.length} measured calls after 1 warm-up, ${failed} failed to set up within 5 s`);
  if (failed > 0) process.exitCode = 1;
}

await main();
