/**
 * A `twinkle --json` process for the end-to-end tests: its stdout read as
 * JSON lines, commands written to stdin, and bounded waits for a line; and
 * the set of processes one test file starts and stops.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

export type Json = { type: string } & Record<string, unknown>;

export class Twinkle {
  readonly lines: Json[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  readonly #waiters = new Set<() => void>();

  constructor(
    readonly name: string,
    readonly dir: string,
    readonly process: ChildProcessWithoutNullStreams,
  ) {
    let buf = '';
    process.stdout.setEncoding('utf8');
    process.stdout.on('data', (d: string) => {
      buf += d;
      const parts = buf.split('\n');
      buf = parts.pop()!;
      for (const p of parts) if (p.trim() !== '') this.lines.push(JSON.parse(p) as Json);
      for (const w of this.#waiters) w();
    });
    process.stderr.setEncoding('utf8');
    process.stderr.on('data', (d: string) => this.stderr.push(d));
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
  }

  send(line: string): void {
    this.process.stdin.write(`${line}\n`);
  }

  /** The result line of `command`, among the lines from index `from` on. */
  result(command: string, from: number): Promise<Json> {
    return this.waitFor((j) => j.type === 'result' && j.command === command && this.lines.indexOf(j) >= from);
  }

  /** The first line matching, waiting up to `ms`. */
  async waitFor(match: (j: Json) => boolean, ms = 8000): Promise<Json> {
    const found = () => this.lines.find(match);
    const end = Date.now() + ms;
    for (;;) {
      const f = found();
      if (f) return f;
      const left = end - Date.now();
      if (left <= 0)
        throw new Error(
          `${this.name}: no match in ${ms} ms; got ${JSON.stringify(this.lines)} ${this.stderr.join('')}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, left);
        function done() {
          clearTimeout(t);
          waiters.delete(done);
          resolve();
        }
        const waiters = this.#waiters;
        waiters.add(done);
      });
    }
  }
}

/** The console phones one test file starts; `stopAll` (in afterAll) kills what still runs, by PID. */
export class TwinkleProcesses {
  readonly #started: Twinkle[] = [];
  readonly #dirs: string[] = [];

  /** A fresh directory named after `prefix`, removed by {@link stopAll}. */
  async makeDir(prefix: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
    this.#dirs.push(dir);
    return dir;
  }

  /**
   * Starts `twinkle --json` on 127.0.0.1 with its own config directory (`dir`,
   * or a fresh one) and SIP port (0: the system picks, and the ready line tells);
   * `options.profile` picks a profile (`-f`), `options.env` adds to the environment.
   */
  async start(
    name: string,
    sipPort = 0,
    dir?: string,
    options: { readonly profile?: string; readonly env?: Record<string, string> } = {},
  ): Promise<Twinkle> {
    const configDir = dir ?? (await this.makeDir(`twinkle-e2e-${name}`));
    const args = ['--config-dir', configDir, '--json', '--address', '127.0.0.1'];
    if (options.profile !== undefined) args.push('-f', options.profile);
    args.push('--sip-port', String(sipPort), '--rtp-port', '0');
    // The sources run through tsx with the workspace's source condition, as vitest runs them.
    const child = spawn(
      process.execPath,
      ['--conditions=@twinkle/source', '--import', 'tsx', MAIN, ...args],
      {
        cwd: APP_DIR,
        env: { ...process.env, XDG_RUNTIME_DIR: '', ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const t = new Twinkle(name, configDir, child);
    this.#started.push(t);
    return t;
  }

  async stopAll(): Promise<void> {
    for (const t of this.#started) {
      if (t.process.exitCode === null && t.process.signalCode === null && t.process.pid !== undefined) {
        process.kill(t.process.pid, 'SIGKILL');
        await t.exited;
      }
    }
    for (const d of this.#dirs) await rm(d, { recursive: true, force: true });
  }
}
