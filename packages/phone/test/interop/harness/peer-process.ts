/**
 * A peer program (sipp, kamailio) started by an interop test: its own process group, output
 * to a log file, every wait bounded, stopped by PID (SIGTERM, then SIGKILL of the group), and
 * killed when the test process exits whatever happened.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

const running = new Set<number>();
let exitHookInstalled = false;

/** Whether `name` is an executable on PATH (or at that path). */
export function hasCommand(name: string): boolean {
  const r = spawnSync('sh', ['-c', `command -v "${name}"`], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '';
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** One running peer program. */
export class PeerProcess {
  readonly #child: ChildProcess;
  readonly #log: string;
  #code: number | null | undefined;
  /** Resolves with the exit code (null when killed by a signal) once the program exited. */
  readonly exited: Promise<number | null>;

  private constructor(child: ChildProcess, log: string) {
    this.#child = child;
    this.#log = log;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.#code = code;
        running.delete(child.pid ?? -1);
        resolve(code);
      });
    });
  }

  /** Starts `program args` in `cwd`, stdout and stderr to `log`. */
  static async start(
    program: string,
    args: readonly string[],
    cwd: string,
    log: string,
  ): Promise<PeerProcess> {
    const out = openSync(log, 'w');
    try {
      const child = spawn(program, args, { cwd, stdio: ['ignore', out, out], detached: true });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', () => resolve());
        child.once('error', (e) => reject(new Error(`cannot start ${program}: ${e.message}`)));
      });
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on('exit', () => {
          for (const pid of running) killGroup(pid, 'SIGKILL');
        });
      }
      running.add(child.pid ?? -1);
      return new PeerProcess(child, log);
    } finally {
      closeSync(out);
    }
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /** Whether the program has exited. */
  get gone(): boolean {
    return this.#code !== undefined;
  }

  /** What the program printed so far. */
  log(): string {
    try {
      return readFileSync(this.#log, 'latin1');
    } catch {
      return '';
    }
  }

  /** The exit code, waiting at most `ms`; rejects (with the log) when it is still running. */
  async exitCode(ms: number): Promise<number | null> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((r) => {
      timer = setTimeout(() => r('late'), ms);
    });
    const first = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (first === 'late') throw new Error(`still running after ${ms} ms\n${this.log()}`);
    return first;
  }

  /** Polls the log every 50 ms until `ready` holds; bounded, and early out on exit. */
  async waitFor(ready: (log: string) => boolean, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      if (ready(this.log())) return;
      if (this.gone) throw new Error(`exited (${this.#code}) before ${what}\n${this.log()}`);
      if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms\n${this.log()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGTERM, then SIGKILL of its process group after `graceMs`; resolves once it exited. */
  async stop(graceMs = 2000): Promise<void> {
    if (this.gone) return;
    killGroup(this.pid, 'SIGTERM');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((r) => {
      timer = setTimeout(() => r('late'), graceMs);
    });
    const first = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (first === 'late') {
      killGroup(this.pid, 'SIGKILL');
      await this.exited;
    }
  }
}
