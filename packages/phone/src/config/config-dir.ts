import { chmod, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import type { ConfigDiagnostic } from './diagnostic.js';
import type { KvDocument } from './kv-document.js';
import { type Profile, parseProfile, serializeProfile } from './profile.js';
import { defaultServices, parseServices, type Services, serializeServices } from './services.js';
import {
  defaultSystemSettings,
  parseSystemSettings,
  type SystemSettings,
  serializeSystemSettings,
} from './system-settings.js';

/** File names inside a config directory, as Twinkle names them. */
export const CONFIG_FILES = {
  profileExtension: '.cfg',
  servicesExtension: '.svc',
  systemSettings: 'twinkle.sys',
  callHistory: 'twinkle.ch',
  lock: 'twinkle.lck',
} as const;

/** `--config-dir DIR`, else `~/.twinkle` (Twinkle's DIR_HOME/.twinkle). */
export const resolveConfigDir = (dir?: string): string => dir ?? join(homedir(), '.twinkle');

const isErrno = (e: unknown, code: string): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;

/**
 * Creates the config directory with mode 0700 when it is missing (it holds
 * passwords). An existing directory is left as it is.
 */
export const ensureConfigDir = async (dir: string): Promise<void> => {
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) throw new ConfigError('io', `${dir} is not a directory`, dir);
    return;
  } catch (e) {
    if (!isErrno(e, 'ENOENT')) throw e;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is masked by the umask; make sure.
  await chmod(dir, 0o700);
};

/** A profile name is a file name without `.cfg`: not empty, no `/`, no leading dot. */
export const isValidProfileName = (name: string): boolean =>
  name !== '' && !name.includes('/') && !name.includes('\0') && !name.startsWith('.');

const checkName = (name: string): void => {
  if (!isValidProfileName(name)) throw new ConfigError('bad-name', `invalid profile name "${name}"`);
};

/** Path of a profile file. */
export const profilePath = (dir: string, name: string): string =>
  join(dir, `${name}${CONFIG_FILES.profileExtension}`);

/** Names of the profiles in a directory (the `*.cfg` files), sorted. Empty when the directory is missing. */
export const listProfiles = async (dir: string): Promise<string[]> => {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return [];
    throw e;
  }
  return entries
    .filter(
      (f) => f.endsWith(CONFIG_FILES.profileExtension) && f.length > CONFIG_FILES.profileExtension.length,
    )
    .map((f) => f.slice(0, -CONFIG_FILES.profileExtension.length))
    .filter(isValidProfileName)
    .sort();
};

/** A profile read from its file, keeping the text so it can be written back in place. */
export interface LoadedProfile {
  readonly name: string;
  readonly profile: Profile;
  readonly document: KvDocument;
  readonly diagnostics: readonly ConfigDiagnostic[];
}

/** Reads `<name>.cfg`. Rejects with ConfigError `not-found` when it does not exist. */
export const readProfile = async (dir: string, name: string): Promise<LoadedProfile> => {
  checkName(name);
  const file = profilePath(dir, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (isErrno(e, 'ENOENT')) throw new ConfigError('not-found', `no profile "${name}" in ${dir}`, file);
    throw e;
  }
  return { name, ...parseProfile(text, file) };
};

/**
 * Writes a file atomically (temporary file, then rename) with the given mode,
 * so a crash never leaves half a profile behind.
 */
let tmpCounter = 0;

export const writeFileAtomic = async (file: string, text: string, mode: number): Promise<void> => {
  // Unique per write: two saves of one file at once must not share a temporary file.
  const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  await writeFile(tmp, text, { mode });
  await chmod(tmp, mode);
  await rename(tmp, file);
};

/**
 * Writes a profile with mode 0600 (it holds a password). Given the document it
 * was read from, only changed keys' lines change; otherwise Twinkle's layout.
 */
export const writeProfile = async (
  dir: string,
  name: string,
  profile: Profile,
  document?: KvDocument,
): Promise<void> => {
  checkName(name);
  await ensureConfigDir(dir);
  await writeFileAtomic(profilePath(dir, name), serializeProfile(profile, document), 0o600);
};

/** System settings read from `twinkle.sys` (defaults and no document when the file is missing, as in Twinkle). */
export interface LoadedSystemSettings {
  readonly settings: SystemSettings;
  readonly document: KvDocument | undefined;
  readonly diagnostics: readonly ConfigDiagnostic[];
}

/** Reads `twinkle.sys`; a missing file gives the defaults. */
export const readSystemSettings = async (dir: string): Promise<LoadedSystemSettings> => {
  const file = join(dir, CONFIG_FILES.systemSettings);
  try {
    return parseSystemSettings(await readFile(file, 'utf8'), file);
  } catch (e) {
    if (isErrno(e, 'ENOENT'))
      return { settings: defaultSystemSettings(), document: undefined, diagnostics: [] };
    throw e;
  }
};

/** Writes `twinkle.sys` (mode 0600), in place when the document it was read from is given. */
export const writeSystemSettings = async (
  dir: string,
  settings: SystemSettings,
  document?: KvDocument,
): Promise<void> => {
  await ensureConfigDir(dir);
  await writeFileAtomic(
    join(dir, CONFIG_FILES.systemSettings),
    serializeSystemSettings(settings, document),
    0o600,
  );
};

/** Services read from `<profile>.svc` (all off and no document when the file is missing). */
export interface LoadedServices {
  readonly services: Services;
  readonly document: KvDocument | undefined;
  readonly diagnostics: readonly ConfigDiagnostic[];
}

/** Reads a profile's `<name>.svc`. */
export const readServices = async (dir: string, profileName: string): Promise<LoadedServices> => {
  checkName(profileName);
  const file = join(dir, `${profileName}${CONFIG_FILES.servicesExtension}`);
  try {
    return parseServices(await readFile(file, 'utf8'), file);
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return { services: defaultServices(), document: undefined, diagnostics: [] };
    throw e;
  }
};

/** Writes a profile's `<name>.svc` (mode 0600). */
export const writeServices = async (
  dir: string,
  profileName: string,
  services: Services,
  document?: KvDocument,
): Promise<void> => {
  checkName(profileName);
  await ensureConfigDir(dir);
  const file = join(dir, `${profileName}${CONFIG_FILES.servicesExtension}`);
  await writeFileAtomic(file, serializeServices(services, document), 0o600);
};
