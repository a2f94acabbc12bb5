/**
 * Parse throughput: @twinkle/sip-core against JsSIP, `sip`, drachtio-srf and
 * SIP.js on the same three messages, in the same run. Each timed operation is
 * one parse plus reading Via, From, To, Call-ID and CSeq. Parsers run in
 * interleaved rounds (noise from other load spreads over all of them) and
 * the median round counts (on a machine shared with other work, the median
 * of many short interleaved rounds is steadier than one long run, and
 * less flattering than the best round). Run with `pnpm bench`.
 */
import { availableParallelism } from 'node:os';
import { INVITE, OK200, REGISTER } from './messages.js';
import { parallelThroughput } from './parallel.js';
import { type BenchParser, PARSERS } from './parsers.js';

const MESSAGES = { 'INVITE + SDP': INVITE, '200 OK + SDP': OK200, 'REGISTER + auth': REGISTER } as const;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const ROUND_MS = Number(process.env.BENCH_MS ?? 300);

/**
 * Messages per second of CPU time (user + system) of one parser on one
 * message, over about `ms` milliseconds of wall time. CPU time rather than
 * wall time keeps the figure steady when other processes share the machine;
 * it is the throughput of one core.
 */
function measure(p: BenchParser, data: Buffer & string, ms: number): number {
  let sink = 0;
  let n = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 200; i++) sink += p.run(data);
    n += 200;
  }
  const cpu = process.cpuUsage(cpu0);
  if (sink === -1) console.log(''); // keeps `sink` alive
  return (n * 1e6) / (cpu.user + cpu.system);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const rows: { message: string; parser: string; rate: number; rounds: number[] }[] = [];
  for (const [label, text] of Object.entries(MESSAGES)) {
    // As a socket delivers it.
    const bytes = Buffer.from(text, 'utf8');
    const input = (p: BenchParser) => (p.input === 'bytes' ? bytes : text) as Buffer & string;
    for (const p of PARSERS) measure(p, input(p), 100); // warm up and check that each one parses
    const rates = new Map<string, number[]>(PARSERS.map((p) => [p.name, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const p of PARSERS) rates.get(p.name)!.push(measure(p, input(p), ROUND_MS));
    }
    for (const p of PARSERS)
      rows.push({
        message: `${label} (${bytes.length} B)`,
        parser: p.name,
        rate: median(rates.get(p.name)!),
        rounds: rates.get(p.name)!,
      });
  }

  console.log(
    `Node ${process.version}, ${availableParallelism()} cores; median of ${ROUNDS} interleaved rounds of ${ROUND_MS} ms; rates per CPU-second`,
  );
  console.log('Each operation: parse + read Via branch, From tag, To URI, Call-ID, CSeq number.\n');
  console.log(
    '"Paired rounds": the ratio to the fastest other parser within each round (measured next to each other,',
  );
  console.log(
    'so the machine drifting between rounds cancels out): median, and the middle half of the rounds.\n',
  );
  console.log('| message | parser | messages/s per core | vs fastest other | paired rounds |');
  console.log('|---|---|---:|---:|---:|');
  for (const label of new Set(rows.map((r) => r.message))) {
    const mine = rows.filter((r) => r.message === label);
    const others = mine.filter((r) => !r.parser.startsWith('@twinkle'));
    const fastest = others.reduce((a, b) => (b.rate > a.rate ? b : a));
    for (const r of mine) {
      const paired = r.rounds.map((rate, i) => rate / fastest.rounds[i]!).sort((a, b) => a - b);
      const q = (f: number): string => paired[Math.floor(f * (paired.length - 1))]!.toFixed(2);
      console.log(
        `| ${r.message} | ${r.parser} | ${fmt(r.rate)} | ${(r.rate / fastest.rate).toFixed(2)}x | ${median(paired).toFixed(2)}x (${q(0.25)}-${q(0.75)}) |`,
      );
    }
  }

  const cores = availableParallelism();
  if (cores > 1 && process.env.BENCH_PARALLEL !== '0') {
    console.log(`\nAll ${cores} cores (one worker thread per core, @twinkle/sip-core from bytes):\n`);
    console.log('| message | messages/s (all cores) | per core |');
    console.log('|---|---:|---:|');
    for (const [label, text] of Object.entries(MESSAGES)) {
      const total = await parallelThroughput(text, cores, 1000);
      console.log(`| ${label} | ${fmt(total)} | ${fmt(total / cores)} |`);
    }
  }
}

await main();
