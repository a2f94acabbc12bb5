/**
 * `twinkle --install-url-handler`: writes the desktop entry into
 * $XDG_DATA_HOME/applications (default ~/.local/share/applications) and,
 * when xdg-mime is on the PATH, makes it the default for each scheme; when
 * update-desktop-database is there too, refreshes the MIME cache of that
 * directory. Both are run directly (execFile, no shell).
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { DESKTOP_FILE, desktopEntry, URL_MIME_TYPES } from './desktop-entry.js';

export interface InstallOptions {
  readonly env: NodeJS.ProcessEnv;
  /** The command the entry runs (default: this Node.js and this program's script). */
  readonly command?: readonly string[];
  /** Runs a program; default execFile with a 10 s limit. */
  readonly run?: (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => Promise<void>;
}

export interface InstallResult {
  readonly path: string;
  /** What was registered, or why not. */
  readonly messages: readonly string[];
}

/** An executable of that name on the PATH, or undefined. */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const d of (env.PATH ?? '').split(delimiter)) {
    if (d === '' || !isAbsolute(d)) continue;
    const p = join(d, name);
    try {
      await access(p, constants.X_OK);
      return p;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

const execRun = (file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { env, timeout: 10000, shell: false }, (error, _out, stderr) => {
      if (error) reject(new Error(stderr.trim() || error.message));
      else resolve();
    });
  });

/** The applications directory of the user's data home. */
export function applicationsDir(env: NodeJS.ProcessEnv): string {
  const data = env.XDG_DATA_HOME;
  if (data !== undefined && isAbsolute(data)) return join(data, 'applications');
  if (env.HOME === undefined || env.HOME === '') throw new Error('neither XDG_DATA_HOME nor HOME is set');
  return join(env.HOME, '.local', 'share', 'applications');
}

export async function installUrlHandler(options: InstallOptions): Promise<InstallResult> {
  const env = options.env;
  const dir = applicationsDir(env);
  await mkdir(dir, { recursive: true });
  const path = join(dir, DESKTOP_FILE);
  const command = options.command ?? [process.execPath, ...(process.argv[1] ? [process.argv[1]] : [])];
  await writeFile(path, desktopEntry(command), { mode: 0o644 });
  const messages = [`wrote ${path}`];
  const run = options.run ?? execRun;
  const xdgMime = await findOnPath('xdg-mime', env);
  if (xdgMime === undefined)
    messages.push('xdg-mime not found: register the entry with your desktop yourself');
  else {
    try {
      await run(xdgMime, ['default', DESKTOP_FILE, ...URL_MIME_TYPES], env);
      messages.push(`default for ${URL_MIME_TYPES.join(', ')}`);
    } catch (error) {
      messages.push(`xdg-mime failed: ${(error as Error).message}`);
    }
  }
  const update = await findOnPath('update-desktop-database', env);
  if (update !== undefined) {
    try {
      await run(update, [dir], env);
    } catch (error) {
      messages.push(`update-desktop-database failed: ${(error as Error).message}`);
    }
  }
  return { path, messages };
}
