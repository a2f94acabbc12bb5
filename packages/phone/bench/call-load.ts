// Holds N concurrent calls between Phone engine pairs in this process and
// measures the process's CPU over a steady-state window.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { TwinkleCodecName } from '../src/index.js';
import { type BenchPhone, benchPhone, sleep, timedMediaFactory, until } from './pairs.js';

export interface LoadResult {
  readonly calls: number;
  /** Calls whose both ends reported media and whose caller received RTP. */
  readonly established: number;
  /** Established calls that ended before the window closed. */
  readonly dropped: number;
  /** Codec(s) the media events named. */
  readonly codecs: string;
  /** CPU of this process over the window, ms per wall second (1000 = one core). */
  readonly cpuMsPerSecond: number;
  /** Event loop delay p99 during the window, ms (real-time media is late beyond ~20 ms). */
  readonly loopDelayP99Ms: number;
  /** RTP packets the callers received per call per second during the window (50 for 20 ms ptime). */
  readonly rxPacketsPerCallSecond: number;
}

/**
 * Sets up `calls` calls (each between its own caller and auto-answering callee
 * Phone, speech WAV microphones), waits `settleMs`, measures `windowMs`, hangs up.
 */
export async function holdCalls(
  codec: TwinkleCodecName,
  calls: number,
  windowMs: number,
  settleMs = 500,
  setupTimeoutMs = 15_000,
): Promise<LoadResult> {
  const callers: BenchPhone[] = [];
  const callees: BenchPhone[] = [];
  const firstRtp: boolean[] = new Array<boolean>(calls).fill(false);
  let rxPackets = 0;
  try {
    for (let i = 0; i < calls; i++) {
      callers.push(
        await benchPhone(
          `a${i}`,
          [codec],
          timedMediaFactory(
            () => {
              firstRtp[i] = true;
            },
            () => rxPackets++,
          ),
          false,
        ),
      );
      callees.push(
        await benchPhone(
          `b${i}`,
          [codec],
          timedMediaFactory(() => {}),
          true,
        ),
      );
    }
    const started = (p: BenchPhone) => p.events.some((e) => e.type === 'media');
    const ended = (p: BenchPhone) => p.events.some((e) => e.type === 'call-ended');
    for (let i = 0; i < calls; i++) {
      await callers[i]!.phone.call(callees[i]!.uri).catch(() => {});
      await sleep(3); // a steady ramp, not one burst of INVITEs
    }
    const isUp = (i: number) => started(callers[i]!) && started(callees[i]!) && firstRtp[i] === true;
    await until(() => callers.every((_, i) => isUp(i) || ended(callers[i]!)), setupTimeoutMs);
    await sleep(settleMs);
    const up = callers.map((_, i) => isUp(i) && !ended(callers[i]!));
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const rx0 = rxPackets;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await sleep(windowMs);
    const cpu = process.cpuUsage(cpu0);
    const seconds = (performance.now() - t0) / 1000;
    const rx = rxPackets - rx0;
    delay.disable();
    const established = up.filter(Boolean).length;
    const dropped = up.filter((u, i) => u && (ended(callers[i]!) || ended(callees[i]!))).length;
    const codecs = new Set<string>();
    for (const p of callers)
      for (const e of p.events) if (e.type === 'media') codecs.add(`${e.codec}/${e.clockRate}`);
    return {
      calls,
      established,
      dropped,
      codecs: [...codecs].join(','),
      cpuMsPerSecond: (cpu.user + cpu.system) / 1000 / seconds,
      loopDelayP99Ms: delay.percentile(99) / 1e6,
      rxPacketsPerCallSecond: established === 0 ? 0 : rx / established / seconds,
    };
  } finally {
    await Promise.all(callers.map((p) => p.phone.bye().catch(() => {})));
    await sleep(200);
    await Promise.all([...callers, ...callees].map((p) => p.phone.quit().catch(() => {})));
  }
}
