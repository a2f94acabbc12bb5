/**
 * The full stack on loopback with sipp as the load generator: our UserAgent
 * (UDP transport, transaction layer, UA core, session layer) answers
 *   1. OPTIONS (sipp scenario interop/sipp/options.xml), and
 *   2. calls: sipp's built-in `uac` (INVITE, 200, ACK, BYE, 200; our UA
 *      answers at once with SDP),
 * at a ramp of target rates; a step counts when every call succeeded and the
 * achieved rate is within 15% of the target (wall time, sipp start-up and
 * the last calls included). CPU time of our process per
 * transaction is the steadier figure (sipp shares the two cores).
 *   3. Memory per 1,000 concurrent dialogs: sipp holds 1,000 calls open
 *      (`-d` pause after ACK); heap delta of our process after GC, once
 *      the INVITE server transactions have ended (Timer L), so the figure is
 *      dialogs and sessions alone.
 * Run with `tsx --expose-gc bench/stack.bench.ts` (the package's bench script).
 * Needs sipp (Debian sip-tester); prints a note and exits 0 without it.
 */

import type { InviteServerSession } from '../src/session/index.js';
import { createUserAgent, type UserAgent } from '../src/ua/index.js';
import { findCommand, SippPeer } from '../test/interop/harness/index.js';
import { LoopbackSdpHandler } from '../test/interop/sdp-handler.js';

const gc = (globalThis as { gc?: () => void }).gc;
const OPTIONS_RATES = (process.env.BENCH_OPTIONS_RATES ?? '500,1000,2000,3000,4000,6000')
  .split(',')
  .map(Number);
const CALL_RATES = (process.env.BENCH_CALL_RATES ?? '100,200,400,600,800,1200').split(',').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 4);
const DIALOGS = Number(process.env.BENCH_DIALOGS ?? 1000);

interface Step {
  readonly what: string;
  readonly target: number;
  readonly attempted: number;
  readonly successful: number;
  readonly failed: number;
  readonly achieved: number;
  readonly cpuMsPerItem: number;
  readonly ok: boolean;
}

async function ourUa(): Promise<{ ua: UserAgent; port: number; incoming: InviteServerSession[] }> {
  const ua = await createUserAgent({
    transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
    aor: 'sip:bench@127.0.0.1',
    media: () => new LoopbackSdpHandler(),
  });
  const incoming: InviteServerSession[] = [];
  ua.onInvite((s) => {
    incoming.push(s);
    void s.accept().catch(() => {});
  });
  const port = ua.transport.localAddress('udp')!.port;
  return { ua, port, incoming };
}

async function step(what: string, port: number, rate: number, scenario: 'options' | 'call'): Promise<Step> {
  const calls = Math.max(50, Math.round(rate * STEP_SECONDS));
  const sipp = await SippPeer.start({
    scenario: scenario === 'options' ? { file: 'options.xml' } : { builtin: 'uac' },
    remote: `127.0.0.1:${port}`,
    service: 'bench',
    calls,
    rate,
    limit: Math.max(200, rate),
    timeoutS: STEP_SECONDS * 4 + 10,
    traceMessages: false,
    extraArgs: scenario === 'call' ? ['-d', '0'] : [],
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const r = await sipp.result((STEP_SECONDS * 4 + 20) * 1000);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const successful = r.stats?.successful ?? 0;
    const failed = r.stats?.failed ?? calls - successful;
    const achieved = successful / seconds;
    return {
      what,
      target: rate,
      attempted: calls,
      successful,
      failed,
      achieved,
      cpuMsPerItem: (cpu.user + cpu.system) / 1000 / Math.max(1, successful),
      ok: r.ok && failed === 0 && achieved >= rate * 0.85,
    };
  } finally {
    await sipp.close();
  }
}

async function ramp(what: string, rates: readonly number[], scenario: 'options' | 'call'): Promise<Step[]> {
  const { ua, port } = await ourUa();
  const rows: Step[] = [];
  try {
    await step(`${what} warm-up`, port, rates[0]!, scenario);
    for (const rate of rates) {
      const s = await step(what, port, rate, scenario);
      rows.push(s);
      if (!s.ok) break;
    }
  } finally {
    await ua.close();
  }
  return rows;
}

/** Waits (at most 45 s) until no server transaction is left; returns how many are. */
async function drained(ua: UserAgent): Promise<number> {
  const deadline = Date.now() + 45_000;
  while (ua.transactions.size.servers > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 500));
  return ua.transactions.size.servers;
}

