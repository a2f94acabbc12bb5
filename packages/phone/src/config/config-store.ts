import { join } from 'node:path';
import { CallHistory } from '../history/call-history.js';
import {
  CONFIG_FILES,
  ensureConfigDir,
  listProfiles,
  readServices,
  readSystemSettings,
  resolveConfigDir,
  writeProfile,
  writeServices,
  writeSystemSettings,
} from './config-dir.js';
import { ConfigError } from './config-error.js';
import type { ConfigDiagnostic } from './diagnostic.js';
import type { KvDocument } from './kv-document.js';
import { createFirstRunProfile, type LocalIdentity } from './new-profile.js';
import { type Profile, parseProfile, serializeProfile } from './profile.js';
import { parseServices, type Services, serializeServices } from './services.js';
import { chooseStartupProfiles, readProfiles, type StartupSource } from './startup-profiles.js';
import { parseSystemSettings, type SystemSettings, serializeSystemSettings } from './system-settings.js';

/** Options of openConfig. */
export interface OpenConfigOptions {
  /** `--config-dir DIR`; default `~/.twinkle`. */
  readonly dir?: string;
  /** `-f "alice work"`: the profiles to activate. */
  readonly profiles?: string;
  /** Login and host for the first-run profile (default: this machine's). */
  readonly identity?: LocalIdentity;
}

/** An active profile with its services. */
export interface ActiveProfile {
  readonly name: string;
  readonly profile: Profile;
  readonly services: Services;
}

/**
 * Everything the phone reads from its config directory at startup, and the
 * way to save changes without losing what it does not understand.
 */
export interface ConfigStore {
  readonly dir: string;
  readonly settings: SystemSettings;
  /** The profiles to activate, in order; empty when the user must choose (see `available`). */
  readonly active: readonly ActiveProfile[];
  /** Every profile in the directory. */
  readonly available: readonly string[];
  readonly source: StartupSource;
  /** Set when this run wrote the first-run profile. */
  readonly firstRunProfile: string | undefined;
  readonly history: CallHistory;
  /** Every problem found in every file read. */
  readonly diagnostics: readonly ConfigDiagnostic[];
  /** Saves a profile (mode 0600), changing only the lines of changed keys. */
  saveProfile(name: string, profile: Profile): Promise<void>;
  /** Saves a profile's services (`dnd`, `auto_answer`, redirections). */
  saveServices(name: string, services: Services): Promise<void>;
  /** Saves the system settings. */
  saveSettings(settings: SystemSettings): Promise<void>;
}

/**
 * Opens a config directory as the phone starts: creates it (0700) when
 * missing, reads `twinkle.sys`, chooses the profiles (`-f`, else
 * start_user_profile, else the only one), writes the first-run profile when
 * there is none at all, reads the chosen profiles and their services, and loads
 * `twinkle.ch` trimmed to ch_max_size. Bad lines only add diagnostics; a named
 * profile that does not exist rejects with ConfigError `not-found`.
 */
export const openConfig = async (options: OpenConfigOptions = {}): Promise<ConfigStore> => {
  const dir = resolveConfigDir(options.dir);
  await ensureConfigDir(dir);
  const diagnostics: ConfigDiagnostic[] = [];
  const sys = await readSystemSettings(dir);
  diagnostics.push(...sys.diagnostics);
  let settings = sys.settings;
  let settingsDoc = sys.document;

  const firstRunProfile =
    options.profiles === undefined ? await createFirstRunProfile(dir, options.identity) : undefined;
  const available = await listProfiles(dir);
  const chosen = await chooseStartupProfiles(dir, settings, options.profiles);
  const profileDocs = new Map<string, KvDocument>();
  const serviceDocs = new Map<string, KvDocument | undefined>();
  const active: ActiveProfile[] = [];
  for (const p of await readProfiles(dir, chosen.names)) {
    diagnostics.push(...p.diagnostics);
    profileDocs.set(p.name, p.document);
    const svc = await readServices(dir, p.name);
    diagnostics.push(...svc.diagnostics);
    serviceDocs.set(p.name, svc.document);
    active.push({ name: p.name, profile: p.profile, services: svc.services });
  }

  const history = new CallHistory(join(dir, CONFIG_FILES.callHistory), { maxSize: settings.chMaxSize });
  diagnostics.push(...(await history.load()));

  return {
    dir,
    get settings() {
      return settings;
    },
    active,
    available,
    source: chosen.source,
    firstRunProfile,
    history,
    diagnostics,
    async saveProfile(name, profile) {
      await writeProfile(dir, name, profile, profileDocs.get(name));
      profileDocs.set(name, parseProfile(serializeProfile(profile, profileDocs.get(name)), name).document);
    },
    async saveServices(name, services) {
      if (!available.includes(name) && !profileDocs.has(name))
        throw new ConfigError('not-found', `no profile "${name}" in ${dir}`);
      const doc = serviceDocs.get(name);
      await writeServices(dir, name, services, doc);
      serviceDocs.set(name, parseServices(serializeServices(services, doc), name).document);
    },
    async saveSettings(next) {
      await writeSystemSettings(dir, next, settingsDoc);
      settingsDoc = parseSystemSettings(
        serializeSystemSettings(next, settingsDoc),
        CONFIG_FILES.systemSettings,
      ).document;
      settings = next;
      history.maxSize = next.chMaxSize;
    },
  };
};
