import type { ConfigDiagnostic } from './diagnostic.js';
import type { KvDocument, TableValues } from './kv-document.js';
import { kvFileFormat } from './kv-file-format.js';
import { PROFILE_FIELDS, PROFILE_LAYOUT } from './profile-fields.js';

/**
 * A user profile: every key of Twinkle's `<name>.cfg` as a typed property
 * (camelCase of the key: `user_name` is `userName`, `ext_100rel` is `ext100rel`).
 * Server addresses (`registrar`, `outboundProxy`, `stunServer`, `mwiServer`) are
 * kept as written, without scheme; '' means none. See PROFILE_FIELDS for each
 * key's Twinkle name, default and syntax.
 */
export type Profile = TableValues<typeof PROFILE_FIELDS>;

// Twinkle writes non_resolvable_to_proxy only when there is an outbound proxy.
const PROFILE_FILE = kvFileFormat(
  PROFILE_FIELDS,
  PROFILE_LAYOUT,
  (prop, p) => prop === 'nonResolvableToProxy' && p.outboundProxy === '',
);

/** Twinkle's defaults for every profile key. */
export const defaultProfile = (): Profile => PROFILE_FILE.defaults();

/** Parses profile text. `file` names the source in diagnostics. Never throws. */
export const parseProfile = (
  text: string,
  file: string,
): { profile: Profile; document: KvDocument; diagnostics: readonly ConfigDiagnostic[] } => {
  const r = PROFILE_FILE.parse(text, file);
  return { profile: r.values, document: r.document, diagnostics: r.diagnostics };
};

/**
 * Text for a profile. With the document it was read from, only changed keys'
 * lines change and unknown keys stay; without one, a complete file in
 * Twinkle's layout (section comments, key order of t_user::write_config).
 */
export const serializeProfile = (profile: Profile, document?: KvDocument): string =>
  PROFILE_FILE.serialize(profile, document);

/** The address of record, `sip:user@domain` (RFC 3261 section 10.2.1 To/From of a REGISTER). */
export const profileAor = (profile: Profile): string =>
  profile.userName === '' ? `sip:${profile.userDomain}` : `sip:${profile.userName}@${profile.userDomain}`;

/** The user name for digest authentication: auth_name, else user_name (as Twinkle does). */
export const profileAuthName = (profile: Profile): string =>
  profile.authName === '' ? profile.userName : profile.authName;

/** A server key's value as a SIP URI string (`sip:host:port;params`), or undefined when unset. */
export const serverUri = (value: string): string | undefined => (value === '' ? undefined : `sip:${value}`);

/** Something that keeps a profile from working (the console shows it and the phone skips the profile). */
export interface ProfileProblem {
  readonly key: string;
  readonly reason: string;
}

/**
 * Checks what a profile needs to make and take calls: a user name and a domain
 * (Twinkle's profile editor refuses to save without them). Without a registrar
 * the profile still works for direct calls.
 */
export const validateProfile = (profile: Profile): ProfileProblem[] => {
  const problems: ProfileProblem[] = [];
  if (profile.userName === '') problems.push({ key: 'user_name', reason: 'no user name' });
  if (profile.userDomain === '') problems.push({ key: 'user_domain', reason: 'no domain' });
  return problems;
};
