// Shared helpers for the codec benchmarks (bench/*.bench.ts): timing our code,
// timing a C reference tool as whole-process runs, and printing one table.
// Benchmarks import the codecs from ../dist (built by `pnpm bench`), not ../src:
// tsx's on-the-fly transform routes cross-module calls through getters, which
// halves the speed of hot loops and would not be what users of the package get.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Reads a 16-bit little-endian PCM file. */
export function readPcm16(url: URL): Int16Array {
  const b = readFileSync(url);
  return new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Repeats `pcm` until it lasts at least `seconds` (so C tools' start-up cost is small). */
export function repeatToSeconds(pcm: Int16Array, sampleRate: number, seconds: number): Int16Array {
  const n = Math.ceil((seconds * sampleRate) / pcm.length) * pcm.length;
  const out = new Int16Array(n);
  for (let at = 0; at < n; at += pcm.length) out.set(pcm, at);
  return out;
}

/** CPU time (user + system) of this process so far, in seconds. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Best speed of `run` over `rounds` rounds of at least `minMs` each, as a
 * multiple of real time for `audioSeconds` of audio per call. Time is CPU time
 * of this process, so other load on the machine does not skew the figure (the
 * C tools are measured the same way). One warm-up call first.
 */
export function xRealTime(audioSeconds: number, run: () => void, minMs = 600, rounds = 3): number {
  run();
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const t0 = cpuSeconds();
    let dt = 0;
    do {
      run();
      calls++;
      dt = cpuSeconds() - t0;
    } while (dt * 1000 < minMs);
    best = Math.max(best, (calls * audioSeconds) / dt);
  }
  return best;
}

/** Whether a program is on the PATH. */
export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Best CPU time (user + system) in seconds of `runs` whole-process runs of a
 * command, start-up included, or `undefined` if it fails. Measured by the
 * shell's `times` builtin, which reports the CPU time of finished children.
 */
export function timeCommand(cmd: string, args: readonly string[], runs = 3): number | undefined {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const script = '"$@" >/dev/null || exit 99; times';
    const res = spawnSync('bash', ['-c', script, 'bash', cmd, ...args], { encoding: 'utf8' });
    if (res.status !== 0) {
      process.stderr.write(`${cmd} failed: ${res.stderr}\n`);
      return undefined;
    }
    // Second line of `times`: children's user and system time, as 0m0.123s 0m0.004s.
    const child = res.stdout.trim().split('\n')[1] ?? '';
    let total = 0;
    for (const m of child.matchAll(/(\d+)m([\d.]+)s/g)) total += Number(m[1]) * 60 + Number(m[2]);
    best = Math.min(best, total);
  }
  return best;
}

/** Runs `fn` with a fresh temporary directory, removed afterwards. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'twinkle-bench-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line of a benchmark table. */
export interface BenchRow {
  readonly codec: string;
  /** `encode` or `decode`. */
  readonly op: string;
  /** Our speed, multiple of real time. */
  readonly ours: number;
  /** The reference tool's speed on the same input, whole-process time, if it ran. */
  readonly reference?: number;
  /** The same with the tool's start-up time (a run on 0.1 s of input) subtracted. */
  readonly referenceNet?: number;
  /** Which tool, for example `sox 14.4.2`. */
  readonly tool?: string;
}

/**
 * Speed of a reference tool as a multiple of real time: whole-process time on
 * the full input, and net of start-up (minus the time of a run on a tiny input).
 */
export function referenceSpeed(
  audioSeconds: number,
  full: number | undefined,
  tiny: number | undefined,
): { reference?: number; referenceNet?: number } {
  if (full === undefined) return {};
  const out: { reference: number; referenceNet?: number } = { reference: audioSeconds / full };
  if (tiny !== undefined && full > tiny) out.referenceNet = audioSeconds / (full - tiny);
  return out;
}

/**
 * Prints rows as a Markdown table: speeds as multiples of real time and
 * ours/reference (above 1 means we are faster), against the whole-process time
 * and against the time net of the tool's start-up.
 */
export function printTable(title: string, rows: readonly BenchRow[]): void {
  const fmt = (x: number | undefined): string =>
    x === undefined ? 'n/a' : x >= 100 ? x.toFixed(0) : x.toFixed(1);
  const ratio = (a: number, b: number | undefined): string => (b === undefined ? 'n/a' : (a / b).toFixed(2));
  const lines = [
    `\n### ${title}\n`,
    '| codec | op | ours | reference | reference net of start-up | ours / reference | ours / reference net |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.codec} | ${r.op} | ${fmt(r.ours)} | ${fmt(r.reference)} | ${fmt(r.referenceNet)} | ${ratio(r.ours, r.reference)} | ${ratio(r.ours, r.referenceNet)} |`,
    );
  }
  lines.push(
    `\nSpeeds are multiples of real time. Reference: ${rows.find((r) => r.tool)?.tool ?? 'none found'}.`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}
