// How many simultaneous 20 ms G.711-sized streams one core carries through socket
// receive, jitter buffer and send. A child process (another core) plays N streams at
// 50 packets/s towards N sessions here; every session puts what it receives into its own
// jitter buffer, pulls a frame every 20 ms and sends a 160-octet packet back (to the
// address it latched to). This process is single-threaded, so its CPU time is one core.
// A step passes when >= 99% of packets arrive both ways, this process stays under 90% of a
// core and its 20 ms tick is on time (median lateness <= 5 ms; p99 and max are printed, and
// on a shared machine they show other processes' load more than ours). The CPU-limited
// estimate fits CPU share = base + k * streams over the passing steps and solves for a
// whole core.
// Run twice: plain RTP, then SRTP (AES_CM_128_HMAC_SHA1_80) both ways.
// Bounded: steps of 3 s, at most ~30 s per series.
import { fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { RtpSession, type SrtpKeyMaterial } from '../src/index.js';
import { JitterBuffer } from '../src/jitter/index.js';

const STEP_MS = 3000;
const PAYLOAD = new Uint8Array(160).fill(0xd5);

interface StepResult {
  streams: number;
  inRatio: number;
  outRatio: number;
  cpu: number;
  maxTickLagMs: number;
  p99TickLagMs: number;
  medianTickLagMs: number;
  generatorLagMs: number;
}

const key = (n: number): SrtpKeyMaterial => ({
  profile: 'AES_CM_128_HMAC_SHA1_80',
  masterKey: new Uint8Array(16).fill(n),
  masterSalt: new Uint8Array(14).fill(n),
});

async function runStep(streams: number, srtp: boolean): Promise<StepResult> {
  const sessions = await Promise.all(
    Array.from({ length: streams }, () =>
      RtpSession.open({
        address: '127.0.0.1',
        port: 0,
        rtcpMux: true,
        ...(srtp ? { srtp: { receive: key(1), send: key(2) } } : {}),
      }),
    ),
  );
  let received = 0;
  const buffers = sessions.map((s) => {
    const jb = new JitterBuffer({ clockRate: 8000 });
    s.onPacket((p) => {
      received++;
      jb.put(p, performance.now());
    });
    return jb;
  });
  const child = fork(fileURLToPath(new URL('./load-generator.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
  });
  let ready: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const done = new Promise<{ sent: number; received: number; maxLagMs: number }>((resolve) =>
    child.on('message', (m: { type: string; sent: number; received: number; maxLagMs: number }) => {
      if (m.type === 'ready') ready();
      if (m.type === 'done') resolve(m);
    }),
  );
  child.send({
    type: 'start',
    ports: sessions.map((s) => s.localAddress.port),
    durationMs: STEP_MS,
    ...(srtp ? { srtpKeyByte: 1 } : {}),
  });
  await started;
  let sentBack = 0;
  const lags: number[] = [];

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const WARMUP_MS = 500;
  let tick = 0;
  let running = true;
  const onTick = () => {
    const now = performance.now();
    // Stop answering when the generator stops playing; it waits 200 ms for stragglers.
    if (!running || now - t0 >= STEP_MS) return;
    if (now - t0 > WARMUP_MS) lags.push(now - (t0 + tick * 20));
    for (let i = 0; i < sessions.length; i++) {
      buffers[i]!.get(now);
      const s = sessions[i]!;
      if (s.remoteAddress) {
        s.send(PAYLOAD);
        sentBack++;
      }
    }
    tick++;
    setTimeout(onTick, Math.max(0, t0 + tick * 20 - performance.now()));
  };
  onTick();
  const gen = await done;
  running = false;
  const wallMs = performance.now() - t0;
  // Note: CPU includes start-up of the sessions' receive path; wall time spans the whole step.
  const cpu = process.cpuUsage(cpu0);
  child.kill();
  await Promise.all(sessions.map((s) => s.close()));
  return {
    streams,
    inRatio: received / gen.sent,
    outRatio: sentBack === 0 ? 0 : gen.received / sentBack,
    cpu: (cpu.user + cpu.system) / 1000 / wallMs,
    maxTickLagMs: Math.max(0, ...lags),
    p99TickLagMs: lags.sort((a, b) => a - b)[Math.floor(lags.length * 0.99)] ?? 0,
    medianTickLagMs: lags[Math.floor(lags.length / 2)] ?? 0,
    generatorLagMs: gen.maxLagMs,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function series(srtp: boolean): Promise<void> {
  console.log(
    `\nStream capacity through loopback sockets, jitter buffer and send (one core)${srtp ? ', SRTP both ways' : ''}`,
  );
  console.log(
    'streams  pkts/s in+out  received  returned  CPU (1 core)  tick lag p99/max  generator lag  verdict',
  );
  let best = 0;
  let stop = false;
  const delivered: Array<[number, number]> = [];
  const deadline = Date.now() + 30_000;
  for (const n of [50, 100, 200, 400, 800, 1200, 1600, 2000, 3000]) {
    if (stop || Date.now() > deadline) break;
    const r = await runStep(n, srtp);
    const why = [
      r.inRatio < 0.99 ? 'receive loss' : '',
      r.outRatio < 0.99 ? 'send loss' : '',
      r.cpu >= 0.9 ? 'CPU' : '',
      r.medianTickLagMs > 5 ? `median tick lag ${r.medianTickLagMs.toFixed(1)} ms` : '',
    ].filter(Boolean);
    const ok = why.length === 0;
    console.log(
      `${String(n).padStart(7)}  ${String(n * 100).padStart(13)}  ${pct(r.inRatio).padStart(8)}  ${pct(r.outRatio).padStart(8)}  ${pct(r.cpu).padStart(12)}  ${`${r.p99TickLagMs.toFixed(1)}/${r.maxTickLagMs.toFixed(1)} ms`.padStart(16)}  ${`${r.generatorLagMs.toFixed(1)} ms`.padStart(13)}  ${ok ? 'ok' : `falls behind (${why.join(', ')})`}`,
    );
    // Only on-time steps feed the estimate: when ticks run late the work is deferred, so
    // the CPU share no longer measures what the streams need (on a busy machine the OS
    // caps our share). Stop at the first late step.
    if (!ok) stop = true;
    else {
      delivered.push([n, r.cpu]);
      best = n;
    }
  }
  const what = srtp ? 'SRTP streams' : 'streams';
  console.log(`${what} one core carried with every packet through (50 pps each way): ${best}`);
  const fit = linearFit(delivered);
  const last = delivered.at(-1);
  if (fit && fit.perStream > 0 && fit.base > 0) {
    console.log(
      `CPU-limited estimate for a whole core: ${Math.floor((1 - fit.base) / fit.perStream)} ${what} ` +
        `(fit over ${delivered.length} steps: ${(fit.base * 100).toFixed(1)}% base + ${(fit.perStream * 1e6).toFixed(0)} ppm of a core per stream)`,
    );
  } else if (last) {
    // Too few points for a line: streams over share, which counts the fixed base against them.
    console.log(`CPU-limited estimate for a whole core: ${Math.floor(last[0] / last[1])} ${what} (at least)`);
  }
}

/** Least-squares line cpu = base + perStream * n. */
function linearFit(
  points: ReadonlyArray<readonly [number, number]>,
): { base: number; perStream: number } | undefined {
  if (points.length < 2) return undefined;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) * (x - mx);
  }
  const perStream = sxy / sxx;
  return { base: my - perStream * mx, perStream };
}

const [load] = loadavg();
console.log(`machine: ${availableParallelism()} cores, load average ${load!.toFixed(1)}`);
if (load! > availableParallelism() - 1) {
  console.log(
    'warning: the machine is busy; this process may get only part of a core, so "carried" undercounts.\n' +
      'The CPU-limited estimate (a line fitted to CPU share over streams) is the steadier figure then.',
  );
}
await series(false);
await series(true);