async function memoryPerThousandDialogs(): Promise<
  { perDialog: number; established: number; transactionsLeft: number } | undefined
> {
  const { ua, port, incoming } = await ourUa();
  let transactionsLeft = -1;
  try {
    // a few calls first so every code path is compiled before the baseline,
    // and their transactions gone (Timer L) so the baseline holds none
    await step('memory warm-up', port, 50, 'call');
    await drained(ua);
    incoming.length = 0;
    gc?.();
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const sipp = await SippPeer.start({
      scenario: { builtin: 'uac' },
      remote: `127.0.0.1:${port}`,
      calls: DIALOGS,
      rate: 500,
      limit: DIALOGS,
      timeoutS: 120,
      traceMessages: false,
      extraArgs: ['-d', '90000'],
    });
    try {
      const deadline = Date.now() + 20_000;
      const established = () => incoming.filter((s) => s.state === 'established').length;
      while (established() < DIALOGS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      // count the dialogs alone: wait until the INVITE server transactions have
      // left Accepted (Timer L, 64*T1 = 32 s, RFC 6026) and every timer is done
      transactionsLeft = await drained(ua);
      gc?.();
      gc?.();
      const after = process.memoryUsage().heapUsed;
      const n = established();
      return n === 0 ? undefined : { perDialog: (after - before) / n, established: n, transactionsLeft };
    } finally {
      await sipp.close();
    }
  } finally {
    await ua.close();
  }
}

function table(rows: readonly Step[], unit: string): void {
  console.table(
    rows.map((r) => ({
      scenario: r.what,
      'target /s': r.target,
      [`${unit} done`]: `${r.successful}/${r.attempted}`,
      failed: r.failed,
      [`achieved ${unit}/s`]: Math.round(r.achieved),
      [`our CPU ms per ${unit}`]: r.cpuMsPerItem.toFixed(3),
      [`${unit} per CPU-second`]: Math.round(1000 / r.cpuMsPerItem),
      'clean step': r.ok ? 'yes' : 'no',
    })),
  );
  const best = rows.filter((r) => r.ok).at(-1);
  console.log(
    best
      ? `highest clean step: ${Math.round(best.achieved)} ${unit}/s (target ${best.target}/s, no failures)`
      : `no clean step (first step failed)`,
  );
}

async function main(): Promise<void> {
  if (findCommand('sipp') === undefined) {
    console.log('stack bench skipped: sipp is not installed (Debian package sip-tester)');
    return;
  }
  console.log(`full stack on 127.0.0.1 UDP, sipp as load generator, ${STEP_SECONDS} s per step`);
  // memory first, in a process that has not run the ramps yet
  const mem = await memoryPerThousandDialogs();
  table(await ramp('OPTIONS/200', OPTIONS_RATES, 'options'), 'transaction');
  table(await ramp('INVITE/200/ACK/BYE/200', CALL_RATES, 'call'), 'call');
  const gcNote = gc === undefined ? ' (without --expose-gc: rough)' : '';
  console.log(
    mem === undefined
      ? 'memory: no dialog was established'
      : `memory: ${(mem.perDialog / 1024).toFixed(1)} KiB per established dialog (UAS side, ${mem.established} at once; ${((mem.perDialog * 1000) / 1024 / 1024).toFixed(1)} MiB per 1,000; ${mem.transactionsLeft} server transactions still alive)${gcNote}`,
  );
}

await main();
