import { access } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import {
  ensureConfigDir,
  isValidProfileName,
  listProfiles,
  profilePath,
  writeProfile,
} from './config-dir.js';
import { ConfigError } from './config-error.js';
import { defaultProfile, type Profile } from './profile.js';
import { PROFILE_FIELDS } from './profile-fields.js';

/**
 * The few answers a provider's account needs (`--new-profile NAME`); the
 * console asks for them. Empty strings mean "not given".
 */
export interface NewProfileAnswers {
  /** SIP user name (the user part of the address). */
  readonly userName: string;
  /** SIP domain (the host part of the address), e.g. `sip.example.com`. */
  readonly domain: string;
  readonly displayName?: string;
  /** Digest authentication name, when it differs from the user name. */
  readonly authName?: string;
  readonly password?: string;
  /** Authentication realm; empty means any realm. */
  readonly authRealm?: string;
  /** Registrar host[:port], without `sip:`; empty means the domain itself when `register` is on. */
  readonly registrar?: string;
  /** Outbound proxy host[:port], without `sip:`. */
  readonly outboundProxy?: string;
  /** Register at startup (default yes). */
  readonly register?: boolean;
}

/** A field the answers got wrong. */
export interface AnswerProblem {
  readonly field: keyof NewProfileAnswers;
  readonly reason: string;
}

/**
 * Builds a profile from the answers, over Twinkle's defaults. Returns the
 * problems instead when a server address or the domain is not valid.
 */
export const profileFromAnswers = (
  answers: NewProfileAnswers,
): { ok: true; profile: Profile } | { ok: false; problems: readonly AnswerProblem[] } => {
  const problems: AnswerProblem[] = [];
  if (answers.userName.trim() === '') problems.push({ field: 'userName', reason: 'a user name is needed' });
  const domain = answers.domain.trim();
  if (domain === '' || !PROFILE_FIELDS.registrar.parse(domain).ok)
    problems.push({ field: 'domain', reason: `not a valid domain: "${domain}"` });
  const registrar = (answers.registrar ?? '').trim();
  if (!PROFILE_FIELDS.registrar.parse(registrar).ok)
    problems.push({ field: 'registrar', reason: `not a valid server address: "${registrar}"` });
  const proxy = (answers.outboundProxy ?? '').trim();
  if (!PROFILE_FIELDS.outboundProxy.parse(proxy).ok)
    problems.push({ field: 'outboundProxy', reason: `not a valid server address: "${proxy}"` });
  if (problems.length > 0) return { ok: false, problems };
  const register = answers.register ?? true;
  return {
    ok: true,
    profile: {
      ...defaultProfile(),
      userName: answers.userName.trim(),
      userDomain: domain,
      userDisplay: (answers.displayName ?? '').trim(),
      authName: (answers.authName ?? '').trim(),
      authPass: answers.password ?? '',
      authRealm: (answers.authRealm ?? '').trim(),
      // Twinkle's wizard puts the domain in the registrar field when none is given.
      registrar: registrar === '' && register ? domain : registrar,
      outboundProxy: proxy,
      registerAtStartup: register,
    },
  };
};

const exists = async (file: string): Promise<boolean> => {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
};

/**
 * `--new-profile NAME`: writes `<NAME>.cfg` (mode 0600) from the answers.
 * Rejects with ConfigError `exists` when the profile is there already, `bad-name`
 * or `bad-value` (the message lists the problems).
 */
export const createProfile = async (
  dir: string,
  name: string,
  answers: NewProfileAnswers,
): Promise<Profile> => {
  if (!isValidProfileName(name)) throw new ConfigError('bad-name', `invalid profile name "${name}"`);
  if (await exists(profilePath(dir, name)))
    throw new ConfigError('exists', `profile "${name}" exists already`, profilePath(dir, name));
  const r = profileFromAnswers(answers);
  if (!r.ok) throw new ConfigError('bad-value', r.problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
  await writeProfile(dir, name, r.profile);
  return r.profile;
};

/** Who and where we are, for the first-run profile. */
export interface LocalIdentity {
  /** Login name (os.userInfo().username). */
  readonly user: string;
  /** Host name or address the phone is reached at. */
  readonly host: string;
}

/** The login name and host name of this machine. */
export const localIdentity = (): LocalIdentity => ({ user: userInfo().username, host: hostname() });

/**
 * First run: when the directory holds no profile, writes `<login>.cfg` for
 * direct calls, `sip:LOGIN@HOST` with no registrar, so the phone works at once.
 * (Twinkle itself starts its profile wizard here; a console phone needs a profile
 * that works without questions.) Returns the name of the profile written, or
 * undefined when profiles exist already.
 */
export const createFirstRunProfile = async (
  dir: string,
  identity: LocalIdentity = localIdentity(),
): Promise<string | undefined> => {
  await ensureConfigDir(dir);
  if ((await listProfiles(dir)).length > 0) return undefined;
  const name = isValidProfileName(identity.user) ? identity.user : 'twinkle';
  const profile: Profile = {
    ...defaultProfile(),
    userName: identity.user,
    userDomain: identity.host,
    registerAtStartup: false,
  };
  await writeProfile(dir, name, profile);
  return name;
};
