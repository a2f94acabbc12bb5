/**
 * How many concurrent calls one Phone process carries with sipp as the caller:
 * N auto-answering Phone engines in this process (one call each: the engine
 * auto-answers only on an idle phone, as Twinkle does), sipp (scenario
 * uac-pcap.xml, `setdest` to each callee's port) holding N calls at once, each
 * playing sipp's PCMA pcap (30 ms packets, 7.05 s) at 200 calls/s; our engines decode it and
 * send their speech WAV back. CPU of this process (sipp runs in its own)
 * over a window once every call is up. A level is clean when sipp reports no
 * failed call, every callee answered, callees received at least 95% of the RTP
 * due (33.3/s) and the event loop's p99 delay stayed under 20 ms.
 * Needs sipp (Debian sip-tester) and root (play_pcap_audio); prints a note and exits 0 without.
 * Run: pnpm exec tsx bench/sipp-capacity.bench.ts
 * (BENCH_SIPP_LEVELS default 10,100,200,300,400; BENCH_SIPP_BUDGET_S default 50).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type BenchPhone, benchPhone, loadNote, sleep, timedMediaFactory, until } from './pairs.js';

const LEVELS = (process.env.BENCH_SIPP_LEVELS ?? '10,100,200,300,400').split(',').map(Number);
const BUDGET_S = Number(process.env.BENCH_SIPP_BUDGET_S ?? 50);
const WINDOW_MS = 3000;
const SCENARIO = fileURLToPath(new URL('uac-pcap.xml', import.meta.url));
const PCAP = '/usr/share/sip-tester/g711a.pcap';

const callees: BenchPhone[] = [];
const rxByCallee: number[] = [];

async function ensureCallees(n: number): Promise<void> {
  while (callees.length < n) {
    const i = callees.length;
    rxByCallee.push(0);
    callees.push(
      await benchPhone(
        `b${i}`,
        ['g711a'],
        timedMediaFactory(
          () => {},
          () => {
            rxByCallee[i] = (rxByCallee[i] ?? 0) + 1;
          },
        ),
        true,
      ),
    );
  }
}

const count = (p: BenchPhone, type: string, state?: string): number =>
  p.events.filter((e) => e.type === type && (state === undefined || ('state' in e && e.state === state)))
    .length;

async function level(n: number, dir: string): Promise<Record<string, string | number>> {
  await ensureCallees(n);
  const used = callees.slice(0, n);
  const answered0 = used.map((p) => count(p, 'call-state', 'answered'));
  const csv = join(dir, `callees-${n}.csv`);
  writeFileSync(
    csv,
    `SEQUENTIAL\n${used.map((p, i) => `${p.phone.ua.transport.localAddress('udp')?.port};${i}`).join('\n')}\n`,
  );
  const target = used[0]!.phone.ua.transport.localAddress('udp')?.port;
  const sipp = spawn(
    'sipp',
    [
      `127.0.0.1:${target}`,
      ...['-sf', SCENARIO, '-inf', csv, '-m', String(n), '-l', String(n), '-r', '200'],
      ...['-i', '127.0.0.1', '-mi', '127.0.0.1', '-mp', String(20000 + (n % 7) * 2000), '-nostdin'],
      ...['-timeout', '40s', '-timeout_error', '-max_recv_loops', '10000'],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  sipp.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((r) => sipp.on('exit', (code) => r(code)));
  try {
    const up = () => used.every((p, i) => count(p, 'call-state', 'answered') > answered0[i]!);
    await until(up, 10_000);
    await sleep(300);
    const established = used.filter((p, i) => count(p, 'call-state', 'answered') > answered0[i]!).length;
    const rx0 = rxByCallee.slice(0, n).reduce((a, b) => a + b, 0);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await sleep(WINDOW_MS);
    const cpu = process.cpuUsage(cpu0);
    const seconds = (performance.now() - t0) / 1000;
    delay.disable();
    const rx = rxByCallee.slice(0, n).reduce((a, b) => a + b, 0) - rx0;
    const code = await Promise.race([exited, sleep(15_000).then(() => 'timeout' as const)]);
    const cpuMs = (cpu.user + cpu.system) / 1000 / seconds;
    const rxPerCall = established === 0 ? 0 : rx / established / seconds;
    const p99 = delay.percentile(99) / 1e6;
    const ok = code === 0 && established === n && rxPerCall >= 31.6 && p99 < 20;
    return {
      'concurrent calls': n,
      answered: established,
      'sipp exit': code === 0 ? '0 (all ok)' : `${code} ${stderr.split('\n').at(-2) ?? ''}`.slice(0, 40),
      'our CPU % of a core': (cpuMs / 10).toFixed(1),
      'CPU ms/s per call': established === 0 ? '-' : (cpuMs / established).toFixed(2),
      'rx pkt/s per call': rxPerCall.toFixed(1),
      'loop p99 ms': p99.toFixed(1),
      clean: ok ? 'yes' : 'no',
    };
  } finally {
    if (sipp.exitCode === null) sipp.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
  }
}

async function main(): Promise<void> {
  const which = spawnSync('sipp', ['-v'], { encoding: 'utf8' });
  if (which.error !== undefined) {
    console.log('sipp capacity bench skipped: sipp is not installed (Debian package sip-tester)');
    return;
  }
  if (process.getuid?.() !== 0 || spawnSync('test', ['-r', PCAP]).status !== 0) {
    console.log('sipp capacity bench skipped: play_pcap_audio needs root and sipp pcap files');
    return;
  }
  console.log(
    `concurrent calls, sipp (PCMA pcap) calling auto-answering Phone engines in one Node process, ${WINDOW_MS / 1000} s window; ${await loadNote()}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'twinkle-phone-bench-'));
  const start = performance.now();
  const rows: Record<string, string | number>[] = [];
  try {
    for (const n of LEVELS) {
      if ((performance.now() - start) / 1000 > BUDGET_S) {
        console.log(`time budget (${BUDGET_S} s) spent before level ${n}`);
        break;
      }
      const row = await level(n, dir);
      rows.push(row);
      if (row.clean !== 'yes') break;
      await sleep(500); // let the BYEs finish before the next level
    }
  } finally {
    await Promise.all(callees.map((p) => p.phone.quit().catch(() => {})));
    rmSync(dir, { recursive: true, force: true });
  }
  console.table(rows);
  const best = rows.filter((r) => r.clean === 'yes').at(-1);
  console.log(
    best === undefined
      ? 'no clean level'
      : `highest clean level: ${best['concurrent calls']} concurrent calls with media (our side only; sipp in its own process), ${best['our CPU % of a core']}% of a core; linear estimate for a whole core: ~${Math.floor((Number(best['concurrent calls']) * 100) / Number(best['our CPU % of a core']))} calls`,
  );
}

await main();
