import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_FILES } from './config-dir.js';
import { ConfigError } from './config-error.js';

/** A held instance lock on a config directory. */
export interface InstanceLock {
  /** The lock file. */
  readonly file: string;
  /** False when `force` let us run beside a live owner: then release() leaves its file alone. */
  readonly owned: boolean;
  /** Removes the lock file if it still names us. */
  release(): Promise<void>;
}

/** Options of acquireInstanceLock. */
export interface LockOptions {
  /** Run even if another live instance holds the lock (Twinkle's --force). */
  readonly force?: boolean;
  /** Our PID (default process.pid). */
  readonly pid?: number;
  /** Whether a PID belongs to a running process (default: signal 0). Injected in tests. */
  readonly isAlive?: (pid: number) => boolean;
}

/** Signal 0 checks existence: ESRCH means gone; EPERM means alive but someone else's. */
export const pidIsAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
};

const readPid = async (file: string): Promise<number | undefined> => {
  try {
    const n = Number.parseInt((await readFile(file, 'utf8')).trim(), 10);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Takes `twinkle.lck` in the config directory for a single instance: the file
 * holds the owner's PID. A lock whose PID is no longer running (or is garbage)
 * is stale and taken over. A live owner makes this reject with ConfigError
 * `locked`, unless `force` (then the lock is not ours and stays). Twinkle uses
 * an fcntl lock on the same file name; a PID file also serves the remote
 * `--cmd` client, which needs to know who runs.
 */
export const acquireInstanceLock = async (dir: string, options: LockOptions = {}): Promise<InstanceLock> => {
  const file = join(dir, CONFIG_FILES.lock);
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? pidIsAlive;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, `${pid}\n`, { flag: 'wx', mode: 0o600 });
      return {
        file,
        owned: true,
        release: async () => {
          if ((await readPid(file)) === pid) await unlink(file).catch(() => undefined);
        },
      };
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
    }
    const owner = await readPid(file);
    if (owner !== undefined && owner !== pid && isAlive(owner)) {
      if (options.force) return { file, owned: false, release: async () => undefined };
      throw new ConfigError(
        'locked',
        `another instance (PID ${owner}) uses ${dir}; use --force to run anyway`,
        file,
      );
    }
    // Stale (dead owner, unreadable, or our own PID left from before): remove and retry.
    await unlink(file).catch(() => undefined);
  }
  throw new ConfigError('locked', `cannot take ${file}`, file);
};

/** The PID in a directory's lock file when that process is running, else undefined. */
export const lockOwner = async (
  dir: string,
  isAlive: (pid: number) => boolean = pidIsAlive,
): Promise<number | undefined> => {
  const pid = await readPid(join(dir, CONFIG_FILES.lock));
  return pid !== undefined && isAlive(pid) ? pid : undefined;
};
