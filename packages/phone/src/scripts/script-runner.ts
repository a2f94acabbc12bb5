/**
 * Runs one script: executed directly (spawn without a shell, an explicit
 * environment), in a process group of its own so that a script that hangs
 * is killed after the timeout together with whatever it started (by PID:
 * kill(-pid)). Never throws and never rejects: every outcome is a value.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** Cap on what a script may print; a script printing more is stopped. */
export const MAX_SCRIPT_OUTPUT = 64 * 1024;

export interface ScriptRunOptions {
  /** The program and its arguments (argv[0] is executed as it is: no PATH search for a path with `/`). */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Working directory (the config directory). */
  readonly cwd?: string;
  /** Killed after this many ms. */
  readonly timeoutMs: number;
  /** Collect standard output (the incoming-call script); otherwise it goes nowhere. */
  readonly collect: boolean;
}

export type ScriptOutcome =
  /** The script ran to its end; `code` undefined when a signal ended it. */
  | {
      readonly kind: 'exited';
      readonly code: number | undefined;
      readonly signal?: string;
      readonly stdout: string;
    }
  /** It could not be started (ENOENT, EACCES, not executable...). */
  | { readonly kind: 'failed'; readonly message: string }
  /** Killed: it outlived the timeout, or printed more than {@link MAX_SCRIPT_OUTPUT}. */
  | { readonly kind: 'killed'; readonly why: 'timeout' | 'too-much-output'; readonly stdout: string };

/** A started script: its PID, the outcome to come, and a way to stop it early. */
export interface RunningScript {
  readonly pid: number | undefined;
  readonly outcome: Promise<ScriptOutcome>;
  /** Kills the script's process group now. */
  kill(): void;
}

/** Kills a process group by its leader's PID; a group already gone is fine. */
function killGroup(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the group has ended. Fall back to the leader alone, in case the group could not be made.
    try {
      child.kill('SIGKILL');
    } catch {
      // Gone.
    }
  }
}

/** Starts a script. */
export function startScript(options: ScriptRunOptions): RunningScript {
  const [file, ...args] = options.argv;
  if (file === undefined)
    return {
      pid: undefined,
      outcome: Promise.resolve({ kind: 'failed', message: 'empty command' }),
      kill() {},
    };
  let child: ChildProcess;
  try {
    child = spawn(file, args, {
      env: { ...options.env },
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      shell: false,
      detached: true, // its own process group (setsid), so the group can be killed
      stdio: ['ignore', options.collect ? 'pipe' : 'ignore', 'ignore'],
      windowsHide: true,
    });
  } catch (error) {
    return {
      pid: undefined,
      outcome: Promise.resolve({ kind: 'failed', message: (error as Error).message }),
      kill() {},
    };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let killed: 'timeout' | 'too-much-output' | undefined;
  const stop = (why: 'timeout' | 'too-much-output') => {
    if (killed !== undefined) return;
    killed = why;
    killGroup(child);
  };
  child.stdout?.on('data', (b: Buffer) => {
    if (size + b.length > MAX_SCRIPT_OUTPUT) {
      chunks.push(b.subarray(0, MAX_SCRIPT_OUTPUT - size));
      size = MAX_SCRIPT_OUTPUT;
      stop('too-much-output');
      return;
    }
    chunks.push(b);
    size += b.length;
  });
  const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
  // A script that ended while something it started still holds its standard output: stop reading
  // shortly after, so the phone does not wait for the leftover (the timeout still ends the group).
  child.once('exit', () => {
    if (child.stdout) setTimeout(() => child.stdout?.destroy(), 100).unref();
  });
  // A script the phone does not wait for must not keep the process alive.
  if (!options.collect) timer.unref();
  const outcome = new Promise<ScriptOutcome>((resolve) => {
    let spawnError: Error | undefined;
    child.once('error', (error) => {
      spawnError = error;
      clearTimeout(timer);
      // An error after the start (kill failed) is no reason to wait longer: 'close' still follows.
      if (child.pid === undefined) resolve({ kind: 'failed', message: error.message });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(chunks).toString('utf8');
      if (spawnError !== undefined && child.pid === undefined) return;
      if (killed !== undefined) resolve({ kind: 'killed', why: killed, stdout });
      else
        resolve({
          kind: 'exited',
          code: code ?? undefined,
          ...(signal === null ? {} : { signal }),
          stdout,
        });
    });
  });
  if (!options.collect) child.unref();
  return { pid: child.pid, outcome, kill: () => stop('timeout') };
}
