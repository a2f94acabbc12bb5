/**
 * Transactions per second through two TransactionLayers joined by the
 * in-memory LoopNetwork, in real time: every message is serialized, parsed
 * again, matched and answered, so the figure covers message building,
 * parsing and the transaction machines (no sockets; the full-stack figure
 * with sipp is the interop bench). A window of transactions is kept in
 * flight. CPU time (user + system, GC included) is the steadier figure when
 * other processes share the machine. Run with
 * `node --expose-gc --import tsx bench/transactions.bench.ts` (or plain tsx).
 */
import { createRequest, createResponse } from '../src/index.js';
import { LoopNetwork, RecordingClientUser, testBranch, transactionPair } from '../src/testing/index.js';
import type { Clock, TimerHandle } from '../src/time/clock.js';
import { TransactionLayer } from '../src/transaction/index.js';
import type { ServerTransaction } from '../src/transaction/types.js';
import type { TransportProtocol } from '../src/transport/types.js';

const TOTAL = Number(process.env.BENCH_TX ?? 20_000);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 200);

/** Real time, with zero-delay timers on setImmediate (setTimeout(0) would add a millisecond each). */
function fastClock(): Clock {
  const pending = new Map<number, { cancel: () => void }>();
  let next = 1;
  return {
    now: () => performance.now(),
    setTimer(ms, fn): TimerHandle {
      const timerId = next++;
      const run = () => {
        pending.delete(timerId);
        fn();
      };
      if (ms <= 0) {
        const h = setImmediate(run);
        pending.set(timerId, { cancel: () => clearImmediate(h) });
      } else {
        const h = setTimeout(run, ms);
        h.unref();
        pending.set(timerId, { cancel: () => clearTimeout(h) });
      }
      return { timerId };
    },
    clearTimer(h) {
      pending.get(h.timerId)?.cancel();
      pending.delete(h.timerId);
    },
  };
}

type Scenario = 'OPTIONS/200' | 'INVITE/180/486/ACK' | 'INVITE/200 + ACK';

async function run(scenario: Scenario, protocol: TransportProtocol) {
  const clock = fastClock();
  const network = new LoopNetwork({ clock, record: false });
  const alice = network.endpoint('192.0.2.1');
  const bob = network.endpoint('192.0.2.2');
  const a = new TransactionLayer({ transport: alice, clock });
  const b = new TransactionLayer({ transport: bob, clock });
  const toBob = { protocol, address: bob.address, port: bob.port };
  const via = (branch: string) => `SIP/2.0/${protocol.toUpperCase()} 192.0.2.1:5060;branch=${branch}`;
  b.onRequest((tx: ServerTransaction) => {
    const r = tx.request;
    if (r.method === 'OPTIONS') tx.respond(createResponse(r, 200, undefined, { toTag: 'b' }));
    else if (scenario === 'INVITE/200 + ACK') tx.respond(createResponse(r, 200, undefined, { toTag: 'b' }));
    else {
      tx.respond(createResponse(r, 180, undefined, { toTag: 'b' }));
      tx.respond(createResponse(r, 486, undefined, { toTag: 'b' }));
    }
  });
  let acks = 0;
  b.onStrayAck(() => acks++);
  const method = scenario === 'OPTIONS/200' ? 'OPTIONS' : 'INVITE';
  let started = 0;
  let done = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const startOne = () => {
      started++;
      const request = createRequest({
        method,
        uri: 'sip:bob@192.0.2.2',
        via: via(testBranch()),
        from: `<sip:alice@192.0.2.1>;tag=a${started}`,
        to: '<sip:bob@192.0.2.2>',
        callId: `bench-${started}@192.0.2.1`,
        cseq: 1,
      });
      a.sendRequest(request, toBob, {
        onResponse(response) {
          if (response.status < 200) return;
          if (response.status < 300 && method === 'INVITE') {
            // 13.2.2.4: the TU ACKs a 2xx itself, outside the transaction.
            const ack = createRequest({
              method: 'ACK',
              uri: 'sip:bob@192.0.2.2',
              via: via(testBranch()),
              from: request.header('from')!,
              to: response.header('to')!,
              callId: request.callId!,
              cseq: 1,
            });
            void a.sendStateless(ack, toBob);
          }
          done++;
          if (done === TOTAL) resolve();
          else if (started < TOTAL) startOne();
        },
        onFailure(f) {
          throw new Error(`transaction failed: ${f.kind}`);
        },
      });
    };
    for (let i = 0; i < Math.min(WINDOW, TOTAL); i++) startOne();
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const alive = a.size.clients + b.size.servers;
  // Let the last stateless ACKs arrive before counting them.
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  a.close();
  b.close();
  await alice.close();
  await bob.close();
  return { scenario, protocol, seconds, cpuSeconds, rate: TOTAL / seconds, alive, acks };
}

/**
 * Heap per live INVITE transaction pair (client at alice, server at bob,
 * both in Proceeding after a 180), 1,000 at a time, in virtual time. Needs
 * `--expose-gc` for a clean figure; without it the number is rougher.
 */
function memoryPerThousand(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  const p = transactionPair({
    timers: {},
    bobResponds: (tx) => tx.respond(createResponse(tx.request, 180, undefined, { toTag: 'b' })),
  });
  const network = p.network;
  const settle = () => {
    p.clock.advance(0);
    network.clearLog();
    gc?.();
  };
  settle();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 1000; i++) {
    p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, new RecordingClientUser());
  }
  settle();
  const after = process.memoryUsage().heapUsed;
  const alive = p.aliceLayer.size.clients + p.bobLayer.size.servers;
  p.close();
  return alive === 2000 ? (after - before) / 1000 : undefined;
}

async function main(): Promise<void> {
  console.log(
    `transactions through two TransactionLayers over the LoopNetwork: ${TOTAL} each, ${WINDOW} in flight`,
  );
  const rows = [];
  for (const scenario of ['OPTIONS/200', 'INVITE/180/486/ACK', 'INVITE/200 + ACK'] as const) {
    for (const protocol of ['udp', 'tcp'] as const) {
      await run(scenario, protocol); // warm-up
      rows.push(await run(scenario, protocol));
    }
  }
  console.table(
    rows.map((r) => ({
      scenario: r.scenario,
      transport: r.protocol,
      'transactions per CPU-second': Math.round(TOTAL / r.cpuSeconds).toLocaleString('en-US'),
      'transactions/s (wall)': Math.round(r.rate).toLocaleString('en-US'),
      'CPU s': r.cpuSeconds.toFixed(2),
      'alive at end (Timer J/K/D/L wait)': r.alive,
      'ACKs for 2xx at the UAS': r.acks,
    })),
  );
  const perPair = memoryPerThousand();
  const gcNote =
    (globalThis as { gc?: () => void }).gc === undefined
      ? ' (run node with --expose-gc for a clean figure)'
      : '';
  console.log(
    `memory: ${perPair === undefined ? 'n/a' : `${(perPair / 1024).toFixed(1)} KiB`} per live INVITE client+server transaction pair in Proceeding (1,000 at once)${gcNote}`,
  );
}

await main();
