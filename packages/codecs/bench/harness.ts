// Shared helpers for the codec benchmarks (bench/*.bench.ts): reading the speech
// fixtures, timing our code, timing a C reference tool as whole-process runs, and
// printing one table.
// Benchmarks import the codecs from ../dist (built by `pnpm bench`), not ../src:
// tsx's on-the-fly transform routes cross-module calls through getters, which
// halves the speed of hot loops and would not be what users of the package get.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AudioDecoder, AudioEncoder } from '../dist/codec.js';

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

/** A speech fixture (`fixtures/<path>`, 16-bit PCM at `sampleRate`) repeated to at least `seconds`. */
export function speechFixture(path: string, sampleRate: number, seconds: number): Int16Array {
  return repeatToSeconds(readPcm16(new URL(`../fixtures/${path}`, import.meta.url)), sampleRate, seconds);
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

/**
 * Speeds of a codec with fixed-size frames (`frame` samples to `bytes` bytes)
 * over all of `speech` through encodeInto/decodeInto, as multiples of real time,
 * and the coded stream the encoder made.
 */
export function frameCodecSpeeds(
  enc: AudioEncoder,
  dec: AudioDecoder,
  speech: Int16Array,
  seconds: number,
  frame: number,
  bytes: number,
): { encode: number; decode: number; coded: Uint8Array } {
  const coded = new Uint8Array((speech.length / frame) * bytes);
  const pcm = new Int16Array(frame);
  const encode = xRealTime(seconds, () => {
    enc.reset();
    for (let k = 0, o = 0; k < speech.length; k += frame, o += bytes) {
      enc.encodeInto!(speech.subarray(k, k + frame), coded.subarray(o));
    }
  });
  const decode = xRealTime(seconds, () => {
    dec.reset();
    for (let o = 0; o < coded.length; o += bytes) dec.decodeInto!(coded.subarray(o, o + bytes), pcm);
  });
  return { encode, decode, coded };
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

/** A reference tool's input: the whole file, and a tiny one (0.1 s) that shows the tool's start-up time. */
export interface ReferenceInput {
  readonly full: string;
  readonly tiny: string;
}

/** Writes `pcm` and its first 0.1 s into `dir` as raw 16-bit files `<name>.raw` and `<name>-tiny.raw`. */
export function writeReferenceInput(
  dir: string,
  pcm: Int16Array,
  sampleRate: number,
  name = 'in',
): ReferenceInput {
  const full = join(dir, `${name}.raw`);
  const tiny = join(dir, `${name}-tiny.raw`);
  writeFileSync(full, new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  writeFileSync(tiny, new Uint8Array(pcm.buffer, pcm.byteOffset, (sampleRate / 10) * 2));
  return { full, tiny };
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
): ReferenceSpeed {
  if (full === undefined) return {};
  const out: { reference: number; referenceNet?: number } = { reference: audioSeconds / full };
  if (tiny !== undefined && full > tiny) out.referenceNet = audioSeconds / (full - tiny);
  return out;
}

/** A reference tool's speed as a row carries it; empty when the tool failed. */
export type ReferenceSpeed = Pick<BenchRow, 'reference' | 'referenceNet'>;

/** Speed of `cmd` with `args(file)` on the full input and on the tiny one (see referenceSpeed). */
export function referenceRun(
  audioSeconds: number,
  input: ReferenceInput,
  cmd: string,
  args: (file: string) => string[],
): ReferenceSpeed {
  return referenceSpeed(audioSeconds, timeCommand(cmd, args(input.full)), timeCommand(cmd, args(input.tiny)));
}

/** A reference codec as command lines: raw 16-bit PCM to a coded file (`.ext`) and back. */
export interface ReferenceCodec {
  readonly encoder: string;
  readonly decoder: string;
  readonly ext: string;
  readonly encodeArgs: (input: string, output: string) => string[];
  readonly decodeArgs: (input: string, output: string) => string[];
}

/**
 * Encode and decode speed of a reference codec: it encodes both input files,
 * then decodes its own coded files. `coded` is the full coded file, for reading.
 */
export function referenceCodecSpeeds(
  audioSeconds: number,
  dir: string,
  input: ReferenceInput,
  codec: ReferenceCodec,
): { encode: ReferenceSpeed; decode: ReferenceSpeed; coded: string } {
  const coded = { full: join(dir, `coded.${codec.ext}`), tiny: join(dir, `coded-tiny.${codec.ext}`) };
  const encode = referenceSpeed(
    audioSeconds,
    timeCommand(codec.encoder, codec.encodeArgs(input.full, coded.full)),
    timeCommand(codec.encoder, codec.encodeArgs(input.tiny, coded.tiny)),
  );
  const decode = referenceSpeed(
    audioSeconds,
    timeCommand(codec.decoder, codec.decodeArgs(coded.full, join(dir, 'back.raw'))),
    timeCommand(codec.decoder, codec.decodeArgs(coded.tiny, join(dir, 'back-tiny.raw'))),
  );
  return { encode, decode, coded: coded.full };
}

/** A reference tool's figures for one codec, and the tool's name for the table. */
export interface CodecReference {
  readonly encode: ReferenceSpeed;
  readonly decode: ReferenceSpeed;
  readonly tool: string;
}

/** The encode and decode rows of one codec, with the reference's figures when a reference tool ran. */
export function encodeDecodeRows(
  codec: string,
  ours: { readonly encode: number; readonly decode: number },
  reference?: CodecReference,
): BenchRow[] {
  const tool = reference ? { tool: reference.tool } : {};
  return [
    { codec, op: 'encode', ours: ours.encode, ...reference?.encode, ...tool },
    { codec, op: 'decode', ours: ours.decode, ...reference?.decode, ...tool },
  ];
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
