/**
 * One external peer process (sipp, kamailio): started with its output
 * captured to files in a temp dir, waited for with bounded waits, and
 * stopped by PID (SIGTERM, then SIGKILL of its process group after a grace
 * period). Every process still running when the test worker exits is killed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const running = new Set<PeerProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const p of running) p.killNow();
  });
}

export interface PeerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface StartOptions {
  /** Name for messages and log files. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Directory for stdout/stderr files (and the working directory). */
  readonly dir: string;
  readonly env?: NodeJS.ProcessEnv;
}

export class PeerProcess {
  readonly name: string;
  readonly pid: number;
  readonly stdoutPath: string;
  readonly stderrPath: string;
  readonly exited: Promise<PeerExit>;
  #exit: PeerExit | undefined;

  private constructor(options: StartOptions, child: ChildProcess, stdoutPath: string, stderrPath: string) {
    this.name = options.name;
    this.pid = child.pid ?? -1;
    this.stdoutPath = stdoutPath;
    this.stderrPath = stderrPath;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        running.delete(this);
        resolve(this.#exit);
      });
    });
  }

  /** Spawns the process in its own process group, stdin closed, output to files. */
  static async start(options: StartOptions): Promise<PeerProcess> {
    installExitHook();
    const stdoutPath = join(options.dir, `${options.name}.stdout`);
    const stderrPath = join(options.dir, `${options.name}.stderr`);
    const out = openSync(stdoutPath, 'w');
    const err = openSync(stderrPath, 'w');
    try {
      const child = spawn(options.command, [...options.args], {
        cwd: options.dir,
        env: options.env ?? process.env,
        stdio: ['ignore', out, err],
        detached: true,
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', () => resolve());
        child.once('error', (e) => reject(new Error(`cannot start ${options.command}: ${e.message}`)));
      });
      const peer = new PeerProcess(options, child, stdoutPath, stderrPath);
      running.add(peer);
      return peer;
    } finally {
      closeSync(out);
      closeSync(err);
    }
  }

  /** The exit status, once the process has exited. */
  get exit(): PeerExit | undefined {
    return this.#exit;
  }

  /** What the process wrote so far. */
  output(): { stdout: string; stderr: string } {
    const read = (p: string) => {
      try {
        return readFileSync(p, 'latin1');
      } catch {
        return '';
      }
    };
    return { stdout: read(this.stdoutPath), stderr: read(this.stderrPath) };
  }

  /** The last `lines` lines of stdout and stderr, for failure messages. */
  tail(lines = 30): string {
    const { stdout, stderr } = this.output();
    const last = (s: string) => s.split('\n').slice(-lines).join('\n');
    return `--- ${this.name} stdout (last ${lines} lines)\n${last(stdout)}\n--- ${this.name} stderr\n${last(stderr)}`;
  }

  /**
   * Waits until `ready()` holds, polling every 50 ms for at most `timeoutMs`;
   * rejects early when the process exits.
   */
  async waitUntil(ready: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await ready()) return;
      if (this.#exit) {
        throw new Error(
          `${this.name} exited (${this.#exit.code ?? this.#exit.signal}) before ${what}\n${this.tail()}`,
        );
      }
      if (Date.now() > deadline)
        throw new Error(`${this.name}: no ${what} within ${timeoutMs} ms\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits for the process to exit by itself, at most `timeoutMs`; rejects (and stops it) on timeout. */
  async waitExit(timeoutMs: number): Promise<PeerExit> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), timeoutMs);
    });
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      await this.stop();
      throw new Error(`${this.name} did not finish within ${timeoutMs} ms\n${this.tail()}`);
    }
    return result;
  }

  /** SIGTERM, then after `graceMs` SIGKILL to the process group; resolves once it exited. */
  async stop(graceMs = 3000): Promise<PeerExit> {
    if (this.#exit) return this.#exit;
    this.#signal('SIGTERM', false);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<'late'>((r) => {
      timer = setTimeout(() => r('late'), graceMs);
    });
    const first = await Promise.race([this.exited, grace]);
    clearTimeout(timer);
    if (first !== 'late') {
      // children of a forking peer (kamailio) may outlive their parent by a moment
      this.#signal('SIGKILL', true);
      return first;
    }
    this.killNow();
    return this.exited;
  }

  /** SIGKILL to the process group at once (exit hooks, last resort). */
  killNow(): void {
    this.#signal('SIGKILL', true);
  }

  #signal(signal: NodeJS.Signals, group: boolean): void {
    if (this.pid <= 0) return;
    try {
      process.kill(group ? -this.pid : this.pid, signal);
    } catch {
      // already gone
    }
  }
}
