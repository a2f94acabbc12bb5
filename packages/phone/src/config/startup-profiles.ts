import { join } from 'node:path';
import { type LoadedProfile, listProfiles, readProfile } from './config-dir.js';
import { ConfigError } from './config-error.js';
import type { SystemSettings } from './system-settings.js';

/**
 * Splits Twinkle's `-f` argument: several profiles in one quoted word
 * (`-f "alice work"`), with or without the `.cfg` extension.
 */
export const parseProfileList = (arg: string): string[] =>
  arg
    .split(/\s+/)
    .filter((s) => s !== '')
    .map((s) => (s.endsWith('.cfg') ? s.slice(0, -4) : s));

/** Where the profiles to activate came from. */
export type StartupSource = 'command-line' | 'start_user_profile' | 'only-profile' | 'none';

/**
 * Which profiles to activate at startup: those of `-f` if given; else the
 * system settings' `start_user_profile` lines; else the only profile there is.
 * With several profiles and no choice, or none at all, the list is empty and
 * the console asks (or writes the first-run profile).
 */
export const chooseStartupProfiles = async (
  dir: string,
  settings: Pick<SystemSettings, 'startUserProfile'>,
  fOption?: string,
): Promise<{ names: string[]; source: StartupSource }> => {
  if (fOption !== undefined && parseProfileList(fOption).length > 0)
    return { names: parseProfileList(fOption), source: 'command-line' };
  const available = await listProfiles(dir);
  const configured = settings.startUserProfile.filter((n) => available.includes(n));
  if (configured.length > 0) return { names: configured, source: 'start_user_profile' };
  if (available.length === 1) return { names: available, source: 'only-profile' };
  return { names: [], source: 'none' };
};

/**
 * Reads several profiles at once. Rejects with ConfigError `not-found` naming
 * the first missing one, and `bad-value` when two profiles have the same
 * address of record (Twinkle refuses to activate both).
 */
export const readProfiles = async (dir: string, names: readonly string[]): Promise<LoadedProfile[]> => {
  const loaded: LoadedProfile[] = [];
  for (const name of names) loaded.push(await readProfile(dir, name));
  const seen = new Map<string, string>();
  for (const p of loaded) {
    const aor = `${p.profile.userName}@${p.profile.userDomain}`;
    const other = seen.get(aor);
    if (other !== undefined)
      throw new ConfigError('bad-value', `profiles "${other}" and "${p.name}" have the same address ${aor}`);
    seen.set(aor, p.name);
  }
  return loaded;
};

/**
 * Twinkle's expand_filename: a file setting (ringtone_file, script_*) that is
 * not absolute is relative to the config directory.
 */
export const expandConfigPath = (dir: string, file: string): string =>
  file.startsWith('/') ? file : join(dir, file);
