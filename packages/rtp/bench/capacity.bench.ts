// How many simultaneous 20 ms G.711-sized streams one core carries through socket
// receive, jitter buffer and send. A child process (another core) plays N streams at
// 50 packets/s towards N sessions here; every session puts what it receives into its own
// jitter buffer, pulls a frame every 20 ms and sends a 160-octet packet back (to the
// address it latched to). This process is single-threaded, so its CPU time is one core.
// A step passes when >= 99% of packets arrive both ways, this process stays under 90% of a
// core and its 20 ms tick is on time (median lateness <= 5 ms; p99 and max are printed, and
// on a shared machine they show other processes' load more than ours). The CPU-limited
// estimate divides the streams of the last passing step by the share of a core they used.
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
  let bestCpu = 1;
  const deadline = Date.now() + 30_000;
  for (const n of [50, 100, 200, 400, 800, 1200, 1600, 2000, 3000]) {
    if (Date.now() > deadline) break;
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
    if (!ok) break;
    best = n;
    bestCpu = r.cpu;
  }
  const what = srtp ? 'SRTP streams' : 'streams';
  console.log(`${what} one core carried with every packet through (50 pps each way): ${best}`);
  if (best > 0) console.log(`CPU-limited estimate for a whole core: ${Math.floor(best / bestCpu)} ${what}`);
}

const [load] = loadavg();
console.log(`machine: ${availableParallelism()} cores, load average ${load!.toFixed(1)}`);
if (load! > availableParallelism() - 1) {
  console.log(
    'warning: the machine is busy; this process may get only part of a core, so "carried" undercounts.\n' +
      'The CPU-limited estimate (streams / share of a core used) is the steadier figure then.',
  );
}
await series(false);
await series(true);
